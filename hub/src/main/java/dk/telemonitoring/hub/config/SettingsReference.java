package dk.telemonitoring.hub.config;

/**
 * The configuration reference as a Markdown table: printed by the CLI and checked against
 * docs/configuration.md by a test.
 */
public final class SettingsReference {

  private SettingsReference() {}

  public static String markdown() {
    StringBuilder out =
        new StringBuilder(
            "| environment variable | system property | default | meaning |\n|---|---|---|---|\n");
    for (Setting s : Setting.all()) {
      out.append("| `")
          .append(s.envName())
          .append("` | `")
          .append(s.key())
          .append("` | ")
          .append(s.defaultValue().isEmpty() ? "(empty)" : "`" + s.defaultValue() + "`")
          .append(" | ")
          .append(s.description())
          .append(" |\n");
    }
    return out.toString();
  }
}

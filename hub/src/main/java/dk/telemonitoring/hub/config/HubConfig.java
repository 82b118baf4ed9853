package dk.telemonitoring.hub.config;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * The hub's resolved configuration. Sources in order of precedence: explicit overrides (tests,
 * demo), system properties, environment variables, a file named by the variable's {@code _FILE}
 * twin (Docker and Kubernetes secrets), defaults. A setting that cannot be read stops the start
 * with the variable's name: a hub that guessed would run with, say, receipts off.
 */
public final class HubConfig {

  private final Map<Setting, String> values;

  private HubConfig(Map<Setting, String> values) {
    this.values = values;
  }

  public static HubConfig fromEnvironment() {
    return resolve(Map.of(), System.getenv());
  }

  public static HubConfig resolve(Map<Setting, String> overrides, Map<String, String> env) {
    Map<Setting, String> values = new EnumMap<>(Setting.class);
    for (Setting s : Setting.values()) {
      String v = overrides.get(s);
      if (v == null) {
        v = System.getProperty(s.key());
      }
      if (v == null) {
        v = fromEnvironment(s, env);
      }
      values.put(s, v == null ? s.defaultValue() : v);
    }
    HubConfig config = new HubConfig(values);
    for (Setting s : Setting.values()) {
      if (isBoolean(s.defaultValue())) {
        config.getBoolean(s);
      }
    }
    return config;
  }

  private static String fromEnvironment(Setting s, Map<String, String> env) {
    String direct = env.get(s.envName());
    String file = env.get(s.envName() + "_FILE");
    if (file == null || file.isBlank()) {
      return direct;
    }
    if (direct != null) {
      throw new IllegalArgumentException(
          "set " + s.envName() + " or " + s.envName() + "_FILE, not both");
    }
    try {
      // Secret files usually end in a newline the secret does not contain.
      return Files.readString(Path.of(file.trim()), StandardCharsets.UTF_8)
          .replaceFirst("\\R+\\z", "");
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(
          s.envName() + "_FILE names a file the hub cannot read: " + file.trim(), e);
    }
  }

  private static boolean isBoolean(String text) {
    return "true".equals(text) || "false".equals(text);
  }

  /** A copy with some settings replaced. */
  public HubConfig with(Map<Setting, String> overrides) {
    Map<Setting, String> copy = new EnumMap<>(values);
    copy.putAll(overrides);
    return new HubConfig(copy);
  }

  public String get(Setting s) {
    return values.get(s);
  }

  public int getInt(Setting s) {
    try {
      return Integer.parseInt(get(s).trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "setting " + s.envName() + " must be a whole number, not '" + get(s) + "'", e);
    }
  }

  /** true, yes, on or 1; false, no, off or 0 (any case); anything else is refused. */
  public boolean getBoolean(Setting s) {
    switch (get(s).trim().toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on", "1":
        return true;
      case "false", "no", "off", "0":
        return false;
      default:
        throw new IllegalArgumentException(
            "setting "
                + s.envName()
                + " must be true or false (yes/no, on/off, 1/0), not '"
                + get(s)
                + "'");
    }
  }

  public URI mqttUri() {
    return URI.create(get(Setting.MQTT_URL));
  }

  public DbUrl db() {
    return DbUrl.parse(get(Setting.DB_URL), get(Setting.DB_USER), get(Setting.DB_PASSWORD));
  }

  /** The read replica, when one is configured. */
  public java.util.Optional<DbUrl> readReplica() {
    String url = get(Setting.DB_READ_URL);
    return url.isBlank()
        ? java.util.Optional.empty()
        : java.util.Optional.of(DbUrl.parse(url, get(Setting.DB_USER), get(Setting.DB_PASSWORD)));
  }
}

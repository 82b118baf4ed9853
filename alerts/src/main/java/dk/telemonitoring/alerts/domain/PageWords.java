package dk.telemonitoring.alerts.domain;

/**
 * Levels and roles as a page names them, in Danish (the clinic's language) and English; never the
 * enum codes.
 */
public final class PageWords {
  private PageWords() {}

  public static String da(Level level) {
    return switch (level) {
      case GREEN -> "GRØN";
      case YELLOW -> "GUL";
      case RED -> "RØD";
      case CRITICAL -> "KRITISK";
    };
  }

  public static String en(Level level) {
    return level.name();
  }

  /**
   * The role the recipient is paged as; a role without words (a person named in a policy) as it is.
   */
  public static String roleDa(String role) {
    return switch (role == null ? "" : role) {
      case "ONCALL_DOCTOR" -> "vagthavende læge";
      case "BACKUP_DOCTOR" -> "bagvagt";
      case "NURSE_ON_DUTY" -> "sygeplejerske i vagt";
      default -> role;
    };
  }

  public static String roleEn(String role) {
    return switch (role == null ? "" : role) {
      case "ONCALL_DOCTOR" -> "on-call doctor";
      case "BACKUP_DOCTOR" -> "backup doctor";
      case "NURSE_ON_DUTY" -> "nurse on duty";
      default -> role;
    };
  }
}

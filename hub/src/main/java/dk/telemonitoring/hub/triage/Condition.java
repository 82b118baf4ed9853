package dk.telemonitoring.hub.triage;

/**
 * The programme's target groups, as stored in {@code patients.condition}
 * (docs/clinical-reference.md#patients-and-programmes).
 */
public enum Condition {
  COPD,
  FIBROSIS,
  AATD,
  HEART_FAILURE;

  public static Condition parse(String s) {
    return valueOf(s.trim().toUpperCase(java.util.Locale.ROOT));
  }
}

package dk.telemonitoring.sim.patient;

/**
 * The programme a simulated patient is enrolled in; decides the physiology, devices and episode
 * kind.
 */
public enum Condition {
  COPD("copd", EpisodeKind.COPD_EXACERBATION),
  FIBROSIS("fibrosis", EpisodeKind.FIBROSIS_DECLINE),
  HEART_FAILURE("heart_failure", EpisodeKind.HF_DECOMPENSATION);

  private final String code;
  private final EpisodeKind episodeKind;

  Condition(String code, EpisodeKind episodeKind) {
    this.code = code;
    this.episodeKind = episodeKind;
  }

  public String code() {
    return code;
  }

  /** The deterioration this condition is monitored for. */
  public EpisodeKind episodeKind() {
    return episodeKind;
  }

  public static Condition fromCode(String code) {
    for (Condition c : values()) {
      if (c.code.equalsIgnoreCase(code) || c.name().equalsIgnoreCase(code)) {
        return c;
      }
    }
    throw new IllegalArgumentException(
        "unknown condition: " + code + " (copd, fibrosis, heart_failure)");
  }
}

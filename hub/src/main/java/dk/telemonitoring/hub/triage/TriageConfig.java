package dk.telemonitoring.hub.triage;

import java.time.Duration;

/**
 * Which parts of the engine run. {@link #full()} is the hub's default; {@link #fixedLimitsOnly()}
 * is the comparison arm of the evaluation: population limits (NEWS2 chart mapping and group
 * defaults), no personal limits, no baselines, no trends, no repeat-before-alert.
 *
 * @param personalLimits use the patient's own authored limits (else group defaults and the NEWS2
 *     chart mapping)
 * @param repeatBeforeAlert a non-critical abnormal single reading asks for a repeat and is alarmed
 *     on the confirmed value (docs/clinical-reference.md#repeat-before-alert)
 */
public record TriageConfig(
    Duration observationWindow,
    boolean personalLimits,
    boolean baselines,
    boolean trends,
    boolean repeatBeforeAlert,
    Duration repeatWindow) {

  public static TriageConfig full() {
    return new TriageConfig(
        ObservationSet.DEFAULT_WINDOW, true, true, true, true, Duration.ofMinutes(20));
  }

  public static TriageConfig fixedLimitsOnly() {
    return new TriageConfig(
        ObservationSet.DEFAULT_WINDOW, false, false, false, false, Duration.ofMinutes(20));
  }
}

package dk.telemonitoring.hub.triage;

import dk.telemonitoring.hub.reading.Reading;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The ingest's screen for the critical lane: could this value be CRITICAL for a patient without a
 * stricter limit of their own? Wider than any one patient's judgement (the widest CRITICAL
 * threshold of the floors and of every group's defaults, which apply to a patient not yet enrolled
 * in triage and in the fixed-limits arm), so that it never misses; a patient's own CRITICAL limits
 * are screened in SQL in the same statement, and the lane's {@code CriticalJudgement} decides.
 */
public final class CriticalScreen {

  private static final Map<String, CriticalFloors.Floor> WIDEST = widest();

  private CriticalScreen() {}

  /** The value is at or beyond the widest CRITICAL threshold for its code. */
  public static boolean mayBeCritical(String code, double value) {
    CriticalFloors.Floor f = WIDEST.get(code);
    return f != null
        && (f.low() != null && value <= f.low() || f.high() != null && value >= f.high());
  }

  /**
   * Whether a reading with these flags is judged by the lane at all: a usable spot check. Samples
   * of a continuous recording alarm only after a held run ({@link Hysteresis}), which full triage
   * judges.
   */
  public static boolean screened(Set<String> flags) {
    return !flags.contains(Reading.FLAG_CONTINUOUS) && !flags.contains(Reading.FLAG_POOR_QUALITY);
  }

  private static Map<String, CriticalFloors.Floor> widest() {
    Map<String, CriticalFloors.Floor> out = new HashMap<>();
    for (String code : new String[] {"spo2", "pulse", "resp_rate", "bp_systolic", "temperature"}) {
      CriticalFloors.of(code).ifPresent(f -> out.put(code, f));
    }
    for (Condition condition : Condition.values()) {
      for (PatientLimit l : GroupDefaults.forCondition(condition, Instant.EPOCH)) {
        CriticalFloors.Floor f = out.get(l.code());
        out.put(
            l.code(),
            new CriticalFloors.Floor(
                wider(f == null ? null : f.low(), l.criticalLow(), true),
                wider(f == null ? null : f.high(), l.criticalHigh(), false)));
      }
    }
    return Map.copyOf(out);
  }

  private static Double wider(Double a, Double b, boolean low) {
    if (a == null) return b;
    if (b == null) return a;
    return low ? Math.max(a, b) : Math.min(a, b);
  }
}

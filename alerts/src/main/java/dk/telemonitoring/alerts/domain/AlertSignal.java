package dk.telemonitoring.alerts.domain;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * What the hub's triage hands to the alerts module: "this patient, this rule, this level, this
 * explanation". It becomes (or updates) the rule's finding in the patient's one open alert.
 *
 * @param explanation one sentence a nurse can read, e.g. "SpO2 87% is 3 points below the patient's
 *     baseline of 90%"
 * @param explanationDa the same sentence in Danish, or null
 * @param readingRef the hub's reference of the reading (or observation set) that caused it, for
 *     drill-down
 * @param inputs the values the rule judged, shown with the finding (numbers, text, flags; others as
 *     text)
 */
public record AlertSignal(
    String clinicId,
    UUID patientId,
    String ruleId,
    Level level,
    String explanation,
    String explanationDa,
    Instant measuredAt,
    String readingRef,
    Map<String, Object> inputs) {

  /** A signal without the rule's inputs. */
  public AlertSignal(
      String clinicId,
      UUID patientId,
      String ruleId,
      Level level,
      String explanation,
      String explanationDa,
      Instant measuredAt,
      String readingRef) {
    this(
        clinicId,
        patientId,
        ruleId,
        level,
        explanation,
        explanationDa,
        measuredAt,
        readingRef,
        Map.of());
  }

  /** A signal worded in English only. */
  public AlertSignal(
      String clinicId,
      UUID patientId,
      String ruleId,
      Level level,
      String explanation,
      Instant measuredAt,
      String readingRef) {
    this(clinicId, patientId, ruleId, level, explanation, null, measuredAt, readingRef);
  }

  public AlertSignal {
    Objects.requireNonNull(clinicId, "clinicId");
    Objects.requireNonNull(patientId, "patientId");
    Objects.requireNonNull(ruleId, "ruleId");
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(measuredAt, "measuredAt");
    inputs = inputs == null ? Map.of() : inputs;
  }
}

package dk.telemonitoring.hub.triage;

import dk.telemonitoring.alerts.domain.Level;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The triage of one message: its level is the highest of its parameter, aggregate and
 * baseline/trend findings (docs/clinical-reference.md#levels).
 *
 * @param passive measured during a passive interval (patient admitted): stored, not alarmed
 * @param repeatRequested a non-critical abnormal single reading: ask the patient to repeat after
 *     5-10 min of rest; the alert waits for the confirmed value (or for the repeat window to pass)
 * @param confirmation this message repeats a recent measurement of the same kind: triaged as the
 *     confirmed value
 */
public record TriageOutcome(
    Instant measuredAt,
    Level level,
    List<Finding> findings,
    boolean passive,
    boolean repeatRequested,
    boolean confirmation,
    boolean implausible) {

  public TriageOutcome {
    findings = List.copyOf(findings);
  }

  /** The finding that set the level (the first at the top level). */
  public Optional<Finding> decisive() {
    return findings.stream().filter(f -> f.level() == level).findFirst();
  }

  /** Abnormal findings, worst first. */
  public List<Finding> abnormal() {
    return findings.stream()
        .filter(f -> f.level().abnormal())
        .sorted(Comparator.comparing(Finding::level).reversed())
        .toList();
  }

  /**
   * Without the repeat request when every abnormal finding's rule already has an open alert at that
   * level or above: a repeat could then open or raise nothing, the nurse is already on it, and
   * asking would only burden the patient (an exacerbation would otherwise ask for a repeat of every
   * reading).
   */
  public TriageOutcome withoutPointlessRepeat(Map<String, RuleState> states) {
    if (!repeatRequested) {
      return this;
    }
    boolean alreadyAlerted =
        findings.stream()
            .filter(f -> f.level().abnormal())
            .allMatch(
                f -> {
                  RuleState s = states.get(f.ruleId());
                  return s != null && s.open() && s.level().compareTo(f.level()) >= 0;
                });
    return alreadyAlerted
        ? new TriageOutcome(measuredAt, level, findings, passive, false, confirmation, implausible)
        : this;
  }

  /** Whether this outcome should reach the alerts module now. */
  public boolean alarmsNow() {
    return !passive && !repeatRequested && level.abnormal();
  }

  /** "pNEWS2 4 (3/7)" if NEWS2 was scored. */
  public Optional<String> news2Label() {
    return findings.stream()
        .filter(f -> f.ruleId().equals("news2.aggregate"))
        .map(f -> String.valueOf(f.inputs().get("label")))
        .findFirst();
  }
}

package dk.telemonitoring.alerts.domain;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How one clinic escalates alerts of one level while nobody acknowledges them, and reminds while
 * nobody resolves them.
 *
 * @param steps fired in order while the alert is unacknowledged; empty: no paging at all (GREEN)
 * @param repeatEvery after the last step, repeat it at this interval until acknowledged; null: fire
 *     once
 * @param responseDeadline how long the clinic has to respond (docs/clinical-reference.md#levels);
 *     orders the queue
 * @param acknowledgedReminder paged when acknowledged but not resolved within its delay, repeated
 *     at that interval until resolved; null: no reminders
 */
public record EscalationPolicy(
    Level level,
    List<EscalationStep> steps,
    Duration repeatEvery,
    Duration responseDeadline,
    EscalationStep acknowledgedReminder) {

  public EscalationPolicy {
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(responseDeadline, "responseDeadline");
    steps = List.copyOf(steps);
    if (repeatEvery != null && (repeatEvery.isZero() || repeatEvery.isNegative())) {
      throw new IllegalArgumentException("repeatEvery must be positive");
    }
    if (acknowledgedReminder != null && acknowledgedReminder.delay().isZero()) {
      throw new IllegalArgumentException("the acknowledged reminder needs a positive delay");
    }
  }
}

package dk.telemonitoring.alerts.domain;

import java.time.Duration;
import java.util.Optional;

/**
 * Walks an {@link EscalationPolicy}: which step fires at a timer position and where the timer goes
 * next. Plain logic; the engine stores the position in the database between firings.
 */
public final class EscalationPlan {

  /**
   * Where a timer stands: phase, step index, and how often the current step has already been
   * repeated.
   */
  public record Position(EscalationPhase phase, int stepIndex, int repeat) {
    public static Position start(EscalationPhase phase) {
      return new Position(phase, 0, 0);
    }

    /** Unique within one arming of the timer; part of the notifications' de-duplication key. */
    public String key() {
      return phase.name().charAt(0) + ":" + stepIndex + ":" + repeat;
    }
  }

  /** What fires now, and the next position with its delay (empty: the timer is done). */
  public record Firing(EscalationStep step, Optional<Next> next) {}

  public record Next(Position position, Duration delay) {}

  private EscalationPlan() {}

  /** Delay from arming the timer to its first firing, or empty when the phase has nothing to do. */
  public static Optional<Duration> firstDelay(EscalationPolicy policy, EscalationPhase phase) {
    if (phase == EscalationPhase.UNACKNOWLEDGED) {
      return policy.steps().isEmpty()
          ? Optional.empty()
          : Optional.of(policy.steps().get(0).delay());
    }
    return Optional.ofNullable(policy.acknowledgedReminder()).map(EscalationStep::delay);
  }

  /**
   * The step at {@code pos} and what follows it; empty when the position is past the policy (policy
   * changed).
   */
  public static Optional<Firing> fire(EscalationPolicy policy, Position pos) {
    if (pos.phase() == EscalationPhase.ACKNOWLEDGED) {
      EscalationStep reminder = policy.acknowledgedReminder();
      if (reminder == null) {
        return Optional.empty();
      }
      Position next = new Position(EscalationPhase.ACKNOWLEDGED, 0, pos.repeat() + 1);
      return Optional.of(new Firing(reminder, Optional.of(new Next(next, reminder.delay()))));
    }
    if (policy.steps().isEmpty()) {
      return Optional.empty();
    }
    int index = Math.min(pos.stepIndex(), policy.steps().size() - 1);
    EscalationStep step = policy.steps().get(index);
    Optional<Next> next;
    if (index + 1 < policy.steps().size()) {
      EscalationStep following = policy.steps().get(index + 1);
      next =
          Optional.of(
              new Next(
                  new Position(EscalationPhase.UNACKNOWLEDGED, index + 1, 0), following.delay()));
    } else if (policy.repeatEvery() != null) {
      next =
          Optional.of(
              new Next(
                  new Position(EscalationPhase.UNACKNOWLEDGED, index, pos.repeat() + 1),
                  policy.repeatEvery()));
    } else {
      next = Optional.empty();
    }
    return Optional.of(new Firing(step, next));
  }
}

package dk.telemonitoring.hub.triage;

import dk.telemonitoring.alerts.domain.Level;
import java.time.Instant;

/**
 * One patient's state for one rule's alert: at most one open alert per patient and rule
 * (docs/clinical-reference.md#hysteresis: "One open alert per patient and rule; a worse reading
 * raises it at once").
 *
 * @param level the open alert's level, GREEN when none is open
 * @param lowerStreak consecutive readings below the open level
 * @param lowerLevel the highest level among those lower readings (what a de-escalation goes to)
 * @param lastAt measurement time of the newest reading that counted for this rule
 * @param raiseStreak consecutive continuous samples above the open level ({@link
 *     Hysteresis#CONTINUOUS_RAISE_AFTER})
 * @param raiseLevel the lowest level among those samples (what they open or raise to once held long
 *     enough)
 */
public record RuleState(
    String ruleId,
    Level level,
    int lowerStreak,
    Level lowerLevel,
    Instant openedAt,
    Instant lastAt,
    int raiseStreak,
    Level raiseLevel) {

  /** No run of continuous samples above the level under way. */
  public RuleState(
      String ruleId,
      Level level,
      int lowerStreak,
      Level lowerLevel,
      Instant openedAt,
      Instant lastAt) {
    this(ruleId, level, lowerStreak, lowerLevel, openedAt, lastAt, 0, Level.GREEN);
  }

  public static RuleState none(String ruleId) {
    return new RuleState(ruleId, Level.GREEN, 0, Level.GREEN, null, null);
  }

  /**
   * No episode open, no run under way; the newest reading's time is kept ({@link Hysteresis} judges
   * lateness by it).
   */
  public static RuleState afresh(RuleState s) {
    return new RuleState(s.ruleId(), Level.GREEN, 0, Level.GREEN, null, s.lastAt());
  }

  public boolean open() {
    return level.abnormal();
  }
}

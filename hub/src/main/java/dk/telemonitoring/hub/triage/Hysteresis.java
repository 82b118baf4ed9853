package dk.telemonitoring.hub.triage;

import java.time.Instant;

/**
 * Opening, raising, lowering and clearing one rule's alert. A worse reading raises the level at once; lowering or
 * clearing needs {@link #CLEAR_AFTER} consecutive readings below the open level (judgement), so one good value in
 * an exacerbation does not close the alert. A late reading (measured before the newest reading already counted)
 * may raise an alert but never lowers or clears one: it fills its gap and does not override what is newer.
 */
public final class Hysteresis {

  public static final int CLEAR_AFTER = 2;

  public enum Action { NONE, OPEN, RAISE, LOWER, CLEAR }

  public record Step(Action action, RuleState state) {}

  private Hysteresis() {}

  public static Step step(RuleState s, Level level, Instant measuredAt) {
    boolean late = s.lastAt() != null && measuredAt.isBefore(s.lastAt());
    Instant lastAt = late ? s.lastAt() : measuredAt;
    if (level.compareTo(s.level()) > 0) {
      Action a = s.open() ? Action.RAISE : Action.OPEN;
      Instant opened = s.open() ? s.openedAt() : measuredAt;
      return new Step(a, new RuleState(s.ruleId(), level, 0, Level.GREEN, opened, lastAt));
    }
    if (!s.open()) {
      return new Step(Action.NONE, new RuleState(s.ruleId(), Level.GREEN, 0, Level.GREEN, null, lastAt));
    }
    if (late) {
      return new Step(Action.NONE, s);
    }
    if (level == s.level()) {
      return new Step(Action.NONE, new RuleState(s.ruleId(), s.level(), 0, Level.GREEN, s.openedAt(), lastAt));
    }
    int streak = s.lowerStreak() + 1;
    Level lower = streak == 1 ? level : Level.max(s.lowerLevel(), level);
    if (streak < CLEAR_AFTER) {
      return new Step(Action.NONE, new RuleState(s.ruleId(), s.level(), streak, lower, s.openedAt(), lastAt));
    }
    if (lower == Level.GREEN) {
      return new Step(Action.CLEAR, new RuleState(s.ruleId(), Level.GREEN, 0, Level.GREEN, null, lastAt));
    }
    return new Step(Action.LOWER, new RuleState(s.ruleId(), lower, 0, Level.GREEN, s.openedAt(), lastAt));
  }
}

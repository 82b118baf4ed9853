package dk.telemonitoring.hub.triage;

import dk.telemonitoring.alerts.domain.Level;
import java.time.Instant;

/**
 * Opening, raising, lowering and clearing one rule's alert. A worse reading raises the level at
 * once; lowering or clearing needs {@link #CLEAR_AFTER} consecutive readings below the open level
 * (judgement), so one good value in an exacerbation does not close the alert. A late reading
 * (measured before the newest reading already counted) may raise an alert but never lowers or
 * clears one: it fills its gap and does not override what is newer.
 *
 * <p>Samples of a continuous recording ({@link Observation#continuous}, a wearable at 1 Hz) are
 * counted in time, as bedside monitors do: a worse level opens or raises only when {@link
 * #CONTINUOUS_RAISE_AFTER} samples in a row hold it (at the lowest level among them), so one motion
 * artefact does not page the on-call doctor at night; and it lowers or clears only after {@link
 * #CONTINUOUS_CLEAR_AFTER} samples in a row below it, so a saturation hovering at a limit holds one
 * alert instead of opening a new one every few seconds. A night's samples uploaded late count the
 * same way: a late run may open or raise, but never lower or clear.
 */
public final class Hysteresis {

  public static final int CLEAR_AFTER = 2;

  /**
   * 15 s at 1 Hz: the SpO2 alarm delay bedside oximeters commonly default to (judgement, 10-15 s).
   */
  public static final int CONTINUOUS_RAISE_AFTER = 15;

  /** 5 min at 1 Hz (judgement). */
  public static final int CONTINUOUS_CLEAR_AFTER = 300;

  public enum Action {
    NONE,
    OPEN,
    RAISE,
    LOWER,
    CLEAR
  }

  public record Step(Action action, RuleState state) {}

  private Hysteresis() {}

  /** A spot check. */
  public static Step step(RuleState s, Level level, Instant measuredAt) {
    return step(s, level, measuredAt, false);
  }

  public static Step step(RuleState s, Level level, Instant measuredAt, boolean continuous) {
    boolean late = s.lastAt() != null && measuredAt.isBefore(s.lastAt());
    Instant lastAt = late ? s.lastAt() : measuredAt;
    if (level.compareTo(s.level()) > 0) {
      if (continuous) {
        int run = s.raiseStreak() + 1;
        Level held = run == 1 || level.compareTo(s.raiseLevel()) < 0 ? level : s.raiseLevel();
        if (run < CONTINUOUS_RAISE_AFTER) {
          return new Step(
              Action.NONE,
              new RuleState(
                  s.ruleId(), s.level(), 0, Level.GREEN, s.openedAt(), lastAt, run, held));
        }
        level = held;
      }
      Action a = s.open() ? Action.RAISE : Action.OPEN;
      Instant opened = s.open() ? s.openedAt() : measuredAt;
      return new Step(a, new RuleState(s.ruleId(), level, 0, Level.GREEN, opened, lastAt));
    }
    if (!s.open()) {
      return new Step(
          Action.NONE, new RuleState(s.ruleId(), Level.GREEN, 0, Level.GREEN, null, lastAt));
    }
    if (late) {
      // Not newer than what counted, so it leaves the alert as it is; but it does break a run above
      // the level.
      return new Step(
          Action.NONE,
          new RuleState(
              s.ruleId(), s.level(), s.lowerStreak(), s.lowerLevel(), s.openedAt(), s.lastAt()));
    }
    if (level == s.level()) {
      return new Step(
          Action.NONE, new RuleState(s.ruleId(), s.level(), 0, Level.GREEN, s.openedAt(), lastAt));
    }
    int streak = s.lowerStreak() + 1;
    Level lower = streak == 1 ? level : Level.max(s.lowerLevel(), level);
    if (streak < (continuous ? CONTINUOUS_CLEAR_AFTER : CLEAR_AFTER)) {
      return new Step(
          Action.NONE, new RuleState(s.ruleId(), s.level(), streak, lower, s.openedAt(), lastAt));
    }
    if (lower == Level.GREEN) {
      return new Step(
          Action.CLEAR, new RuleState(s.ruleId(), Level.GREEN, 0, Level.GREEN, null, lastAt));
    }
    return new Step(
        Action.LOWER, new RuleState(s.ruleId(), lower, 0, Level.GREEN, s.openedAt(), lastAt));
  }
}

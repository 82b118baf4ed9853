package dk.telemonitoring.alerts.domain;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * The legal transitions of an alert, as one table. Guards that depend on more than the state
 * (snoozing a CRITICAL alert, discharging something that was not an admission) live in {@link
 * #checkSnooze} and {@link #checkDischarge}.
 *
 * <pre>
 * from \ action   RAISE        ACKNOWLEDGE   ESCALATE   REMIND        RESOLVE   CLEAR  REOPEN  NOTE  SNOOZE  DISCHARGE  ADVISE
 * OPEN            OPEN         ACKNOWLEDGED  ESCALATED  -             RESOLVED  OPEN   -       OPEN  OPEN    -          same
 * ACKNOWLEDGED    OPEN (*)     -             ESCALATED  ACKNOWLEDGED  RESOLVED  same   -       same  same    -          same
 * ESCALATED       ESCALATED    ACKNOWLEDGED  ESCALATED  -             RESOLVED  same   -       same  -       -          same
 * RESOLVED        -            -             -          -             -         -      OPEN    same  -       RESOLVED   -
 * </pre>
 *
 * (*) a worse reading on an acknowledged alert hands it back to the queue: someone must acknowledge
 * the new level.
 */
public final class AlertStateMachine {

  private static final Map<AlertState, Map<AlertAction, AlertState>> TABLE =
      new EnumMap<>(AlertState.class);

  static {
    Map<AlertAction, AlertState> open = new EnumMap<>(AlertAction.class);
    open.put(AlertAction.RAISE, AlertState.OPEN);
    open.put(AlertAction.ACKNOWLEDGE, AlertState.ACKNOWLEDGED);
    open.put(AlertAction.ESCALATE, AlertState.ESCALATED);
    open.put(AlertAction.RESOLVE, AlertState.RESOLVED);
    open.put(AlertAction.CLEAR, AlertState.OPEN);
    open.put(AlertAction.NOTE, AlertState.OPEN);
    open.put(AlertAction.SNOOZE, AlertState.OPEN);
    open.put(AlertAction.ADVISE, AlertState.OPEN);

    Map<AlertAction, AlertState> acknowledged = new EnumMap<>(AlertAction.class);
    acknowledged.put(AlertAction.RAISE, AlertState.OPEN);
    acknowledged.put(AlertAction.ESCALATE, AlertState.ESCALATED);
    acknowledged.put(AlertAction.REMIND, AlertState.ACKNOWLEDGED);
    acknowledged.put(AlertAction.RESOLVE, AlertState.RESOLVED);
    acknowledged.put(AlertAction.CLEAR, AlertState.ACKNOWLEDGED);
    acknowledged.put(AlertAction.NOTE, AlertState.ACKNOWLEDGED);
    acknowledged.put(AlertAction.SNOOZE, AlertState.ACKNOWLEDGED);
    acknowledged.put(AlertAction.ADVISE, AlertState.ACKNOWLEDGED);

    Map<AlertAction, AlertState> escalated = new EnumMap<>(AlertAction.class);
    escalated.put(AlertAction.RAISE, AlertState.ESCALATED);
    escalated.put(AlertAction.ACKNOWLEDGE, AlertState.ACKNOWLEDGED);
    escalated.put(AlertAction.ESCALATE, AlertState.ESCALATED);
    escalated.put(AlertAction.RESOLVE, AlertState.RESOLVED);
    escalated.put(AlertAction.CLEAR, AlertState.ESCALATED);
    escalated.put(AlertAction.NOTE, AlertState.ESCALATED);
    escalated.put(AlertAction.ADVISE, AlertState.ESCALATED);

    Map<AlertAction, AlertState> resolved = new EnumMap<>(AlertAction.class);
    resolved.put(AlertAction.REOPEN, AlertState.OPEN);
    resolved.put(AlertAction.NOTE, AlertState.RESOLVED);
    resolved.put(AlertAction.DISCHARGE, AlertState.RESOLVED);

    TABLE.put(AlertState.OPEN, Collections.unmodifiableMap(open));
    TABLE.put(AlertState.ACKNOWLEDGED, Collections.unmodifiableMap(acknowledged));
    TABLE.put(AlertState.ESCALATED, Collections.unmodifiableMap(escalated));
    TABLE.put(AlertState.RESOLVED, Collections.unmodifiableMap(resolved));
  }

  private AlertStateMachine() {}

  /** The state after {@code action}, or empty when the table has no such transition. */
  public static Optional<AlertState> target(AlertState from, AlertAction action) {
    if (action == AlertAction.OPEN) {
      return Optional.empty(); // an existing alert is never opened again: RAISE or REOPEN it
    }
    return Optional.ofNullable(TABLE.get(from).get(action));
  }

  /**
   * The state after {@code action}; throws {@link IllegalTransitionException} when it is not
   * allowed.
   */
  public static AlertState next(AlertState from, AlertAction action) {
    return target(from, action)
        .orElseThrow(() -> new IllegalTransitionException(from, action, reason(from, action)));
  }

  public static boolean isLegal(AlertState from, AlertAction action) {
    return target(from, action).isPresent();
  }

  /**
   * Snoozing silences reminders, so it must not silence a page to a doctor: never for CRITICAL, and
   * a RED alert must be acknowledged (owned by a person) before it can be snoozed.
   */
  public static void checkSnooze(AlertState state, Level level) {
    next(state, AlertAction.SNOOZE);
    snoozeRefusal(state, level)
        .ifPresent(
            why -> {
              throw new IllegalTransitionException(state, AlertAction.SNOOZE, why);
            });
  }

  /** Whether {@link #checkSnooze} would allow it: what a screen asks before offering a snooze. */
  public static boolean canSnooze(AlertState state, Level level) {
    return isLegal(state, AlertAction.SNOOZE) && snoozeRefusal(state, level).isEmpty();
  }

  private static Optional<String> snoozeRefusal(AlertState state, Level level) {
    if (level == Level.CRITICAL) {
      return Optional.of("a critical alert cannot be snoozed");
    }
    if (level == Level.RED && state != AlertState.ACKNOWLEDGED) {
      return Optional.of("acknowledge a red alert before snoozing it");
    }
    return Optional.empty();
  }

  /** Only a resolved admission can be discharged, once. */
  public static void checkDischarge(
      AlertState state, CareOutcome outcome, boolean alreadyDischarged) {
    next(state, AlertAction.DISCHARGE);
    if (outcome == null || !outcome.isAdmission()) {
      throw new IllegalTransitionException(
          state,
          AlertAction.DISCHARGE,
          "only an alert resolved as an admission can be discharged (outcome: " + outcome + ")");
    }
    if (alreadyDischarged) {
      throw new IllegalTransitionException(
          state, AlertAction.DISCHARGE, "the admission is already discharged");
    }
  }

  private static String reason(AlertState from, AlertAction action) {
    if (action == AlertAction.OPEN) {
      return "an existing alert is raised or reopened, never opened again";
    }
    if (from == AlertState.RESOLVED) {
      return "it is resolved; reopen it first";
    }
    if (action == AlertAction.ACKNOWLEDGE && from == AlertState.ACKNOWLEDGED) {
      return "it is already acknowledged";
    }
    if (action == AlertAction.REOPEN) {
      return "it is not resolved";
    }
    return "allowed from " + from.name().toLowerCase() + ": " + TABLE.get(from).keySet();
  }
}

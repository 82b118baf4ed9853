package dk.telemonitoring.alerts.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AlertStateMachineTest {

  /**
   * Every (state, action) pair; "-" marks an illegal transition. Mirrors the table in
   * AlertStateMachine's javadoc.
   */
  @ParameterizedTest(name = "{0} + {1} -> {2}")
  @CsvSource({
    "OPEN, OPEN, -",
    "OPEN, RAISE, OPEN",
    "OPEN, ACKNOWLEDGE, ACKNOWLEDGED",
    "OPEN, ESCALATE, ESCALATED",
    "OPEN, REMIND, -",
    "OPEN, RESOLVE, RESOLVED",
    "OPEN, CLEAR, OPEN",
    "OPEN, REOPEN, -",
    "OPEN, NOTE, OPEN",
    "OPEN, SNOOZE, OPEN",
    "OPEN, ADVISE, OPEN",
    "OPEN, DISCHARGE, -",
    "ACKNOWLEDGED, OPEN, -",
    "ACKNOWLEDGED, RAISE, OPEN",
    "ACKNOWLEDGED, ACKNOWLEDGE, -",
    "ACKNOWLEDGED, ESCALATE, ESCALATED",
    "ACKNOWLEDGED, REMIND, ACKNOWLEDGED",
    "ACKNOWLEDGED, RESOLVE, RESOLVED",
    "ACKNOWLEDGED, CLEAR, ACKNOWLEDGED",
    "ACKNOWLEDGED, REOPEN, -",
    "ACKNOWLEDGED, NOTE, ACKNOWLEDGED",
    "ACKNOWLEDGED, SNOOZE, ACKNOWLEDGED",
    "ACKNOWLEDGED, ADVISE, ACKNOWLEDGED",
    "ACKNOWLEDGED, DISCHARGE, -",
    "ESCALATED, OPEN, -",
    "ESCALATED, RAISE, ESCALATED",
    "ESCALATED, ACKNOWLEDGE, ACKNOWLEDGED",
    "ESCALATED, ESCALATE, ESCALATED",
    "ESCALATED, REMIND, -",
    "ESCALATED, RESOLVE, RESOLVED",
    "ESCALATED, CLEAR, ESCALATED",
    "ESCALATED, REOPEN, -",
    "ESCALATED, NOTE, ESCALATED",
    "ESCALATED, SNOOZE, -",
    "ESCALATED, ADVISE, ESCALATED",
    "ESCALATED, DISCHARGE, -",
    "RESOLVED, OPEN, -",
    "RESOLVED, RAISE, -",
    "RESOLVED, ACKNOWLEDGE, -",
    "RESOLVED, ESCALATE, -",
    "RESOLVED, REMIND, -",
    "RESOLVED, RESOLVE, -",
    "RESOLVED, CLEAR, -",
    "RESOLVED, REOPEN, OPEN",
    "RESOLVED, NOTE, RESOLVED",
    "RESOLVED, SNOOZE, -",
    "RESOLVED, ADVISE, -",
    "RESOLVED, DISCHARGE, RESOLVED",
  })
  void transitionTableAllowsExactlyTheListedTransitions(
      AlertState from, AlertAction action, String expected) {
    if ("-".equals(expected)) {
      assertThat(AlertStateMachine.isLegal(from, action)).isFalse();
      assertThatThrownBy(() -> AlertStateMachine.next(from, action))
          .isInstanceOf(IllegalTransitionException.class)
          .hasMessageContaining("cannot " + action.name().toLowerCase());
    } else {
      assertThat(AlertStateMachine.next(from, action)).isEqualTo(AlertState.valueOf(expected));
    }
  }

  @Test
  void tableCoversEveryStateAndAction() {
    // 4 states x 12 actions = 48 rows above; fails when an action is added without deciding its
    // transitions.
    assertThat(AlertState.values().length * AlertAction.values().length).isEqualTo(48);
  }

  @Test
  void acknowledgingTwiceSaysItIsAlreadyAcknowledged() {
    assertThatThrownBy(
            () -> AlertStateMachine.next(AlertState.ACKNOWLEDGED, AlertAction.ACKNOWLEDGE))
        .hasMessageContaining("already acknowledged");
  }

  @Test
  void criticalAlertCannotBeSnoozed() {
    assertThatThrownBy(() -> AlertStateMachine.checkSnooze(AlertState.OPEN, Level.CRITICAL))
        .isInstanceOf(IllegalTransitionException.class)
        .hasMessageContaining("critical");
  }

  @Test
  void redAlertMustBeAcknowledgedBeforeSnooze() {
    assertThatThrownBy(() -> AlertStateMachine.checkSnooze(AlertState.OPEN, Level.RED))
        .isInstanceOf(IllegalTransitionException.class);
    AlertStateMachine.checkSnooze(AlertState.ACKNOWLEDGED, Level.RED);
    AlertStateMachine.checkSnooze(AlertState.OPEN, Level.YELLOW);
  }

  /** The board offers a snooze exactly when the alerts module would take it. */
  @Test
  void canSnoozeAnswersAsCheckSnoozeDecides() {
    for (AlertState state : AlertState.values()) {
      for (Level level : Level.values()) {
        boolean taken;
        try {
          AlertStateMachine.checkSnooze(state, level);
          taken = true;
        } catch (IllegalTransitionException refused) {
          taken = false;
        }
        assertThat(AlertStateMachine.canSnooze(state, level))
            .as(state + " " + level)
            .isEqualTo(taken);
      }
    }
    assertThat(AlertStateMachine.canSnooze(AlertState.OPEN, Level.YELLOW)).isTrue();
    assertThat(AlertStateMachine.canSnooze(AlertState.ACKNOWLEDGED, Level.RED)).isTrue();
    assertThat(AlertStateMachine.canSnooze(AlertState.OPEN, Level.RED)).isFalse();
    assertThat(AlertStateMachine.canSnooze(AlertState.ACKNOWLEDGED, Level.CRITICAL)).isFalse();
    assertThat(AlertStateMachine.canSnooze(AlertState.ESCALATED, Level.YELLOW)).isFalse();
  }

  @Test
  void onlyResolvedAdmissionsCanBeDischargedOnce() {
    AlertStateMachine.checkDischarge(AlertState.RESOLVED, CareOutcome.HOSPITAL_ADMISSION, false);
    assertThatThrownBy(
            () ->
                AlertStateMachine.checkDischarge(
                    AlertState.RESOLVED, CareOutcome.ADVICE_BY_PHONE, false))
        .isInstanceOf(IllegalTransitionException.class);
    assertThatThrownBy(
            () ->
                AlertStateMachine.checkDischarge(
                    AlertState.RESOLVED, CareOutcome.HOSPITAL_ADMISSION, true))
        .hasMessageContaining("already discharged");
    assertThatThrownBy(
            () ->
                AlertStateMachine.checkDischarge(
                    AlertState.ACKNOWLEDGED, CareOutcome.HOSPITAL_ADMISSION, false))
        .isInstanceOf(IllegalTransitionException.class);
  }

  @Test
  void levelsAreOrderedGreenYellowRedCritical() {
    assertThat(Level.CRITICAL.isWorseThan(Level.RED)).isTrue();
    assertThat(Level.RED.isWorseThan(Level.YELLOW)).isTrue();
    assertThat(Level.YELLOW.isWorseThan(Level.GREEN)).isTrue();
    assertThat(Level.max(Level.YELLOW, Level.RED)).isEqualTo(Level.RED);
  }
}

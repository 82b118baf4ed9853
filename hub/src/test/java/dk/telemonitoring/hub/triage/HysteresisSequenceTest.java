package dk.telemonitoring.hub.triage;

import static dk.telemonitoring.hub.triage.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.alerts.domain.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Mixed-level sequences of spot checks through {@link Hysteresis} (docs/clinical-reference.md:
 * "worsening raises its level; hysteresis before it clears"): a worse reading raises at once;
 * lowering or clearing needs two readings in a row below the open level, and goes to the highest of
 * them.
 */
class HysteresisSequenceTest {

  @ParameterizedTest(name = "{0} -> {1}, ends {2}")
  @CsvSource({
    // levels of readings an hour apart,   actions,                            open level at the end
    "RED YELLOW GREEN,                     OPEN NONE LOWER,                    YELLOW",
    "RED GREEN YELLOW,                     OPEN NONE LOWER,                    YELLOW",
    "RED GREEN GREEN,                      OPEN NONE CLEAR,                    GREEN",
    "RED YELLOW YELLOW,                    OPEN NONE LOWER,                    YELLOW",
    "RED YELLOW RED GREEN GREEN,           OPEN NONE NONE NONE CLEAR,          GREEN",
    "RED YELLOW RED GREEN,                 OPEN NONE NONE NONE,                RED",
    "RED YELLOW GREEN GREEN GREEN,         OPEN NONE LOWER NONE CLEAR,         GREEN",
    "RED YELLOW GREEN YELLOW GREEN,        OPEN NONE LOWER NONE NONE,          YELLOW",
    "YELLOW RED GREEN,                     OPEN RAISE NONE,                    RED",
    "YELLOW GREEN RED,                     OPEN NONE RAISE,                    RED",
    "YELLOW GREEN RED GREEN,               OPEN NONE RAISE NONE,               RED",
    "YELLOW GREEN YELLOW GREEN,            OPEN NONE NONE NONE,                YELLOW",
    "YELLOW YELLOW GREEN GREEN,            OPEN NONE NONE CLEAR,               GREEN",
    "GREEN RED YELLOW,                     NONE OPEN NONE,                     RED",
    "GREEN YELLOW RED,                     NONE OPEN RAISE,                    RED",
    "GREEN GREEN,                          NONE NONE,                          GREEN",
    "CRITICAL RED YELLOW,                  OPEN NONE LOWER,                    RED",
    "CRITICAL YELLOW RED,                  OPEN NONE LOWER,                    RED",
    "CRITICAL GREEN GREEN,                 OPEN NONE CLEAR,                    GREEN",
    "CRITICAL RED RED YELLOW YELLOW,       OPEN NONE LOWER NONE LOWER,         YELLOW",
    "YELLOW CRITICAL RED GREEN GREEN,      OPEN RAISE NONE LOWER NONE,         RED",
  })
  void spotChecksRaiseAtOnceAndLowerOrClearAfterTwoBelow(String levels, String actions, Level end) {
    RuleState s = RuleState.none("limit.spo2");
    List<Hysteresis.Action> seen = new ArrayList<>();
    Instant t = T0;
    for (String l : levels.split(" ")) {
      Hysteresis.Step step = Hysteresis.step(s, Level.valueOf(l), t);
      seen.add(step.action());
      s = step.state();
      assertThat(s.lastAt()).isEqualTo(t);
      t = t.plus(Duration.ofHours(1));
    }
    assertThat(seen).map(Enum::name).containsExactly(actions.split(" "));
    assertThat(s.level()).isEqualTo(end);
    assertThat(s.open()).isEqualTo(end.abnormal());
    assertThat(s.ruleId()).isEqualTo("limit.spo2");
  }

  @Test
  void theEpisodeKeepsTheTimeItOpenedThroughRaiseAndLowerAndForgetsItOnClear() {
    Instant t1 = T0.plus(Duration.ofHours(1));
    RuleState open = Hysteresis.step(RuleState.none("limit.pulse"), Level.YELLOW, T0).state();
    assertThat(open.openedAt()).isEqualTo(T0);
    RuleState raised = Hysteresis.step(open, Level.RED, t1).state();
    assertThat(raised.openedAt()).isEqualTo(T0);
    RuleState once = Hysteresis.step(raised, Level.YELLOW, t1.plusSeconds(60)).state();
    assertThat(once.openedAt()).isEqualTo(T0);
    assertThat(once.lowerStreak()).isEqualTo(1);
    assertThat(once.lowerLevel()).isEqualTo(Level.YELLOW);
    RuleState lowered = Hysteresis.step(once, Level.YELLOW, t1.plusSeconds(120)).state();
    assertThat(lowered)
        .isEqualTo(
            new RuleState("limit.pulse", Level.YELLOW, 0, Level.GREEN, T0, t1.plusSeconds(120)));
    RuleState same = Hysteresis.step(lowered, Level.YELLOW, t1.plusSeconds(180)).state();
    assertThat(same)
        .isEqualTo(
            new RuleState("limit.pulse", Level.YELLOW, 0, Level.GREEN, T0, t1.plusSeconds(180)));
    RuleState g1 = Hysteresis.step(same, Level.GREEN, t1.plusSeconds(240)).state();
    Hysteresis.Step cleared = Hysteresis.step(g1, Level.GREEN, t1.plusSeconds(300));
    assertThat(cleared.state())
        .isEqualTo(
            new RuleState("limit.pulse", Level.GREEN, 0, Level.GREEN, null, t1.plusSeconds(300)));
    Hysteresis.Step normal = Hysteresis.step(cleared.state(), Level.GREEN, t1.plusSeconds(360));
    assertThat(normal.state())
        .isEqualTo(
            new RuleState("limit.pulse", Level.GREEN, 0, Level.GREEN, null, t1.plusSeconds(360)));
  }

  @Test
  void aLateLowerReadingLeavesTheOpenAlertAndItsStreakAsTheyWere() {
    RuleState open = Hysteresis.step(RuleState.none("limit.spo2"), Level.RED, T0).state();
    RuleState once = Hysteresis.step(open, Level.YELLOW, T0.plusSeconds(600)).state();
    Hysteresis.Step late = Hysteresis.step(once, Level.GREEN, T0.plusSeconds(300));
    assertThat(late.action()).isEqualTo(Hysteresis.Action.NONE);
    assertThat(late.state()).isEqualTo(once);
    // the next newer lower reading completes the streak at the highest of the two counted (YELLOW)
    Hysteresis.Step lowered = Hysteresis.step(late.state(), Level.GREEN, T0.plusSeconds(900));
    assertThat(lowered.action()).isEqualTo(Hysteresis.Action.LOWER);
    assertThat(lowered.state().level()).isEqualTo(Level.YELLOW);
    // a reading at the very time of the newest one is not late
    Hysteresis.Step sameTime = Hysteresis.step(once, Level.GREEN, T0.plusSeconds(600));
    assertThat(sameTime.action()).isEqualTo(Hysteresis.Action.LOWER);
  }

  @ParameterizedTest(name = "{0} continuous samples at {1} after an open {2}: {3}")
  @CsvSource({
    "14, RED,      GREEN,  NONE",
    "15, RED,      GREEN,  OPEN",
    "14, RED,      YELLOW, NONE",
    "15, RED,      YELLOW, RAISE",
    "15, CRITICAL, RED,    RAISE",
  })
  void continuousSamplesRaiseOnlyWhenFifteenInARowHoldTheWorseLevel(
      int samples, Level level, Level openAt, Hysteresis.Action last) {
    RuleState s =
        openAt == Level.GREEN
            ? RuleState.none("limit.spo2")
            : Hysteresis.step(RuleState.none("limit.spo2"), openAt, T0.minusSeconds(60)).state();
    Hysteresis.Step step = null;
    for (int i = 0; i < samples; i++) {
      step = Hysteresis.step(s, level, T0.plusSeconds(i), true);
      s = step.state();
      if (i < samples - 1) assertThat(step.action()).isEqualTo(Hysteresis.Action.NONE);
    }
    assertThat(step.action()).isEqualTo(last);
    assertThat(s.level()).isEqualTo(last == Hysteresis.Action.NONE ? openAt : level);
    assertThat(s.raiseStreak()).isEqualTo(last == Hysteresis.Action.NONE ? samples : 0);
  }

  @ParameterizedTest(name = "a held run of {0} opens at {1}")
  @CsvSource({
    "CRITICAL RED YELLOW,   YELLOW",
    "YELLOW RED CRITICAL,   YELLOW",
    "RED CRITICAL CRITICAL, RED",
    "CRITICAL CRITICAL RED, RED",
  })
  void aHeldRunOpensAtTheLowestLevelItHeld(String firstThree, Level opens) {
    String[] levels = firstThree.split(" ");
    RuleState s = RuleState.none("limit.spo2");
    for (int i = 0; i < Hysteresis.CONTINUOUS_RAISE_AFTER; i++) {
      Level l = Level.valueOf(levels[Math.min(i, levels.length - 1)]);
      s = Hysteresis.step(s, l, T0.plusSeconds(i), true).state();
    }
    assertThat(s.level()).isEqualTo(opens);
    assertThat(s.openedAt()).isEqualTo(T0.plusSeconds(Hysteresis.CONTINUOUS_RAISE_AFTER - 1));
  }

  @Test
  void continuousSamplesClearOnlyAfterThreeHundredInARowBelow() {
    RuleState s = Hysteresis.step(RuleState.none("limit.spo2"), Level.YELLOW, T0).state();
    for (int i = 1; i < Hysteresis.CONTINUOUS_CLEAR_AFTER; i++) {
      Hysteresis.Step step = Hysteresis.step(s, Level.GREEN, T0.plusSeconds(i), true);
      assertThat(step.action()).isEqualTo(Hysteresis.Action.NONE);
      s = step.state();
    }
    assertThat(s.lowerStreak()).isEqualTo(Hysteresis.CONTINUOUS_CLEAR_AFTER - 1);
    assertThat(
            Hysteresis.step(s, Level.GREEN, T0.plusSeconds(Hysteresis.CONTINUOUS_CLEAR_AFTER), true)
                .action())
        .isEqualTo(Hysteresis.Action.CLEAR);
  }
}

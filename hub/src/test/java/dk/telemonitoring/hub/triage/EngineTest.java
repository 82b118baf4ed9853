package dk.telemonitoring.hub.triage;

import static dk.telemonitoring.hub.triage.Fixtures.T0;
import static dk.telemonitoring.hub.triage.Fixtures.obs;
import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.alerts.domain.Level;
import dk.telemonitoring.hub.reading.MeasurementType;
import dk.telemonitoring.hub.triage.engine.TriageEngine;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Combination, repeat-after-rest, passive intervals, event time and hysteresis. */
class EngineTest {

  private final TriageEngine full = new TriageEngine(TriageConfig.full());

  @Test
  void levelIsTheHighestOfParameterAggregateAndBaseline() {
    List<Observation> history = Fixtures.stableSpo2(96, 14);
    TriageOutcome out =
        full.evaluate(
            Fixtures.patient(Condition.COPD),
            List.of(obs(MeasurementType.SPO2, 93, T0).withOxygen(false)),
            history);
    // pNEWS2 2 -> YELLOW; limit GREEN; baseline drop of 3 -> RED
    assertThat(out.level()).isEqualTo(Level.RED);
    assertThat(out.decisive().orElseThrow().ruleId()).isEqualTo("baseline.spo2-drop");
    assertThat(out.findings())
        .extracting(Finding::ruleId)
        .contains("news2.aggregate", "limit.spo2", "baseline.spo2-drop");
  }

  @Test
  void nonCriticalAbnormalReadingAsksForARepeatAndWaitsForTheConfirmedValue() {
    PatientContext p = Fixtures.patient(Condition.COPD);
    TriageOutcome first =
        full.evaluate(p, List.of(obs(MeasurementType.SPO2, 95, T0).withOxygen(false)), List.of());
    assertThat(first.level()).isEqualTo(Level.YELLOW);
    assertThat(first.repeatRequested()).isTrue();
    assertThat(first.alarmsNow()).isFalse();
    TriageOutcome repeat =
        full.evaluate(
            p,
            List.of(
                obs(MeasurementType.SPO2, 95, T0.plus(Duration.ofMinutes(8))).withOxygen(false)),
            List.of(obs(MeasurementType.SPO2, 95, T0).withOxygen(false)));
    assertThat(repeat.confirmation()).isTrue();
    assertThat(repeat.repeatRequested()).isFalse();
    assertThat(repeat.alarmsNow()).isTrue();
  }

  @Test
  void aFirstReadingTakenAtRestIsStillRepeatedBeforeItAlarms() {
    PatientContext p = Fixtures.patient(Condition.COPD);
    TriageOutcome rested =
        full.evaluate(
            p,
            List.of(obs(MeasurementType.SPO2, 95, T0).withOxygen(false).withRest(true)),
            List.of());
    assertThat(rested.level()).isEqualTo(Level.YELLOW);
    assertThat(rested.confirmation()).isFalse();
    assertThat(rested.repeatRequested()).isTrue();
  }

  @Test
  void noRepeatIsAskedWhileEveryAbnormalFindingAlreadyHasItsAlertOpen() {
    PatientContext p = Fixtures.patient(Condition.COPD);
    // SpO2 90%: NEWS2 single-parameter RED, the aggregate and the COPD group limit YELLOW.
    TriageOutcome out =
        full.evaluate(p, List.of(obs(MeasurementType.SPO2, 90, T0).withOxygen(false)), List.of());
    assertThat(out.repeatRequested()).isTrue();
    Map<String, RuleState> openAtLevel = new HashMap<>();
    Map<String, RuleState> oneStillClosed = new HashMap<>();
    for (Finding f : out.abnormal()) {
      RuleState open =
          Hysteresis.step(RuleState.none(f.ruleId()), f.level(), T0.minus(Duration.ofHours(6)))
              .state();
      openAtLevel.put(f.ruleId(), open);
      if (oneStillClosed.isEmpty()) {
        oneStillClosed.put(f.ruleId(), open);
      }
    }
    assertThat(out.abnormal()).hasSizeGreaterThan(1);
    assertThat(out.withoutPointlessRepeat(openAtLevel).repeatRequested())
        .as("nothing a repeat could open or raise")
        .isFalse();
    assertThat(out.withoutPointlessRepeat(oneStillClosed).repeatRequested())
        .as("another rule would open an alert")
        .isTrue();
    assertThat(out.withoutPointlessRepeat(Map.of()).repeatRequested()).isTrue();
  }

  @Test
  void criticalNeverWaitsForARepeat() {
    TriageOutcome out =
        full.evaluate(
            Fixtures.patient(Condition.COPD),
            List.of(obs(MeasurementType.SPO2, 82, T0).withOxygen(false)),
            List.of());
    assertThat(out.level()).isEqualTo(Level.CRITICAL);
    assertThat(out.repeatRequested()).isFalse();
    assertThat(out.alarmsNow()).isTrue();
  }

  @Test
  void passiveIntervalIsStoredButNotAlarmed() {
    PatientContext admitted =
        Fixtures.patient(Condition.COPD)
            .withPassive(
                new TimeInterval(T0.minus(Duration.ofDays(1)), T0.plus(Duration.ofDays(3))));
    TriageOutcome out =
        full.evaluate(
            admitted, List.of(obs(MeasurementType.SPO2, 82, T0).withOxygen(false)), List.of());
    assertThat(out.level()).isEqualTo(Level.CRITICAL);
    assertThat(out.passive()).isTrue();
    assertThat(out.alarmsNow()).isFalse();
    PatientContext discharged =
        Fixtures.patient(Condition.COPD)
            .withPassive(
                new TimeInterval(T0.minus(Duration.ofDays(5)), T0.minus(Duration.ofDays(1))));
    assertThat(
            full.evaluate(discharged, List.of(obs(MeasurementType.SPO2, 82, T0)), List.of())
                .passive())
        .isFalse();
  }

  @Test
  void lateReadingIsEvaluatedInItsPlaceInTheSeries() {
    // A reading measured three days ago arrives now; later readings (a drop after it) must not
    // change its triage.
    List<Observation> history = new ArrayList<>(Fixtures.stableSpo2(95, 20));
    history.replaceAll(o -> o.measuredAt().isAfter(T0.minus(Duration.ofDays(4))) ? o : o);
    java.time.Instant lateAt = T0.minus(Duration.ofHours(30));
    history.add(obs(MeasurementType.SPO2, 88, T0.minus(Duration.ofHours(2))).withOxygen(false));
    TriageOutcome late =
        full.evaluate(
            Fixtures.patient(Condition.COPD),
            List.of(obs(MeasurementType.SPO2, 95, lateAt).withOxygen(false)),
            history);
    assertThat(late.measuredAt()).isEqualTo(lateAt);
    assertThat(late.findings())
        .filteredOn(f -> f.ruleId().startsWith("trend") || f.ruleId().startsWith("baseline"))
        .allMatch(f -> f.level() == Level.GREEN);
  }

  @Test
  void hysteresisRaisesAtOnceAndClearsAfterTwoBetterReadings() {
    RuleState s = RuleState.none("baseline.spo2-drop");
    var open = Hysteresis.step(s, Level.YELLOW, T0);
    assertThat(open.action()).isEqualTo(Hysteresis.Action.OPEN);
    var raise = Hysteresis.step(open.state(), Level.RED, T0.plus(Duration.ofHours(1)));
    assertThat(raise.action()).isEqualTo(Hysteresis.Action.RAISE);
    var same = Hysteresis.step(raise.state(), Level.YELLOW, T0.plus(Duration.ofHours(2)));
    assertThat(same.action()).isEqualTo(Hysteresis.Action.NONE);
    var lower = Hysteresis.step(same.state(), Level.YELLOW, T0.plus(Duration.ofHours(3)));
    assertThat(lower.action()).isEqualTo(Hysteresis.Action.LOWER);
    assertThat(lower.state().level()).isEqualTo(Level.YELLOW);
    var g1 = Hysteresis.step(lower.state(), Level.GREEN, T0.plus(Duration.ofHours(4)));
    assertThat(g1.action()).isEqualTo(Hysteresis.Action.NONE);
    // a late GREEN reading from before the newest one does not count towards clearing
    var lateGreen = Hysteresis.step(g1.state(), Level.GREEN, T0.plus(Duration.ofMinutes(30)));
    assertThat(lateGreen.action()).isEqualTo(Hysteresis.Action.NONE);
    assertThat(lateGreen.state()).isEqualTo(g1.state());
    var g2 = Hysteresis.step(lateGreen.state(), Level.GREEN, T0.plus(Duration.ofHours(5)));
    assertThat(g2.action()).isEqualTo(Hysteresis.Action.CLEAR);
    assertThat(g2.state().open()).isFalse();
  }

  @Test
  void continuousSamplesOpenWhenAWorseLevelIsHeldAndClearAfterFiveMinutesBelow() {
    RuleState s = RuleState.none("limit.spo2");
    Instant t = T0;
    // Two artefacts at CRITICAL, then RED: 14 samples in all, nothing yet, the run is one short.
    s = sample(s, Level.CRITICAL, t, Hysteresis.Action.NONE);
    for (int i = 2; i < Hysteresis.CONTINUOUS_RAISE_AFTER; i++) {
      s =
          sample(
              s, i == 2 ? Level.CRITICAL : Level.RED, t = t.plusSeconds(1), Hysteresis.Action.NONE);
    }
    // The 15th opens, at the lowest level the run held.
    s = sample(s, Level.RED, t = t.plusSeconds(1), Hysteresis.Action.OPEN);
    assertThat(s.level()).isEqualTo(Level.RED);
    // A saturation hovering at the limit keeps the one alert: GREEN for 299 samples, RED once,
    // GREEN again.
    for (int i = 1; i < Hysteresis.CONTINUOUS_CLEAR_AFTER; i++) {
      s = sample(s, Level.GREEN, t = t.plusSeconds(1), Hysteresis.Action.NONE);
    }
    s = sample(s, Level.RED, t = t.plusSeconds(1), Hysteresis.Action.NONE);
    for (int i = 1; i < Hysteresis.CONTINUOUS_CLEAR_AFTER; i++) {
      s = sample(s, Level.GREEN, t = t.plusSeconds(1), Hysteresis.Action.NONE);
    }
    s = sample(s, Level.GREEN, t.plusSeconds(1), Hysteresis.Action.CLEAR);
    assertThat(s.open()).isFalse();
  }

  @Test
  void aSpotCheckBreaksARunOfContinuousSamples() {
    RuleState s = RuleState.none("limit.spo2");
    for (int i = 0; i < Hysteresis.CONTINUOUS_RAISE_AFTER - 1; i++) {
      s = sample(s, Level.YELLOW, T0.plusSeconds(i), Hysteresis.Action.NONE);
    }
    var spot = Hysteresis.step(s, Level.GREEN, T0.plusSeconds(20));
    assertThat(spot.state().raiseStreak()).isZero();
    assertThat(Hysteresis.step(spot.state(), Level.YELLOW, T0.plusSeconds(21), true).action())
        .isEqualTo(Hysteresis.Action.NONE);
  }

  @Test
  void aNightUploadedLateNeedsAHeldRunToo() {
    // The morning's spot check counted first; last night's samples arrive after it, late.
    RuleState s = Hysteresis.step(RuleState.none("limit.spo2"), Level.GREEN, T0).state();
    Instant night = T0.minus(Duration.ofHours(6));
    s = sample(s, Level.CRITICAL, night, Hysteresis.Action.NONE);
    s = sample(s, Level.GREEN, night.plusSeconds(1), Hysteresis.Action.NONE);
    assertThat(s.raiseStreak()).as("a normal sample breaks the run").isZero();
    for (int i = 2; i < Hysteresis.CONTINUOUS_RAISE_AFTER + 1; i++) {
      s = sample(s, Level.RED, night.plusSeconds(i), Hysteresis.Action.NONE);
    }
    s =
        sample(
            s,
            Level.RED,
            night.plusSeconds(Hysteresis.CONTINUOUS_RAISE_AFTER + 1),
            Hysteresis.Action.OPEN);
    assertThat(s.lastAt()).as("the morning stays the newest reading").isEqualTo(T0);
  }

  private static RuleState sample(
      RuleState s, Level level, Instant at, Hysteresis.Action expected) {
    Hysteresis.Step step = Hysteresis.step(s, level, at, true);
    assertThat(step.action()).as("%s at %s", level, at).isEqualTo(expected);
    return step.state();
  }

  @Test
  void lateWorseReadingStillRaises() {
    var open = Hysteresis.step(RuleState.none("limit.spo2"), Level.YELLOW, T0);
    var late = Hysteresis.step(open.state(), Level.RED, T0.minus(Duration.ofHours(6)));
    assertThat(late.action()).isEqualTo(Hysteresis.Action.RAISE);
    assertThat(late.state().lastAt()).isEqualTo(T0);
  }
}

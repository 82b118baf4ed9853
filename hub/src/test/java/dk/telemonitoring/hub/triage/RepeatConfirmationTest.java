package dk.telemonitoring.hub.triage;

import static dk.telemonitoring.hub.triage.Fixtures.T0;
import static dk.telemonitoring.hub.triage.Fixtures.obs;
import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.alerts.domain.Level;
import dk.telemonitoring.hub.reading.MeasurementType;
import dk.telemonitoring.hub.reading.Reading;
import dk.telemonitoring.hub.triage.engine.TriageEngine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Repeat before alert (docs/clinical-reference.md: "A non-critical abnormal reading may ask for a
 * repeat after 5-10 min of rest; triage on the confirmed value"): which earlier reading counts as
 * the confirmation, and which outcomes ask for a repeat. The engine's CRITICAL guard is tested with
 * rules whose findings claim to be repeatable, so the guard decides alone; the rules' own flags are
 * tested in {@link ParameterLimitFindingTest} and {@link CriticalFloorBoundariesTest}.
 */
class RepeatConfirmationTest {

  private static final TriageEngine FULL = new TriageEngine(TriageConfig.full());

  @ParameterizedTest(name = "SpO2 95% now, history {0}: confirmation {1}")
  @CsvSource(
      nullValues = "none",
      value = {
        // earlier readings as kind@seconds before,  confirmation
        "none,                                   false",
        "spo2@480,                               true", // the repeat after 8 min of rest
        "spo2@1200,                              true", // exactly the 20-min repeat window
        "spo2@1201,                              false", // one second outside it
        "spo2@86400,                             false", // yesterday's
        "pulse@300,                              false", // another kind, recent
        "pulse@300 temperature@60 spo2@1201,     false",
        "pulse@300 spo2@86400 spo2@600,          true",
        "weight@0,                               false",
        "spo2@0,                                 true", // the same instant from another device
      })
  void onlyAnEarlierReadingOfTheSameKindWithinTheRepeatWindowConfirms(
      String history, boolean confirmation) {
    List<Observation> h = new ArrayList<>();
    if (history != null) {
      for (String item : history.split(" ")) {
        String[] kv = item.split("@");
        MeasurementType t = MeasurementType.valueOf(kv[0].toUpperCase());
        h.add(
            obs(
                    t,
                    t == MeasurementType.SPO2 ? 95 : t == MeasurementType.PULSE ? 80 : 37,
                    T0.minusSeconds(Long.parseLong(kv[1])))
                .withRef("other/" + kv[0] + "/" + kv[1]));
      }
    }
    TriageOutcome out =
        FULL.evaluate(
            Fixtures.patient(Condition.COPD),
            List.of(obs(MeasurementType.SPO2, 95, T0).withOxygen(false)),
            h);
    assertThat(out.level()).isEqualTo(Level.YELLOW);
    assertThat(out.confirmation()).isEqualTo(confirmation);
    assertThat(out.repeatRequested()).isEqualTo(!confirmation);
    assertThat(out.alarmsNow()).isEqualTo(confirmation);
  }

  @Test
  void aMessageOfSeveralKindsIsConfirmedByAnEarlierReadingOfAnyOfThem() {
    List<Observation> msg =
        List.of(
            obs(MeasurementType.SPO2, 95, T0).withOxygen(false),
            obs(MeasurementType.PULSE, 80, T0));
    TriageOutcome out =
        FULL.evaluate(
            Fixtures.patient(Condition.COPD),
            msg,
            List.of(obs(MeasurementType.PULSE, 82, T0.minus(Duration.ofMinutes(7)))));
    assertThat(out.confirmation()).isTrue();
    assertThat(out.repeatRequested()).isFalse();
  }

  @ParameterizedTest(name = "findings {0}: repeat requested {1}")
  @CsvSource({
    // level:repeatable of each finding,  repeat
    "YELLOW:true,                         true",
    "RED:true,                            true",
    "RED:false,                           false",
    "CRITICAL:true,                       false", // the engine's guard alone: CRITICAL never waits
    "CRITICAL:true RED:true,              false",
    "GREEN:true,                          false",
    "RED:true YELLOW:false,               true", // only the findings at the top level decide
    "RED:false YELLOW:true,               false",
    "RED:true RED:false,                  false",
    "RED:true RED:true GREEN:false,       true",
  })
  void aRepeatIsAskedOnlyWhenEveryFindingAtTheTopLevelIsRepeatableAndBelowCritical(
      String findings, boolean repeat) {
    TriageOutcome out =
        engine(TriageConfig.full(), findings)
            .evaluate(
                Fixtures.patient(Condition.COPD),
                List.of(obs(MeasurementType.WEIGHT, 80, T0)),
                List.of());
    assertThat(out.repeatRequested()).isEqualTo(repeat);
    assertThat(out.level())
        .isEqualTo(
            Arrays.stream(findings.split(" "))
                .map(f -> Level.valueOf(f.split(":")[0]))
                .reduce(Level.GREEN, Level::max));
  }

  @Test
  void theFixedLimitsArmAndContinuousSamplesNeverAskForARepeat() {
    assertThat(
            engine(TriageConfig.fixedLimitsOnly(), "RED:true")
                .evaluate(
                    Fixtures.patient(Condition.COPD),
                    List.of(obs(MeasurementType.WEIGHT, 80, T0)),
                    List.of())
                .repeatRequested())
        .isFalse();
    Observation sample =
        new Observation(
            MeasurementType.SPO2,
            89,
            T0,
            false,
            null,
            null,
            Set.of(Reading.FLAG_CONTINUOUS),
            "watch/1");
    TriageOutcome night =
        engine(TriageConfig.full(), "RED:true")
            .evaluate(Fixtures.patient(Condition.COPD), List.of(sample), List.of());
    assertThat(night.repeatRequested()).isFalse();
    assertThat(night.alarmsNow()).isTrue();
  }

  @Test
  void anImplausibleValueIsMarkedSoTheDeviceAsksForAnotherMeasurement() {
    Observation implausible =
        new Observation(
            MeasurementType.SPO2,
            68,
            T0,
            false,
            null,
            null,
            Set.of(Reading.FLAG_IMPLAUSIBLE),
            "dev/1");
    assertThat(
            FULL.evaluate(Fixtures.patient(Condition.COPD), List.of(implausible), List.of())
                .implausible())
        .isTrue();
    assertThat(
            FULL.evaluate(
                    Fixtures.patient(Condition.COPD),
                    List.of(obs(MeasurementType.SPO2, 96, T0)),
                    List.of())
                .implausible())
        .isFalse();
  }

  @ParameterizedTest(name = "open alert at {0} for a {1} finding: repeat still asked {2}")
  @CsvSource(
      nullValues = "none",
      value = {
        "none, YELLOW, true",
        "YELLOW, RED, true",
        "RED, RED, false",
        "CRITICAL, RED, false",
        "GREEN, YELLOW, true"
      })
  void aRepeatIsDroppedOnlyWhenTheRuleAlreadyHasAnAlertOpenAtThatLevelOrAbove(
      Level open, Level finding, boolean stillAsked) {
    TriageOutcome out =
        engine(TriageConfig.full(), finding + ":true")
            .evaluate(
                Fixtures.patient(Condition.COPD),
                List.of(obs(MeasurementType.WEIGHT, 80, T0)),
                List.of());
    assertThat(out.repeatRequested()).isTrue();
    Map<String, RuleState> states =
        open == null
            ? Map.of()
            : Map.of(
                "stub.0",
                new RuleState(
                    "stub.0", open, 0, Level.GREEN, T0.minusSeconds(3600), T0.minusSeconds(3600)));
    assertThat(out.withoutPointlessRepeat(states).repeatRequested()).isEqualTo(stillAsked);
  }

  @Test
  void aNormalFindingBesideAnAlreadyOpenAlertDoesNotKeepTheRepeat() {
    TriageOutcome out =
        engine(TriageConfig.full(), "RED:true GREEN:true")
            .evaluate(
                Fixtures.patient(Condition.COPD),
                List.of(obs(MeasurementType.WEIGHT, 80, T0)),
                List.of());
    Map<String, RuleState> redOpen =
        Map.of(
            "stub.0",
            new RuleState(
                "stub.0", Level.RED, 0, Level.GREEN, T0.minusSeconds(3600), T0.minusSeconds(3600)));
    assertThat(out.withoutPointlessRepeat(redOpen).repeatRequested()).isFalse();
  }

  @Test
  void theMessageItselfInTheHistoryIsNoConfirmationButAnotherReadingWithoutAReferenceIs() {
    Observation spo2 = obs(MeasurementType.SPO2, 95, T0).withOxygen(false);
    TriageOutcome itself =
        FULL.evaluate(Fixtures.patient(Condition.COPD), List.of(spo2), List.of(spo2));
    assertThat(itself.confirmation()).isFalse();
    // the same reference on another kind (one device message with several values) is a different
    // reading
    TriageOutcome sameRefOtherKind =
        FULL.evaluate(
            Fixtures.patient(Condition.COPD),
            List.of(spo2),
            List.of(
                Observation.of(MeasurementType.SPO2, 95, T0.minusSeconds(300))
                    .withRef(spo2.ref())
                    .withOxygen(false)
                    .withRest(true),
                new Observation(
                    MeasurementType.PULSE, 80, T0, null, null, null, Set.of(), spo2.ref())));
    assertThat(sameRefOtherKind.confirmation()).isFalse();
    TriageOutcome unreferenced =
        FULL.evaluate(
            Fixtures.patient(Condition.COPD),
            List.of(spo2),
            List.of(Observation.of(MeasurementType.SPO2, 95, T0.minusSeconds(300))));
    assertThat(unreferenced.confirmation()).isTrue();
    assertThat(FULL.config()).isEqualTo(TriageConfig.full());
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> FULL.evaluate(Fixtures.patient(Condition.COPD), List.of(), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("empty message");
  }

  @Test
  void anOutcomeWithoutARepeatRequestIsLeftAsItIs() {
    TriageOutcome out =
        engine(TriageConfig.full(), "RED:false")
            .evaluate(
                Fixtures.patient(Condition.COPD),
                List.of(obs(MeasurementType.WEIGHT, 80, T0)),
                List.of());
    assertThat(out.withoutPointlessRepeat(Map.of())).isSameAs(out);
  }

  @Test
  void theDecisiveFindingIsTheFirstAtTheTopLevelAndAbnormalFindingsComeWorstFirst() {
    TriageOutcome out =
        engine(TriageConfig.full(), "YELLOW:true GREEN:true RED:true RED:false")
            .evaluate(
                Fixtures.patient(Condition.COPD),
                List.of(obs(MeasurementType.WEIGHT, 80, T0)),
                List.of());
    assertThat(out.decisive().orElseThrow().ruleId()).isEqualTo("stub.2");
    assertThat(out.abnormal())
        .extracting(Finding::ruleId)
        .containsExactly("stub.2", "stub.3", "stub.0");
    assertThat(out.news2Label()).isEmpty();
    assertThat(out.measuredAt()).isEqualTo(T0);
  }

  @ParameterizedTest(name = "level {0}, passive {1}, repeat {2}: alarms now {3}")
  @CsvSource({
    "RED, false, false, true",
    "RED, true, false, false",
    "RED, false, true, false",
    "GREEN, false, false, false",
    "YELLOW, false, false, true"
  })
  void anOutcomeAlarmsNowOnlyWhenAbnormalNotPassiveAndNotWaitingForARepeat(
      Level level, boolean passive, boolean repeat, boolean alarms) {
    assertThat(new TriageOutcome(T0, level, List.of(), passive, repeat, false, false).alarmsNow())
        .isEqualTo(alarms);
  }

  /** An engine whose rules each return one finding, ids {@code stub.<i>}. */
  private static TriageEngine engine(TriageConfig config, String findings) {
    List<TriageRule> rules = new ArrayList<>();
    String[] items = findings.split(" ");
    for (int i = 0; i < items.length; i++) {
      String[] lr = items[i].split(":");
      Finding f =
          new Finding(
              "stub." + i,
              1,
              Level.valueOf(lr[0]),
              Map.of(),
              new Explanation("stub", "stub"),
              Boolean.parseBoolean(lr[1]));
      rules.add(in -> List.of(f));
    }
    return new TriageEngine(config, rules);
  }
}

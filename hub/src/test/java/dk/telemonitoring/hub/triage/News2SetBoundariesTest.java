package dk.telemonitoring.hub.triage;

import static dk.telemonitoring.hub.triage.Fixtures.T0;
import static dk.telemonitoring.hub.triage.Fixtures.obs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dk.telemonitoring.alerts.domain.Level;
import dk.telemonitoring.hub.reading.MeasurementType;
import dk.telemonitoring.hub.reading.Reading;
import dk.telemonitoring.hub.triage.rules.News2Rule;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What NEWS2 scores (NEWS2 RCP 2017; docs/clinical-reference.md "NEWS2"): the observation set
 * within 15 minutes by event time, scale 2 only while a doctor's prescription is active, and the
 * single-parameter-3 rule with and without an authored limit.
 */
class News2SetBoundariesTest {

  @ParameterizedTest(name = "pulse measured {0} s before the SpO2 is in the set: {1}")
  @CsvSource({"0, true", "899, true", "900, true", "901, false", "-1, false"})
  void theObservationSetTakesValuesFromFifteenMinutesUpToItsEnd(long secondsBefore, boolean inSet) {
    ObservationSet set =
        ObservationSet.ending(
            T0,
            ObservationSet.DEFAULT_WINDOW,
            List.of(
                obs(MeasurementType.SPO2, 95, T0),
                obs(MeasurementType.PULSE, 120, T0.minusSeconds(secondsBefore))));
    assertThat(set.value(MeasurementType.PULSE).isPresent()).isEqualTo(inSet);
    assertThat(set.value(MeasurementType.SPO2)).contains(95.0);
    assertThat(set.at()).isEqualTo(T0);
  }

  @Test
  void theSetTakesTheLatestUsableValueOfEachKindAndTheLatestStatedOxygen() {
    Observation poor =
        new Observation(
            MeasurementType.SPO2,
            80,
            T0,
            true,
            null,
            null,
            Set.of(Reading.FLAG_POOR_QUALITY),
            "ox/3");
    ObservationSet set =
        ObservationSet.ending(
            T0,
            ObservationSet.DEFAULT_WINDOW,
            List.of(
                obs(MeasurementType.SPO2, 93, T0.minusSeconds(300)).withOxygen(true),
                obs(MeasurementType.SPO2, 95, T0.minusSeconds(60)).withOxygen(false),
                obs(MeasurementType.SPO2, 91, T0.minusSeconds(120)),
                poor));
    assertThat(set.value(MeasurementType.SPO2)).contains(95.0);
    assertThat(set.oxygen()).isFalse();
    ObservationSet unstated =
        ObservationSet.ending(
            T0,
            ObservationSet.DEFAULT_WINDOW,
            List.of(
                obs(MeasurementType.SPO2, 93, T0.minusSeconds(300)).withOxygen(true),
                obs(MeasurementType.SPO2, 95, T0)));
    assertThat(unstated.oxygen()).as("the latest value that stated it").isTrue();
    assertThat(
            ObservationSet.ending(
                    T0, ObservationSet.DEFAULT_WINDOW, List.of(obs(MeasurementType.SPO2, 95, T0)))
                .oxygen())
        .isNull();
  }

  @ParameterizedTest(name = "prescribed T0{0}s, revoked {1}: scale at T0 {2}")
  @CsvSource(
      nullValues = "none",
      value = {
        "0, none, SCALE_2",
        "1, none, SCALE_1",
        "-86400, 0, SCALE_1",
        "-86400, 1, SCALE_2",
        "-86400, none, SCALE_2"
      })
  void scaleTwoAppliesFromThePrescriptionUntilItIsRevoked(
      long prescribed, Long revoked, News2.Spo2Scale scale) {
    PatientContext p =
        Fixtures.patient(Condition.COPD)
            .withPrescription(
                new Spo2Prescription(
                    88,
                    92,
                    "dr-berg",
                    "hypercapnic respiratory failure",
                    T0.plusSeconds(prescribed),
                    revoked == null ? null : T0.plusSeconds(revoked)));
    assertThat(p.scaleAt(T0)).isEqualTo(scale);
  }

  @ParameterizedTest(name = "target {0}-{1} by [{2}]: refused")
  @CsvSource(
      nullValues = "null",
      value = {"88, 93, dr", "87, 92, dr", "88, 92, ''", "88, 92, null", "88, 92, ' '"})
  void scaleTwoIsOnlyForAnAuthoredTargetOfEightyEightToNinetyTwo(int low, int high, String by) {
    assertThatThrownBy(() -> new Spo2Prescription(low, high, by, "why", T0, null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aPrescriptionNeedsADate() {
    assertThatThrownBy(() -> new Spo2Prescription(88, 92, "dr", "why", null, null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest(name = "SpO2 {0}% on air, scale 2 prescribed {1}: single-parameter RED {2}")
  @CsvSource({
    "87, false, true",
    "87, true, false",
    "83, true, true",
    "91, false, true",
    "92, false, false"
  })
  void theSingleParameterRuleScoresOnTheScaleThatApplies(double spo2, boolean scale2, boolean red) {
    PatientContext p = Fixtures.patient(Condition.COPD);
    if (scale2) {
      p =
          p.withPrescription(
              new Spo2Prescription(
                  88, 92, "dr-berg", "hypercapnic", T0.minus(Duration.ofDays(1)), null));
    }
    Finding single =
        news2(p, TriageConfig.full(), obs(MeasurementType.SPO2, spo2, T0).withOxygen(false))
            .stream()
            .filter(f -> f.ruleId().equals(News2Rule.SINGLE))
            .findFirst()
            .orElseThrow();
    assertThat(single.level()).isEqualTo(red ? Level.RED : Level.GREEN);
    assertThat(single.repeatable()).isTrue();
  }

  @Test
  void anAuthoredPulseLimitReplacesTheSingleParameterRuleOnlyWhenPersonalLimitsApply() {
    PatientContext p =
        Fixtures.patient(Condition.COPD)
            .withLimit(
                new PatientLimit(
                    "pulse",
                    35.0,
                    38.0,
                    40.0,
                    135.0,
                    140.0,
                    150.0,
                    "dr-berg",
                    "athlete",
                    T0.minus(Duration.ofDays(1)),
                    T0.plus(Duration.ofDays(89)),
                    false));
    Observation pulse = obs(MeasurementType.PULSE, 132, T0);
    Finding personal = single(news2(p, TriageConfig.full(), pulse));
    assertThat(personal.level()).isEqualTo(Level.GREEN);
    assertThat(personal.inputs()).containsEntry("pulse_overriddenByAuthoredLimit", true);
    Finding fixed = single(news2(p, TriageConfig.fixedLimitsOnly(), pulse));
    assertThat(fixed.level()).isEqualTo(Level.RED);
    assertThat(fixed.explanation().en())
        .isEqualTo("Pulse 132 /min scores 3 on the NEWS2 chart: RED by the single-parameter rule.");
  }

  @Test
  void withoutANews2ParameterInTheMessageOrAUsableValueThereIsNoScore() {
    PatientContext p = Fixtures.patient(Condition.COPD);
    assertThat(news2(p, TriageConfig.full(), obs(MeasurementType.WEIGHT, 80, T0))).isEmpty();
    // a recent SpO2 in the history is not scored again for a message without a NEWS2 parameter
    assertThat(
            new News2Rule()
                .evaluate(
                    new TriageInput(
                        p,
                        List.of(obs(MeasurementType.WEIGHT, 80, T0)),
                        List.of(obs(MeasurementType.SPO2, 90, T0.minusSeconds(60))),
                        TriageConfig.full())))
        .isEmpty();
    Observation poor =
        new Observation(
            MeasurementType.PULSE,
            30,
            T0,
            null,
            null,
            null,
            Set.of(Reading.FLAG_POOR_QUALITY),
            "ox/1");
    assertThat(news2(p, TriageConfig.full(), poor)).isEmpty();
  }

  @Test
  void theAggregateSaysWhenOxygenWasNotStatedAndHowManyParametersItHad() {
    Finding agg =
        news2(
                Fixtures.patient(Condition.COPD),
                TriageConfig.full(),
                obs(MeasurementType.SPO2, 95, T0))
            .get(0);
    assertThat(agg.explanation().en())
        .isEqualTo(
            "pNEWS2 1 (1 of 7 parameters measured), SpO2 scale 1; oxygen not stated, scored as on air: YELLOW.");
    assertThat(agg.explanation().da())
        .isEqualTo(
            "pNEWS2 1 (1 af 7 parametre målt), SpO2-skala 1; ilt ikke oplyst, scoret som uden ilt: GUL.");
    assertThat(agg.repeatable()).isTrue();
    assertThat(agg.inputs())
        .containsEntry("total", 1)
        .containsEntry("present", 1)
        .containsEntry("partial", true)
        .containsEntry("scale", 1)
        .containsEntry("yellowFrom", 1.0)
        .containsEntry("redFrom", 5.0);
  }

  @Test
  void aSetOfAllSevenParametersIsAFullScoreAndConsciousnessCounts() {
    java.util.Map<MeasurementType, Observation> latest =
        new java.util.EnumMap<>(MeasurementType.class);
    latest.put(MeasurementType.RESP_RATE, obs(MeasurementType.RESP_RATE, 22, T0));
    latest.put(MeasurementType.SPO2, obs(MeasurementType.SPO2, 95, T0));
    latest.put(MeasurementType.BP_SYSTOLIC, obs(MeasurementType.BP_SYSTOLIC, 120, T0));
    latest.put(MeasurementType.PULSE, obs(MeasurementType.PULSE, 95, T0));
    latest.put(MeasurementType.TEMPERATURE, obs(MeasurementType.TEMPERATURE, 37.0, T0));
    News2.Score full =
        News2.score(new ObservationSet(T0, latest, false, false), News2.Spo2Scale.SCALE_1);
    // resp 22: 2, SpO2 95: 1, air: 0, systolic 120: 0, pulse 95: 1, not alert: 3, temperature 37.0:
    // 0
    assertThat(full.present()).isEqualTo(7);
    assertThat(full.partial()).isFalse();
    assertThat(full.total()).isEqualTo(7);
    assertThat(full.label()).isEqualTo("NEWS2 7");
    assertThat(full.anySingleThree()).isTrue();
    assertThat(full.points())
        .containsEntry(News2.Parameter.CONSCIOUSNESS, 3)
        .containsEntry(News2.Parameter.AIR_OR_OXYGEN, 0);
    News2.Score alert =
        News2.score(new ObservationSet(T0, latest, true, true), News2.Spo2Scale.SCALE_1);
    assertThat(alert.total()).isEqualTo(6);
    assertThat(alert.anySingleThree()).isFalse();
    assertThat(alert.points()).containsEntry(News2.Parameter.AIR_OR_OXYGEN, 2);
  }

  @ParameterizedTest(name = "{0} feeds NEWS2 parameter {1}")
  @CsvSource(
      nullValues = "none",
      value = {
        "RESP_RATE, RESP_RATE",
        "SPO2, SPO2",
        "BP_SYSTOLIC, SYSTOLIC_BP",
        "PULSE, PULSE",
        "TEMPERATURE, TEMPERATURE",
        "WEIGHT, none",
        "BP_DIASTOLIC, none"
      })
  void whichMeasurementsFeedNews2(MeasurementType t, News2.Parameter p) {
    assertThat(News2.parameterOf(t).orElse(null)).isEqualTo(p);
  }

  @Test
  void aNormalSetHasAGreenSingleParameterFindingSayingSo() {
    List<Finding> f =
        news2(
            Fixtures.patient(Condition.COPD),
            TriageConfig.full(),
            obs(MeasurementType.SPO2, 97, T0).withOxygen(false));
    Finding agg = f.get(0);
    assertThat(agg.explanation().en())
        .isEqualTo("pNEWS2 0 (2 of 7 parameters measured), SpO2 scale 1: GREEN.");
    assertThat(agg.explanation().da())
        .isEqualTo("pNEWS2 0 (2 af 7 parametre målt), SpO2-skala 1: GRØN.");
    assertThat(agg.inputs())
        .containsEntry("oxygen", false)
        .containsEntry("spo2", 97.0)
        .containsEntry("points", java.util.Map.of("spo2", 0, "air_or_oxygen", 0));
    Finding single = single(f);
    assertThat(single.level()).isEqualTo(Level.GREEN);
    assertThat(single.explanation().en()).isEqualTo("No NEWS2 parameter scores 3.");
    assertThat(single.inputs()).containsEntry("label", "pNEWS2 0 (2/7)");
  }

  @Test
  void scaleTwoIsNamedWithItsPrescribedTarget() {
    PatientContext p =
        Fixtures.patient(Condition.COPD)
            .withPrescription(
                new Spo2Prescription(
                    88, 92, "dr-berg", "hypercapnic", T0.minus(Duration.ofDays(1)), null));
    Finding agg =
        news2(
                p,
                TriageConfig.full(),
                obs(MeasurementType.SPO2, 86, T0).withOxygen(false),
                obs(MeasurementType.PULSE, 40, T0))
            .get(0);
    assertThat(agg.explanation().en())
        .isEqualTo(
            "pNEWS2 4 (3 of 7 parameters measured), SpO2 scale 2 (prescribed target 88-92%): YELLOW.");
    assertThat(agg.explanation().da())
        .isEqualTo("pNEWS2 4 (3 af 7 parametre målt), SpO2-skala 2 (ordineret mål 88-92 %): GUL.");
    assertThat(agg.inputs()).containsEntry("scale", 2);
    Finding single =
        single(
            news2(
                p,
                TriageConfig.full(),
                obs(MeasurementType.SPO2, 83, T0).withOxygen(false),
                obs(MeasurementType.PULSE, 40, T0)));
    assertThat(single.explanation().en())
        .isEqualTo(
            "SpO2 83%, pulse 40 /min scores 3 on the NEWS2 chart: RED by the single-parameter rule.");
    assertThat(single.explanation().da())
        .isEqualTo(
            "SpO2 83 %, puls 40 /min giver 3 point på NEWS2-skemaet: RØD efter enkeltparameter-reglen.");
  }

  private static Finding single(List<Finding> findings) {
    return findings.stream()
        .filter(f -> f.ruleId().equals(News2Rule.SINGLE))
        .findFirst()
        .orElseThrow();
  }

  private static List<Finding> news2(
      PatientContext p, TriageConfig config, Observation... message) {
    return new News2Rule().evaluate(new TriageInput(p, List.of(message), List.of(), config));
  }
}

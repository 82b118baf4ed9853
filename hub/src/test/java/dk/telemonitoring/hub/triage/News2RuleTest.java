package dk.telemonitoring.hub.triage;

import static dk.telemonitoring.hub.triage.Fixtures.T0;
import static dk.telemonitoring.hub.triage.Fixtures.finding;
import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.alerts.domain.Level;
import dk.telemonitoring.hub.reading.MeasurementType;
import dk.telemonitoring.hub.triage.engine.TriageEngine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Aggregate levels, partial sets, scales and oxygen (NEWS2 RCP 2017;
 * docs/clinical-reference.md#news2). Each row is one observation set; blank cells are parameters
 * the home kit did not supply.
 */
class News2RuleTest {

  private final TriageEngine fixed = new TriageEngine(TriageConfig.fixedLimitsOnly());

  @ParameterizedTest(
      name = "[{index}] scale {0} spo2={1} o2={2} pulse={3} sys={4} temp={5} rr={6} -> {7} {8}")
  @CsvSource(
      nullValues = "",
      value = {
        // scale, spo2, oxygen, pulse, systolic, temp, resp, label, level
        "1, 97, false, 70,  125, 36.8, ,   pNEWS2 0 (5/7), GREEN",
        "1, 95, false, 70,  125, 36.8, ,   pNEWS2 1 (5/7), YELLOW",
        "1, 92, false, 115, ,    ,     ,   pNEWS2 4 (3/7), YELLOW",
        "1, 93, false, 95,  105, 38.5, ,   pNEWS2 5 (5/7), RED",
        "1, 91, false, 70,  ,    ,     ,   pNEWS2 3 (3/7), RED",
        "1, 94, true,  95,  ,    ,     ,   pNEWS2 4 (3/7), YELLOW",
        "1, 93, true,  115, 105, 38.5, 22, pNEWS2 10 (6/7), CRITICAL",
        "1, 95, ,      85,  ,    ,     ,   pNEWS2 1 (2/7), YELLOW",
        "1, 97, ,      ,    ,    ,     ,   pNEWS2 0 (1/7), GREEN",
        "2, 90, false, 70,  ,    ,     ,   pNEWS2 0 (3/7), GREEN",
        "2, 95, false, 70,  ,    ,     ,   pNEWS2 0 (3/7), GREEN",
        "2, 95, true,  70,  ,    ,     ,   pNEWS2 4 (3/7), YELLOW",
        "2, 97, true,  70,  ,    ,     ,   pNEWS2 5 (3/7), RED",
        "2, 86, false, 70,  ,    ,     ,   pNEWS2 1 (3/7), YELLOW",
        "2, 83, false, 70,  ,    ,     ,   pNEWS2 3 (3/7), RED",
        "2, 88, true,  95,  100, 39.2, 25, pNEWS2 10 (6/7), CRITICAL",
      })
  void scoresObservationSets(
      int scale,
      Double spo2,
      Boolean oxygen,
      Double pulse,
      Double sys,
      Double temp,
      Double rr,
      String label,
      Level level) {
    PatientContext p = Fixtures.patient(Condition.COPD);
    if (scale == 2) {
      p =
          p.withPrescription(
              new Spo2Prescription(
                  88,
                  92,
                  "dr-berg",
                  "hypercapnic respiratory failure",
                  T0.minus(Duration.ofDays(30)),
                  null));
    }
    List<Observation> msg = new ArrayList<>();
    add(msg, MeasurementType.SPO2, spo2, oxygen);
    add(msg, MeasurementType.PULSE, pulse, oxygen);
    add(msg, MeasurementType.BP_SYSTOLIC, sys, null);
    add(msg, MeasurementType.TEMPERATURE, temp, null);
    add(msg, MeasurementType.RESP_RATE, rr, null);
    TriageOutcome out = fixed.evaluate(p, msg, List.of());
    assertThat(out.news2Label()).contains(label);
    Level news2Level =
        out.findings().stream()
            .filter(f -> f.ruleId().startsWith("news2."))
            .map(Finding::level)
            .reduce(Level.GREEN, Level::max);
    assertThat(news2Level).isEqualTo(level);
  }

  private static void add(List<Observation> msg, MeasurementType t, Double v, Boolean oxygen) {
    if (v != null) msg.add(Fixtures.obs(t, v, T0).withOxygen(oxygen));
  }

  @Test
  @SuppressWarnings("unchecked")
  void partialScoreIsLabelledNeverZeroFilled() {
    TriageOutcome out =
        fixed.evaluate(
            Fixtures.patient(Condition.COPD),
            List.of(
                Fixtures.obs(MeasurementType.SPO2, 92, T0).withOxygen(false),
                Fixtures.obs(MeasurementType.PULSE, 115, T0)),
            List.of());
    Finding f = finding(out, "news2.aggregate");
    assertThat(f.inputs()).containsEntry("present", 3).containsEntry("partial", true);
    assertThat(f.explanation().en()).startsWith("pNEWS2 4 (3 of 7 parameters measured)");
    assertThat(f.explanation().da()).startsWith("pNEWS2 4 (3 af 7 parametre målt)");
    assertThat((java.util.Map<String, Object>) f.inputs().get("points"))
        .doesNotContainKeys("resp_rate", "consciousness");
  }

  /**
   * The inputs name the values scored: a spirometry in the same window is in the set, not the
   * score.
   */
  @Test
  void theInputsHoldOnlyTheScoredValues() {
    TriageOutcome out =
        fixed.evaluate(
            Fixtures.patient(Condition.COPD),
            List.of(Fixtures.obs(MeasurementType.TEMPERATURE, 36.8, T0)),
            List.of(
                Fixtures.obs(MeasurementType.SPO2, 90, T0.minusSeconds(120)),
                Fixtures.obs(MeasurementType.FEV1, 1.55, T0.minusSeconds(60))));
    assertThat(finding(out, "news2.aggregate").inputs())
        .containsEntry("temperature", 36.8)
        .containsEntry("spo2", 90.0)
        .doesNotContainKey("fev1");
  }

  @Test
  void singleParameterThreeIsRedEvenWhenTheTotalIsLow() {
    TriageOutcome out =
        fixed.evaluate(
            Fixtures.patient(Condition.COPD),
            List.of(Fixtures.obs(MeasurementType.TEMPERATURE, 34.9, T0)),
            List.of());
    assertThat(finding(out, "news2.single-parameter").level()).isEqualTo(Level.RED);
    assertThat(finding(out, "news2.single-parameter").explanation().en())
        .isEqualTo(
            "Temperature 34.9 °C scores 3 on the NEWS2 chart: RED by the single-parameter rule.");
  }

  @Test
  void scale2NeedsADatedPrescriptionNotTheDiagnosis() {
    PatientContext copd = Fixtures.patient(Condition.COPD);
    List<Observation> msg = List.of(Fixtures.obs(MeasurementType.SPO2, 89, T0).withOxygen(false));
    assertThat(finding(fixed.evaluate(copd, msg, List.of()), "news2.aggregate").inputs())
        .containsEntry("scale", 1);
    PatientContext revoked =
        copd.withPrescription(
            new Spo2Prescription(
                88,
                92,
                "dr-berg",
                "hypercapnia",
                T0.minus(Duration.ofDays(60)),
                T0.minus(Duration.ofDays(1))));
    assertThat(finding(fixed.evaluate(revoked, msg, List.of()), "news2.aggregate").inputs())
        .containsEntry("scale", 1);
    PatientContext prescribed =
        copd.withPrescription(
            new Spo2Prescription(
                88, 92, "dr-berg", "hypercapnia", T0.minus(Duration.ofDays(60)), null));
    TriageOutcome out = fixed.evaluate(prescribed, msg, List.of());
    assertThat(finding(out, "news2.aggregate").inputs())
        .containsEntry("scale", 2)
        .containsEntry("total", 0);
  }

  @Test
  void scale2PatientOnOxygenScoresThreeAt97() {
    assertThat(News2.spo2Scale2(97, true)).isEqualTo(3);
    assertThat(News2.spo2Scale2(97, false)).isZero();
  }

  @Test
  void valuesWithinFifteenMinutesFormOneSetOlderOnesDoNot() {
    PatientContext p = Fixtures.patient(Condition.COPD);
    List<Observation> history =
        List.of(
            Fixtures.obs(MeasurementType.TEMPERATURE, 38.5, T0.minus(Duration.ofMinutes(10))),
            Fixtures.obs(MeasurementType.BP_SYSTOLIC, 95, T0.minus(Duration.ofMinutes(20))));
    TriageOutcome out =
        fixed.evaluate(
            p, List.of(Fixtures.obs(MeasurementType.SPO2, 96, T0).withOxygen(false)), history);
    assertThat(out.news2Label()).contains("pNEWS2 1 (3/7)");
  }

  @Test
  void aggregateOfSevenIsCritical() {
    TriageOutcome out =
        fixed.evaluate(
            Fixtures.patient(Condition.COPD),
            List.of(
                Fixtures.obs(MeasurementType.SPO2, 93, T0).withOxygen(true),
                Fixtures.obs(MeasurementType.PULSE, 115, T0),
                Fixtures.obs(MeasurementType.TEMPERATURE, 38.5, T0)),
            List.of());
    assertThat(out.news2Label()).contains("pNEWS2 7 (4/7)");
    assertThat(out.level()).isEqualTo(Level.CRITICAL);
    assertThat(out.repeatRequested()).isFalse();
  }
}

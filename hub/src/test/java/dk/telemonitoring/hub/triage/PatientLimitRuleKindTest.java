package dk.telemonitoring.hub.triage;

import static dk.telemonitoring.hub.triage.Fixtures.T0;
import static dk.telemonitoring.hub.triage.Fixtures.finding;
import static dk.telemonitoring.hub.triage.Fixtures.obs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dk.telemonitoring.alerts.domain.Level;
import dk.telemonitoring.hub.reading.MeasurementType;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Per-patient limits: group defaults copied on enrolment, critical floors that cannot be relaxed,
 * and an authored limit that moves the boundaries and replaces NEWS2's single-parameter three.
 */
class PatientLimitRuleKindTest extends RuleKindFixture {

  @Test
  void groupDefaultsAreCopiedOnEnrolment() {
    PatientContext p = Fixtures.patient(Condition.HEART_FAILURE);
    assertThat(p.limits()).containsKeys("news2", "spo2", "pulse", "bp_systolic");
    assertThat(p.limit("spo2").orElseThrow().groupDefault()).isTrue();
    assertThat(p.limit("spo2").orElseThrow().author()).isEqualTo(GroupDefaults.AUTHOR);
    assertThat(p.limit("spo2").orElseThrow().reviewBy()).isNotNull();
  }

  @ParameterizedTest(name = "{0}: critical low {1}, critical high {2} rejected")
  @CsvSource(
      nullValues = "",
      value = {"spo2, 80, ", "spo2, , ", "pulse, 30, 150", "pulse, 35, 170", "news2, , 9"})
  void criticalFloorsCannotBeRelaxed(String code, Double cLow, Double cHigh) {
    PatientLimit l =
        new PatientLimit(
            code,
            cLow,
            null,
            null,
            null,
            null,
            cHigh,
            "dr-berg",
            "lives low",
            T0,
            T0.plus(Duration.ofDays(90)),
            false);
    assertThatThrownBy(l::validate)
        .isInstanceOf(PatientLimit.RejectedLimitException.class)
        .hasMessageContaining("cannot be relaxed");
  }

  @Test
  void aLimitNeedsAuthorReasonAndTime() {
    assertThatThrownBy(
            () ->
                new PatientLimit(
                        "weight", null, null, null, 90.0, null, null, "", "x", T0, null, false)
                    .validate())
        .isInstanceOf(PatientLimit.RejectedLimitException.class);
  }

  @Test
  void authoredLimitMovesBoundariesAndReplacesSingleParameterThree() {
    PatientContext p =
        Fixtures.patient(Condition.COPD)
            .withLimit(
                new PatientLimit(
                    "spo2",
                    85.0,
                    86.0,
                    88.0,
                    null,
                    null,
                    null,
                    "dr-berg",
                    "chronic hypoxaemia, habitual SpO2 90-91%",
                    T0.minus(Duration.ofDays(5)),
                    T0.plus(Duration.ofDays(85)),
                    false))
            .withLimit(
                new PatientLimit(
                    "news2",
                    null,
                    null,
                    null,
                    4.0,
                    6.0,
                    7.0,
                    "dr-berg",
                    "habitual pNEWS2 3",
                    T0.minus(Duration.ofDays(5)),
                    T0.plus(Duration.ofDays(85)),
                    false));
    List<Observation> msg =
        List.of(
            obs(MeasurementType.SPO2, 90, T0).withOxygen(false),
            obs(MeasurementType.PULSE, 80, T0));
    assertThat(fixed.evaluate(p, msg, List.of()).level()).isEqualTo(Level.RED);
    TriageOutcome personal = full.evaluate(p, msg, List.of());
    assertThat(personal.level()).isEqualTo(Level.GREEN);
    assertThat(personal.news2Label()).contains("pNEWS2 3 (3/7)");
    TriageOutcome low =
        full.evaluate(p, List.of(obs(MeasurementType.SPO2, 87, T0).withOxygen(false)), List.of());
    assertThat(finding(low, "limit.spo2").level()).isEqualTo(Level.YELLOW);
    assertThat(finding(low, "limit.spo2").explanation().en())
        .isEqualTo(
            "SpO2 87% is at or below this patient's limit for YELLOW of 88% (set by dr-berg: chronic hypoxaemia, habitual SpO2 90-91%).");
    TriageOutcome floor =
        full.evaluate(p, List.of(obs(MeasurementType.SPO2, 84, T0).withOxygen(false)), List.of());
    assertThat(floor.level()).isEqualTo(Level.CRITICAL);
  }

  @Test
  void groupDefaultNeverReplacesSingleParameterThree() {
    PatientContext p = Fixtures.patient(Condition.COPD);
    TriageOutcome out =
        full.evaluate(p, List.of(obs(MeasurementType.SPO2, 91, T0).withOxygen(false)), List.of());
    assertThat(finding(out, "news2.single-parameter").level()).isEqualTo(Level.RED);
  }
}

package dk.telemonitoring.demo.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dk.telemonitoring.hub.triage.Condition;
import dk.telemonitoring.sim.cohort.Cohort;
import dk.telemonitoring.sim.cohort.CohortPatient;
import dk.telemonitoring.sim.patient.Episode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeviceSimEvaluationTest {

  private static final int PATIENTS = 20;
  private static final int WEEKS = 6;

  @Test
  void smallEvaluationEndToEndPrintsEveryArmAndConditionAndScoresAgainstTheGroundTruth() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    EvaluateCommand.run(
        new String[] {"--patients", "20", "--weeks", "6", "--seed", "3"},
        new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertThat(out)
        .startsWith("device-sim cohort: 20 patients")
        .contains(
            "episode rates per patient-year: COPD exacerbation 4, HF decompensation 4, fibrosis decline 4")
        .contains("raised for the evaluation so that there are enough episodes to score")
        .contains("quarantined by the hub's decoder")
        .contains(
            "sensitivity", "median delay (d)", "alerts/patient-week", "false alerts/patient-week")
        .contains("cases/patient-week", "false cases/patient-week")
        .contains("full engine vs fixed limits: alerts per patient-week x")
        .contains("per case: cases per patient-week x")
        .doesNotContain("WARNING");
    for (String arm : List.of(EvaluateCommand.FIXED, EvaluateCommand.FULL)) {
      for (String condition : List.of("all", "copd", "heart_failure", "fibrosis")) {
        assertThat(
                out.lines()
                    .filter(l -> l.matches("^" + arm + " +" + condition + " +\\d+/\\d+ .*"))
                    .count())
            .as(arm + " / " + condition)
            .isEqualTo(1);
      }
    }

    DeviceSimOptions options = DeviceSimOptions.defaults(PATIENTS, WEEKS, 3);
    DeviceSimReport report = DeviceSimEvaluation.run(options);
    // The scored episodes are exactly the simulator's ground truth (those that peak within the
    // period).
    Cohort cohort = Cohort.create(options.cohortSpec());
    int truth =
        (int) cohort.episodes().stream().filter(e -> !e.peak().isAfter(options.end())).count();
    int censored = cohort.episodes().size() - truth;
    assertThat(truth).as("the small cohort must have episodes to score").isPositive();
    assertThat(report.censored()).isEqualTo(censored);
    assertThat(cohort.episodes())
        .allMatch(e -> !e.onset().isBefore(options.scoredFrom()), "no onset in the run-in");
    for (String arm : report.arms().keySet()) {
      TriageEvaluation.Result all = report.result(arm, DeviceSimReport.ALL);
      assertThat(all.episodes()).isEqualTo(truth);
      assertThat(all.detected()).isBetween(0, all.episodes());
      assertThat(all.sensitivity()).isEqualTo((double) all.detected() / all.episodes());
      assertThat(all.falseAlerts()).isBetween(0, all.alerts());
      assertThat(all.patientWeeks()).isEqualTo(PATIENTS * WEEKS);
      assertThat(all.alertsPerPatientWeek()).isEqualTo(all.alerts() / (double) (PATIENTS * WEEKS));
      // A case opens only with a rule episode; a case's detection is a rule's opening or rise
      // inside it.
      assertThat(all.cases()).isPositive().isLessThanOrEqualTo(all.alerts());
      assertThat(all.falseCases()).isBetween(0, Math.min(all.cases(), all.falseAlerts()));
      assertThat(all.detectedByCase()).isEqualTo(all.detected());
      assertThat(all.casesPerPatientWeek()).isEqualTo(all.cases() / (double) (PATIENTS * WEEKS));
      int episodes = 0;
      int detected = 0;
      int alerts = 0;
      int cases = 0;
      int patients = 0;
      for (var c : DeviceSimEvaluation.CONDITIONS.entrySet()) {
        TriageEvaluation.Result r = report.result(arm, c.getValue());
        int expected =
            (int)
                cohort.patients().stream()
                    .filter(p -> DeviceSimEvaluation.condition(p) == c.getKey())
                    .flatMap(p -> p.episodes().stream())
                    .filter(e -> !e.peak().isAfter(options.end()))
                    .count();
        assertThat(r.episodes()).as(arm + " " + c.getValue()).isEqualTo(expected);
        assertThat(r.patientWeeks())
            .isEqualTo(report.patientsByCondition().get(c.getKey()) * (double) WEEKS);
        episodes += r.episodes();
        detected += r.detected();
        alerts += r.alerts();
        cases += r.cases();
        patients += r.patients();
        assertThat(r.detectedByCase()).as(arm + " " + c.getValue()).isEqualTo(r.detected());
      }
      assertThat(cases).isEqualTo(all.cases());
      assertThat(episodes).isEqualTo(all.episodes());
      assertThat(detected).isEqualTo(all.detected());
      assertThat(alerts).isEqualTo(all.alerts());
      assertThat(patients).isEqualTo(PATIENTS);
    }
    assertThat(report.stored()).isPositive();
    assertThat(report.quarantined()).as("realistic devices send some bad payloads").isPositive();
  }

  @Test
  void withoutEpisodesNothingIsDetectedAndEveryAlertIsAFalseAlert() {
    DeviceSimReport report =
        DeviceSimEvaluation.run(
            DeviceSimOptions.defaults(PATIENTS, WEEKS, 3).withAllEpisodeRates(0));
    assertThat(report.censored()).isZero();
    for (String arm : report.arms().keySet()) {
      for (TriageEvaluation.Result r : report.arms().get(arm).values()) {
        assertThat(r.episodes()).isZero();
        assertThat(r.detected()).isZero();
        assertThat(r.sensitivity()).isNaN();
        assertThat(r.medianDelayDays()).isNaN();
        assertThat(r.falseAlerts()).isEqualTo(r.alerts());
        assertThat(r.falseAlertsPerPatientWeek()).isEqualTo(r.alertsPerPatientWeek());
        assertThat(r.falseCases()).isEqualTo(r.cases());
        assertThat(r.cases()).isLessThanOrEqualTo(r.alerts());
      }
    }
    // Population limits alarm on stable patients who live outside them: the count is real, not zero
    // by accident.
    assertThat(report.result(EvaluateCommand.FIXED, DeviceSimReport.ALL).alerts()).isPositive();
  }

  @Test
  void perfectDevicesSendNothingTheDecoderRejects() {
    DeviceSimReport report =
        DeviceSimEvaluation.run(DeviceSimOptions.defaults(8, 5, 11).withPerfectDevices(true));
    assertThat(report.quarantined()).isZero();
    assertThat(report.duplicatesSent()).isZero();
    assertThat(report.duplicatesDropped()).isZero();
    assertThat(report.stored()).isPositive();
  }

  @Test
  void anAlertDetectsBetweenOnsetAndEndAndIsNotFalseUntilThreeDaysAfter() {
    Instant onset = Instant.parse("2026-03-01T08:00:00Z");
    Instant peak = onset.plus(Duration.ofDays(3));
    Instant end = onset.plus(Duration.ofDays(10));
    TruthEpisode e = new TruthEpisode(Condition.COPD, onset, peak, end, true);
    assertThat(e.detects(onset.minusSeconds(1))).isFalse();
    assertThat(e.explains(onset.minusSeconds(1))).isFalse();
    assertThat(e.detects(onset)).isTrue();
    assertThat(e.detects(end.minusSeconds(1))).isTrue();
    assertThat(e.detects(end)).isFalse();
    assertThat(e.explains(end.plus(Duration.ofDays(3)).minusSeconds(1))).isTrue();
    assertThat(e.explains(end.plus(Duration.ofDays(3)))).isFalse();
  }

  @Test
  void theEpisodeOfAPatientIsScoredOnlyIfItPeaksInsideThePeriod() {
    DeviceSimOptions options = DeviceSimOptions.defaults(PATIENTS, WEEKS, 3);
    Cohort cohort = Cohort.create(options.cohortSpec());
    for (CohortPatient p : cohort.patients()) {
      for (Episode e : p.episodes()) {
        TruthEpisode t = TruthEpisode.of(e, DeviceSimEvaluation.condition(p), options.end());
        assertThat(t.scored()).isEqualTo(!e.peak().isAfter(options.end()));
      }
    }
  }

  @Test
  void syntheticSourceStillRunsAndBadOptionsAreRefused() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    EvaluateCommand.run(
        new String[] {"--source", "synthetic", "--patients", "10", "--weeks", "4"},
        new PrintStream(bytes, true, StandardCharsets.UTF_8));
    assertThat(bytes.toString(StandardCharsets.UTF_8))
        .startsWith("synthetic cohort: 10 patients")
        .contains(EvaluateCommand.FIXED, EvaluateCommand.FULL);
    assertThatThrownBy(() -> EvaluateCommand.run(new String[] {"--source", "mqtt"}, System.out))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> EvaluateCommand.run(new String[] {"--episode-rate", "-1"}, System.out))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> EvaluateCommand.run(new String[] {"--weeks"}, System.out))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

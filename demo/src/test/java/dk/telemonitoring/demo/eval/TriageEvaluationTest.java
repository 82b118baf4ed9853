package dk.telemonitoring.demo.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.hub.triage.TriageConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class TriageEvaluationTest {

  @Test
  void fullEngineRaisesFewerAlertsAtNoLowerSensitivityOnASmallCohort() {
    List<SyntheticCohort.SimPatient> cohort = SyntheticCohort.generate(40, 6, 7);
    TriageEvaluation.Result fixed =
        TriageEvaluation.run("fixed", TriageConfig.fixedLimitsOnly(), cohort, 6, 7);
    TriageEvaluation.Result full = TriageEvaluation.run("full", TriageConfig.full(), cohort, 6, 7);
    assertThat(fixed.episodes()).isPositive();
    assertThat(full.alertsPerPatientWeek()).isLessThan(fixed.alertsPerPatientWeek());
    assertThat(full.sensitivity()).isGreaterThanOrEqualTo(fixed.sensitivity() - 0.1);
    for (TriageEvaluation.Result r : List.of(fixed, full)) {
      assertThat(r.cases()).as(r.arm()).isPositive().isLessThanOrEqualTo(r.alerts());
      assertThat(r.falseCases()).as(r.arm()).isBetween(0, Math.min(r.cases(), r.falseAlerts()));
      assertThat(r.detectedByCase()).as(r.arm()).isEqualTo(r.detected());
    }
  }
}

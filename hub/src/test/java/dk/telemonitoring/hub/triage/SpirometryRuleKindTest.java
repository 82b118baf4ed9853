package dk.telemonitoring.hub.triage;

import static dk.telemonitoring.hub.triage.Fixtures.T0;
import static dk.telemonitoring.hub.triage.Fixtures.finding;
import static dk.telemonitoring.hub.triage.Fixtures.obs;
import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.alerts.domain.Level;
import dk.telemonitoring.hub.reading.MeasurementType;
import dk.telemonitoring.hub.reading.SpirometryGrade;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Spirometry: below the rolling mean on two days (Cooper et al. 2020), below 60 % of the personal
 * best, grade D or worse excluded, and the fibrosis FVC decline after smoothing.
 */
class SpirometryRuleKindTest extends RuleKindFixture {

  private List<Observation> dailyFev1(double... values) {
    List<Observation> h = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      h.add(
          obs(MeasurementType.FEV1, values[i], T0.minus(Duration.ofDays(values.length - i)))
              .withGrade(SpirometryGrade.A));
    }
    return h;
  }

  @Test
  void belowRollingMeanMinus1645SdOnTwoDaysIsYellow() {
    // Cooper et al., Int J COPD 2020: 7-day rolling mean - 1.645 SD, on 2 days
    List<Observation> h = dailyFev1(1.50, 1.52, 1.48, 1.51, 1.49, 1.50, 1.52, 1.50, 1.35);
    TriageOutcome out =
        full.evaluate(
            Fixtures.patient(Condition.COPD),
            List.of(obs(MeasurementType.FEV1, 1.34, T0).withGrade(SpirometryGrade.B)),
            h);
    assertThat(finding(out, "spiro.cooper.fev1").level()).isEqualTo(Level.YELLOW);
    TriageOutcome oneDay =
        full.evaluate(
            Fixtures.patient(Condition.COPD),
            List.of(obs(MeasurementType.FEV1, 1.34, T0).withGrade(SpirometryGrade.B)),
            h.subList(0, 8));
    assertThat(finding(oneDay, "spiro.cooper.fev1").level()).isEqualTo(Level.GREEN);
  }

  @Test
  void belowSixtyPercentOfPersonalBestIsRed() {
    PatientContext p = Fixtures.patient(Condition.COPD).withPersonalBest(MeasurementType.PEF, 400);
    TriageOutcome out =
        full.evaluate(
            p, List.of(obs(MeasurementType.PEF, 230, T0).withGrade(SpirometryGrade.A)), List.of());
    assertThat(finding(out, "spiro.best.pef").level()).isEqualTo(Level.RED);
    assertThat(finding(out, "spiro.best.pef").explanation().en())
        .isEqualTo(
            "PEF 230 L/min is 58% of this patient's personal best of 400 L/min (below 60%).");
  }

  @Test
  void gradeDOrWorseIsExcludedFromAlarms() {
    PatientContext p = Fixtures.patient(Condition.COPD).withPersonalBest(MeasurementType.PEF, 400);
    TriageOutcome out =
        full.evaluate(
            p, List.of(obs(MeasurementType.PEF, 150, T0).withGrade(SpirometryGrade.D)), List.of());
    assertThat(out.level()).isEqualTo(Level.GREEN);
    assertThat(out.findings()).isEmpty();
  }

  @Test
  void fibrosisFvcDeclineOfTenPercentAfterSmoothingIsRed() {
    List<Observation> h = new ArrayList<>();
    for (int d = 4; d < 24; d++)
      h.add(
          obs(MeasurementType.FVC, 2.50 + (d % 3 - 1) * 0.1, T0.minus(Duration.ofDays(d)))
              .withGrade(SpirometryGrade.A));
    // one bad day alone is smoothed away
    TriageOutcome single =
        full.evaluate(
            Fixtures.patient(Condition.FIBROSIS),
            List.of(obs(MeasurementType.FVC, 2.10, T0).withGrade(SpirometryGrade.A)),
            concat(
                h,
                List.of(
                    obs(MeasurementType.FVC, 2.5, T0.minus(Duration.ofDays(2))),
                    obs(MeasurementType.FVC, 2.5, T0.minus(Duration.ofDays(1))))));
    assertThat(finding(single, "spiro.fvc-decline").level()).isEqualTo(Level.GREEN);
    TriageOutcome sustained =
        full.evaluate(
            Fixtures.patient(Condition.FIBROSIS),
            List.of(obs(MeasurementType.FVC, 2.20, T0).withGrade(SpirometryGrade.A)),
            concat(
                h,
                List.of(
                    obs(MeasurementType.FVC, 2.22, T0.minus(Duration.ofDays(2))),
                    obs(MeasurementType.FVC, 2.21, T0.minus(Duration.ofDays(1))))));
    assertThat(finding(sustained, "spiro.fvc-decline").level()).isEqualTo(Level.RED);
  }

  static <T> List<T> concat(List<T> a, List<T> b) {
    List<T> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }
}

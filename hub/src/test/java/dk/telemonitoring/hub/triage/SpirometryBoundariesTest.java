package dk.telemonitoring.hub.triage;

import static dk.telemonitoring.hub.triage.Fixtures.T0;
import static dk.telemonitoring.hub.triage.Fixtures.obs;
import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.alerts.domain.Level;
import dk.telemonitoring.hub.reading.MeasurementType;
import dk.telemonitoring.hub.reading.SpirometryGrade;
import dk.telemonitoring.hub.triage.rules.SpirometryRule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link SpirometryRule} at its boundaries (docs/clinical-reference.md "Personal baseline and
 * trends"): below 60% of personal best RED, exactly 60% not; FVC decline of 10% from baseline in
 * fibrosis RED, exactly 10% included; the Cooper rule's "2 days" and its 4 measured days.
 * Resolution: FEV1 and FVC 0.01 L, PEF 1 L/min.
 */
class SpirometryBoundariesTest {

  @ParameterizedTest(name = "{0} {2} of personal best {1} -> {3}")
  @CsvSource({
    // code, best, value, level       % of best
    "PEF,  400,  241,  GREEN", // 60.25
    "PEF,  400,  240,  GREEN", // exactly 60: not below
    "PEF,  400,  239,  RED", // 59.75
    "FEV1, 2.00, 1.21, GREEN",
    "FEV1, 2.00, 1.20, GREEN",
    "FEV1, 2.00, 1.19, RED",
    "FEV1, 1.10, 0.66, GREEN", // exactly 60, computed as 59.999...
    "FEV1, 1.10, 0.65, RED",
    "FEV1, 0.55, 0.33, GREEN", // exactly 60, computed as 59.999...
  })
  void belowSixtyPercentOfPersonalBestIsRedAndExactlySixtyIsNot(
      MeasurementType code, double best, double value, Level level) {
    PatientContext p = Fixtures.patient(Condition.COPD).withPersonalBest(code, best);
    Finding f =
        best(p, TriageConfig.full(), obs(code, value, T0).withGrade(SpirometryGrade.A))
            .orElseThrow();
    assertThat(f.level()).isEqualTo(level);
    assertThat(f.repeatable()).isTrue();
    assertThat(f.explanation().en())
        .endsWith(level == Level.RED ? "(below 60%)." : Words.valueOf(code, best) + ".");
  }

  @Test
  void thePersonalBestRuleNeedsABestAPositiveOneAndPersonalLimitsAndAUsableSession() {
    Observation pef = obs(MeasurementType.PEF, 200, T0).withGrade(SpirometryGrade.A);
    PatientContext none = Fixtures.patient(Condition.COPD);
    assertThat(best(none, TriageConfig.full(), pef)).isEmpty();
    PatientContext zero = none.withPersonalBest(MeasurementType.PEF, 0);
    assertThat(best(zero, TriageConfig.full(), pef)).isEmpty();
    PatientContext withBest = none.withPersonalBest(MeasurementType.PEF, 400);
    assertThat(best(withBest, TriageConfig.fixedLimitsOnly(), pef)).isEmpty();
    assertThat(best(withBest, TriageConfig.full(), pef.withGrade(SpirometryGrade.D))).isEmpty();
    assertThat(
            best(withBest, TriageConfig.full(), pef.withGrade(SpirometryGrade.C))
                .orElseThrow()
                .level())
        .isEqualTo(Level.RED);
  }

  @ParameterizedTest(name = "fibrosis FVC baseline {0} L, last three sessions {1} L -> {2}")
  @CsvSource({
    // baseline, smoothed, level   decline
    "2.00, 1.81, GREEN", //  9.5 %
    "2.00, 1.80, RED", // 10.0 %, computed as 9.999...
    "2.00, 1.79, RED", // 10.5 %
    "3.00, 2.71, GREEN", //  9.7 %
    "3.00, 2.70, RED", // 10.0 %, computed as 9.999...
    "2.50, 2.25, RED", // 10.0 %
    "2.50, 2.26, GREEN",
  })
  void fibrosisFvcDeclineOfTenPercentIsRedExactlyTenIncluded(
      double baseline, double smoothed, Level level) {
    Finding f = fvc(Condition.FIBROSIS, TriageConfig.full(), baseline, smoothed).orElseThrow();
    assertThat(f.level()).isEqualTo(level);
    assertThat(f.repeatable()).isFalse();
    assertThat(f.inputs()).containsEntry("sessions", 3).containsEntry("baselineMedian", baseline);
    assertThat(f.explanation().en()).endsWith(level == Level.RED ? " L (10% or more)." : " L.");
  }

  @Test
  void theFvcRuleIsForFibrosisWithBaselinesOnly() {
    assertThat(fvc(Condition.COPD, TriageConfig.full(), 2.00, 1.70)).isEmpty();
    assertThat(fvc(Condition.AATD, TriageConfig.full(), 2.00, 1.70)).isEmpty();
    assertThat(fvc(Condition.FIBROSIS, TriageConfig.fixedLimitsOnly(), 2.00, 1.70)).isEmpty();
    assertThat(fvc(Condition.FIBROSIS, TriageConfig.full(), 2.00, 1.70)).isPresent();
  }

  @ParameterizedTest(name = "FEV1 low today and {0} days before (nothing between): {1}")
  @CsvSource({"1, YELLOW", "2, YELLOW", "3, GREEN"})
  void theCooperRuleCountsThePreviousMeasuringDayOnlyWithinTwoDays(int gap, Level level) {
    List<Observation> h = new ArrayList<>();
    for (int d = 12; d > gap; d--) h.add(fev1(1.50, d));
    h.add(fev1(1.40, gap));
    Finding f = cooper(h, 1.40).orElseThrow();
    assertThat(f.level()).isEqualTo(level);
    assertThat(f.inputs())
        .containsEntry("belowToday", true)
        .containsEntry("belowPreviousDay", gap <= 2);
  }

  @ParameterizedTest(name = "{0} measured days in the week before: a Cooper finding {1}")
  @CsvSource({"3, false", "4, true"})
  void theCooperRuleNeedsFourMeasuredDaysInTheWeekBefore(int days, boolean finding) {
    List<Observation> h = new ArrayList<>();
    for (int d = days; d >= 1; d--) h.add(fev1(1.50 + 0.01 * (d % 2), d));
    assertThat(cooper(h, 1.49).isPresent()).isEqualTo(finding);
  }

  @Test
  void theCooperRuleNeedsTodayBelowItsOwnLimitNotJustThePreviousDay() {
    List<Observation> h = new ArrayList<>();
    for (int d = 12; d > 1; d--) h.add(fev1(1.50, d));
    h.add(fev1(1.40, 1));
    Finding f = cooper(h, 1.50).orElseThrow();
    assertThat(f.inputs()).containsEntry("belowToday", false);
    assertThat(f.level()).isEqualTo(Level.GREEN);
    assertThat(f.explanation().en()).contains(" is not below ");
  }

  @ParameterizedTest(name = "FEV1 1.40 yesterday, {0} today, six days of 1.50 before -> {1}")
  @CsvSource({
    // today, level: today's limit is mean 1.486 - 1.645 x sample SD 0.0378 = 1.424
    "1.42, YELLOW",
    "1.43, GREEN", // below the limit a population SD (or n + 1) would give, not below the sample
    // SD's
  })
  void theCooperLimitUsesTheSampleStandardDeviationOfTheWeekBefore(double today, Level level) {
    List<Observation> h = new ArrayList<>();
    for (int d = 12; d > 1; d--) h.add(fev1(1.50, d));
    h.add(fev1(1.40, 1));
    Finding f = cooper(h, today).orElseThrow();
    assertThat(f.level()).isEqualTo(level);
    assertThat((double) f.inputs().get("threshold"))
        .isCloseTo(1.4235, org.assertj.core.data.Offset.offset(1e-4));
    if (level == Level.YELLOW) {
      assertThat(f.explanation().en())
          .isEqualTo(
              "FEV1 today 1.42 L is below the 7-day mean minus 1.645 SD (1.42 L), the second day running.");
      assertThat(f.explanation().da())
          .isEqualTo(
              "FEV1 i dag 1,42 L er under 7-dages gennemsnit minus 1,645 SD (1,42 L), anden dag i træk.");
    } else {
      assertThat(f.explanation().da())
          .isEqualTo("FEV1 i dag 1,43 L er ikke under 7-dages gennemsnit minus 1,645 SD (1,42 L).");
    }
  }

  @ParameterizedTest(
      name = "a week of 1.50, yesterday {0}, today {1}: below today {2}, below yesterday {3}")
  @CsvSource({
    "1.50, 1.40, true,  false", // yesterday exactly on its limit (SD 0): not below
    "1.50, 1.50, false, false", // today exactly on its limit: not below
  })
  void aValueExactlyOnTheCooperLimitIsNotBelowIt(
      double yesterday, double today, boolean belowToday, boolean belowYesterday) {
    List<Observation> h = new ArrayList<>();
    for (int d = 12; d > 1; d--) h.add(fev1(1.50, d));
    h.add(fev1(yesterday, 1));
    Finding f = cooper(h, today).orElseThrow();
    assertThat(f.inputs())
        .containsEntry("belowToday", belowToday)
        .containsEntry("belowPreviousDay", belowYesterday);
    assertThat(f.level()).isEqualTo(Level.GREEN);
  }

  @Test
  void anUnusableFvcSessionIsLeftOutOfTheSmoothing() {
    Finding f = fvc(Condition.FIBROSIS, TriageConfig.full(), 2.00, 1.80, true).orElseThrow();
    assertThat((double) f.inputs().get("smoothedFvc"))
        .isCloseTo(1.80, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(f.level()).isEqualTo(Level.RED);
  }

  @ParameterizedTest(name = "PEF {0} of 400 -> Danish ''{1}''")
  @CsvSource({
    "239, 'PEF 239 L/min er 60 % af patientens personlige bedste på 400 L/min (under 60 %).'",
    "240, 'PEF 240 L/min er 60 % af patientens personlige bedste på 400 L/min.'"
  })
  void thePersonalBestFindingInDanish(double pef, String da) {
    PatientContext p = Fixtures.patient(Condition.COPD).withPersonalBest(MeasurementType.PEF, 400);
    assertThat(
            best(
                    p,
                    TriageConfig.full(),
                    obs(MeasurementType.PEF, pef, T0).withGrade(SpirometryGrade.A))
                .orElseThrow()
                .explanation()
                .da())
        .isEqualTo(da);
  }

  @ParameterizedTest(name = "FVC baseline 2.00, last three {0} -> ''{1}''")
  @CsvSource({
    "1.80, 'FVC (mean of the last 3 sessions) 1.80 L is 10% below this patient''s 20-day baseline of 2 L (10% or more).', 'FVC (gennemsnit af de seneste 3 målinger) 1,80 L er 10 % under patientens 20-dages baseline på 2 L (10 % eller mere).'",
    "1.81, 'FVC (mean of the last 3 sessions) 1.81 L is 9.5% below this patient''s 20-day baseline of 2 L.', 'FVC (gennemsnit af de seneste 3 målinger) 1,81 L er 9,5 % under patientens 20-dages baseline på 2 L.'",
  })
  void theFvcDeclineIsWordedWithItsSmoothedValueAndPercentage(
      double smoothed, String en, String da) {
    Finding f = fvc(Condition.FIBROSIS, TriageConfig.full(), 2.00, smoothed).orElseThrow();
    assertThat(f.explanation().en()).isEqualTo(en);
    assertThat(f.explanation().da()).isEqualTo(da);
    assertThat(f.inputs()).containsEntry("declinePercent", smoothed == 1.80 ? 10.0 : 9.5);
  }

  private static Observation fev1(double v, int daysAgo) {
    return obs(MeasurementType.FEV1, v, T0.minus(Duration.ofDays(daysAgo)))
        .withGrade(SpirometryGrade.A);
  }

  private static Optional<Finding> cooper(List<Observation> history, double today) {
    TriageInput in =
        new TriageInput(
            Fixtures.patient(Condition.COPD),
            List.of(fev1(today, 0)),
            history,
            TriageConfig.full());
    return new SpirometryRule()
        .evaluate(in).stream().filter(f -> f.ruleId().equals("spiro.cooper.fev1")).findFirst();
  }

  private static Optional<Finding> best(PatientContext p, TriageConfig config, Observation o) {
    return new SpirometryRule()
        .evaluate(new TriageInput(p, List.of(o), List.of(), config)).stream()
            .filter(f -> f.ruleId().startsWith("spiro.best."))
            .findFirst();
  }

  /**
   * 20 stable days at the baseline, then three sessions at the smoothed value (two days ago,
   * yesterday, now).
   */
  private static Optional<Finding> fvc(
      Condition c, TriageConfig config, double baseline, double smoothed) {
    return fvc(c, config, baseline, smoothed, false);
  }

  private static Optional<Finding> fvc(
      Condition c,
      TriageConfig config,
      double baseline,
      double smoothed,
      boolean poorSessionLastNight) {
    List<Observation> h = new ArrayList<>();
    if (poorSessionLastNight) {
      h.add(
          obs(MeasurementType.FVC, 1.00, T0.minus(Duration.ofHours(10)))
              .withGrade(SpirometryGrade.D));
    }
    for (int d = 4; d < 24; d++) {
      h.add(
          obs(MeasurementType.FVC, baseline, T0.minus(Duration.ofDays(d)))
              .withGrade(SpirometryGrade.A));
    }
    h.add(
        obs(MeasurementType.FVC, smoothed, T0.minus(Duration.ofDays(2)))
            .withGrade(SpirometryGrade.A));
    h.add(
        obs(MeasurementType.FVC, smoothed, T0.minus(Duration.ofDays(1)))
            .withGrade(SpirometryGrade.B));
    TriageInput in =
        new TriageInput(
            Fixtures.patient(c),
            List.of(obs(MeasurementType.FVC, smoothed, T0).withGrade(SpirometryGrade.A)),
            h,
            config);
    return new SpirometryRule()
        .evaluate(in).stream().filter(f -> f.ruleId().equals("spiro.fvc-decline")).findFirst();
  }

  /** "400 L/min", "2 L": how the explanation writes the personal best. */
  private static final class Words {
    static String valueOf(MeasurementType t, double best) {
      String n = Explanation.num2(best);
      return t == MeasurementType.PEF ? Explanation.num(best) + " L/min" : n + " L";
    }
  }
}

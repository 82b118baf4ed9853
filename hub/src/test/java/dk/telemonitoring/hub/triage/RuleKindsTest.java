package dk.telemonitoring.hub.triage;

import static dk.telemonitoring.hub.triage.Fixtures.T0;
import static dk.telemonitoring.hub.triage.Fixtures.finding;
import static dk.telemonitoring.hub.triage.Fixtures.obs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dk.telemonitoring.alerts.domain.Level;
import dk.telemonitoring.hub.reading.MeasurementType;
import dk.telemonitoring.hub.reading.SpirometryGrade;
import dk.telemonitoring.hub.triage.engine.TriageEngine;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One nested class per rule kind; each cites the source its rows come from. */
class RuleKindsTest {

  private final TriageEngine full = new TriageEngine(TriageConfig.full());
  private final TriageEngine fixed = new TriageEngine(TriageConfig.fixedLimitsOnly());

  @Nested
  class PerPatientLimits {

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

  @Nested
  class Spirometry {

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
      PatientContext p =
          Fixtures.patient(Condition.COPD).withPersonalBest(MeasurementType.PEF, 400);
      TriageOutcome out =
          full.evaluate(
              p,
              List.of(obs(MeasurementType.PEF, 230, T0).withGrade(SpirometryGrade.A)),
              List.of());
      assertThat(finding(out, "spiro.best.pef").level()).isEqualTo(Level.RED);
      assertThat(finding(out, "spiro.best.pef").explanation().en())
          .isEqualTo(
              "PEF 230 L/min is 58% of this patient's personal best of 400 L/min (below 60%).");
    }

    @Test
    void gradeDOrWorseIsExcludedFromAlarms() {
      PatientContext p =
          Fixtures.patient(Condition.COPD).withPersonalBest(MeasurementType.PEF, 400);
      TriageOutcome out =
          full.evaluate(
              p,
              List.of(obs(MeasurementType.PEF, 150, T0).withGrade(SpirometryGrade.D)),
              List.of());
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
  }

  @Nested
  class HeartFailureWeight {

    private final List<Observation> weights =
        List.of(
            obs(
                MeasurementType.WEIGHT,
                80.0,
                T0.minus(Duration.ofDays(3)).plus(Duration.ofMinutes(5))),
            obs(MeasurementType.WEIGHT, 80.8, T0.minus(Duration.ofDays(2))),
            obs(MeasurementType.WEIGHT, 81.6, T0.minus(Duration.ofDays(1))));

    @ParameterizedTest(name = "weight {0} kg, breathless {1} -> {2}")
    @CsvSource({
      "82.0, false, GREEN",
      "82.1, false, YELLOW",
      "82.4, true, RED",
      "82.0, true, GREEN"
    })
    void moreThanTwoKgInThreeDays(double now, boolean breathless, Level level) {
      // ESC Heart Failure Association advice: more than 2 kg in 3 days
      List<Observation> msg = new ArrayList<>(List.of(obs(MeasurementType.WEIGHT, now, T0)));
      List<Observation> history = new ArrayList<>(weights);
      if (breathless)
        history.add(obs(MeasurementType.SYM_BREATHLESS, 1, T0.minus(Duration.ofHours(20))));
      TriageOutcome out = full.evaluate(Fixtures.patient(Condition.HEART_FAILURE), msg, history);
      assertThat(finding(out, "hf.weight-gain").level()).isEqualTo(level);
    }
  }

  @Nested
  class Trend {

    @Test
    void ewmaFiresBeforeTheFixedLimitIsCrossed() {
      PatientContext p =
          Fixtures.patient(Condition.COPD)
              .withLimit(
                  new PatientLimit(
                      "spo2",
                      85.0,
                      88.0,
                      90.0,
                      null,
                      null,
                      null,
                      "dr-berg",
                      "habitual 94-95",
                      T0.minus(Duration.ofDays(60)),
                      T0.plus(Duration.ofDays(30)),
                      false))
              .withLimit(
                  new PatientLimit(
                      "news2",
                      null,
                      null,
                      null,
                      5.0,
                      6.0,
                      7.0,
                      "dr-berg",
                      "habitual pNEWS2 2",
                      T0.minus(Duration.ofDays(60)),
                      T0.plus(Duration.ofDays(30)),
                      false));
      List<Observation> history = new ArrayList<>();
      for (int d = 5; d < 30; d++) {
        history.add(
            obs(MeasurementType.SPO2, 95 - d % 2, T0.minus(Duration.ofDays(d))).withOxygen(false));
      }
      // slow drift: 94, 93, 92, 92 over the last days, none at or below the limit of 90
      double[] drift = {94, 93, 92, 92};
      for (int i = 0; i < drift.length; i++) {
        history.add(
            obs(MeasurementType.SPO2, drift[i], T0.minus(Duration.ofDays(drift.length - i)))
                .withOxygen(false));
      }
      TriageOutcome out =
          full.evaluate(p, List.of(obs(MeasurementType.SPO2, 92, T0).withOxygen(false)), history);
      assertThat(finding(out, "limit.spo2").level()).isEqualTo(Level.GREEN);
      assertThat(finding(out, "trend.ewma.spo2").level())
          .as(finding(out, "trend.ewma.spo2").inputs().toString())
          .isEqualTo(Level.YELLOW);
      assertThat(finding(out, "trend.ewma.spo2").explanation().en()).startsWith("SpO2 is falling");
      TriageOutcome stable =
          full.evaluate(
              p,
              List.of(obs(MeasurementType.SPO2, 94, T0).withOxygen(false)),
              history.subList(0, 25));
      assertThat(finding(stable, "trend.ewma.spo2").level()).isEqualTo(Level.GREEN);
    }
  }

  @Nested
  class TrendOnATwiceWeeklyProgramme {

    @Test
    void ewmaRunsOverDailyMeansOfFourteenDays() {
      // EwmaTrendRule version 2: daily means of 14 days, at least 3 measuring days (twice weekly: 4
      // in 14)
      List<Observation> history = new ArrayList<>();
      for (int d = 18; d < 60; d += 3) {
        history.add(
            obs(MeasurementType.SPO2, 95 - d % 2, T0.minus(Duration.ofDays(d))).withOxygen(false));
      }
      for (int d : new int[] {12, 8, 4}) {
        history.add(obs(MeasurementType.SPO2, 91, T0.minus(Duration.ofDays(d))).withOxygen(false));
        // a second reading the same morning (another device) is the same day, not another day
        history.add(
            obs(MeasurementType.SPO2, 91, T0.minus(Duration.ofDays(d)).plusSeconds(600))
                .withOxygen(false));
      }
      TriageOutcome out =
          full.evaluate(
              Fixtures.patient(Condition.COPD),
              List.of(obs(MeasurementType.SPO2, 91, T0).withOxygen(false)),
              history);
      Finding f = finding(out, "trend.ewma.spo2");
      assertThat(f.inputs()).containsEntry("days", 4);
      assertThat(f.level()).as(f.inputs().toString()).isEqualTo(Level.YELLOW);
      // two measuring days in the run are not enough
      TriageOutcome early =
          full.evaluate(
              Fixtures.patient(Condition.COPD),
              List.of(
                  obs(MeasurementType.SPO2, 91, T0.minus(Duration.ofDays(8)).plusSeconds(900))
                      .withOxygen(false)),
              history);
      assertThat(finding(early, "trend.ewma.spo2").level()).isEqualTo(Level.GREEN);
    }
  }

  @Nested
  class Questionnaire {

    @ParameterizedTest(name = "breathless {0}, sputum {1}, colour {2}, fever {3} -> {4}")
    @CsvSource({
      "0,0,1,0,GREEN",
      "1,0,1,0,GREEN",
      "1,1,1,0,YELLOW",
      "1,0,0,1,YELLOW",
      "1,1,3,0,RED",
      "0,0,0,1,GREEN"
    })
    void symptoms(int breathless, int sputum, int colour, int fever, Level level) {
      TriageOutcome out =
          full.evaluate(
              Fixtures.patient(Condition.COPD),
              List.of(
                  obs(MeasurementType.SYM_BREATHLESS, breathless, T0),
                      obs(MeasurementType.SYM_SPUTUM_MORE, sputum, T0),
                  obs(MeasurementType.SYM_SPUTUM_COLOUR, colour, T0),
                      obs(MeasurementType.SYM_FEVER, fever, T0)),
              List.of());
      assertThat(finding(out, "symptoms").level()).isEqualTo(level);
    }

    @Test
    void catRiseAgainstBaseline() {
      List<Observation> h = new ArrayList<>();
      for (int d = 4; d < 20; d++)
        h.add(obs(MeasurementType.CAT, 14 + d % 2, T0.minus(Duration.ofDays(d))));
      // version 2: the previous questionnaire (within 7 days) must be 4 or more above too
      assertThat(
              finding(
                      full.evaluate(
                          Fixtures.patient(Condition.COPD),
                          List.of(obs(MeasurementType.CAT, 19, T0)),
                          h),
                      "cat.rise")
                  .level())
          .isEqualTo(Level.GREEN);
      h.add(obs(MeasurementType.CAT, 19, T0.minus(Duration.ofDays(3)).plusSeconds(60)));
      assertThat(
              finding(
                      full.evaluate(
                          Fixtures.patient(Condition.COPD),
                          List.of(obs(MeasurementType.CAT, 19, T0)),
                          h),
                      "cat.rise")
                  .level())
          .isEqualTo(Level.YELLOW);
      assertThat(
              finding(
                      full.evaluate(
                          Fixtures.patient(Condition.COPD),
                          List.of(obs(MeasurementType.CAT, 16, T0)),
                          h),
                      "cat.rise")
                  .level())
          .isEqualTo(Level.GREEN);
    }

    @ParameterizedTest(
        name = "weekly CAT {0} after last week's {1}, {2} min later in the day -> {3}")
    @CsvSource({
      // a weekly answer a few minutes later than last week's still has last week's as its previous
      // answer
      "19, 19, 30, YELLOW",
      "19, 15, 30, GREEN",
      // 30 or more is very high impact (Jones et al. 2009) with or without a baseline and a
      // previous answer
      "38, 15, 30, YELLOW",
      "29, 15, 30, GREEN"
    })
    void weeklyCatAgainstBaseline(int today, int lastWeek, int minutesLater, Level level) {
      List<Observation> h = new ArrayList<>();
      for (int week = 2; week < 14; week++)
        h.add(obs(MeasurementType.CAT, 14 + week % 2, T0.minus(Duration.ofDays(7L * week))));
      h.add(
          obs(
              MeasurementType.CAT,
              lastWeek,
              T0.minus(Duration.ofDays(7)).minus(Duration.ofMinutes(minutesLater))));
      assertThat(
              finding(
                      full.evaluate(
                          Fixtures.patient(Condition.COPD),
                          List.of(obs(MeasurementType.CAT, today, T0)),
                          h),
                      "cat.rise")
                  .level())
          .isEqualTo(level);
    }
  }

  static <T> List<T> concat(List<T> a, List<T> b) {
    List<T> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  static Instant at(int days) {
    return T0.plus(Duration.ofDays(days));
  }
}

package dk.telemonitoring.hub.triage;

import static dk.telemonitoring.hub.triage.Fixtures.T0;
import static dk.telemonitoring.hub.triage.Fixtures.finding;
import static dk.telemonitoring.hub.triage.Fixtures.obs;
import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.alerts.domain.Level;
import dk.telemonitoring.hub.reading.MeasurementType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The heart-failure weight gain (ESC Heart Failure Association) and the EWMA trend, daily and on a
 * twice-weekly programme; one nested class per rule kind.
 */
class WeightAndTrendRuleKindTest extends RuleKindFixture {

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
}

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The questionnaire: symptom combinations, and the CAT rise against the baseline, daily and weekly
 * (very high impact from 30, Jones et al. 2009).
 */
class QuestionnaireRuleKindTest extends RuleKindFixture {

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

  @ParameterizedTest(name = "weekly CAT {0} after last week's {1}, {2} min later in the day -> {3}")
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

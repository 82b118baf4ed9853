package dk.telemonitoring.hub.triage;

import static dk.telemonitoring.hub.triage.Fixtures.T0;
import static dk.telemonitoring.hub.triage.Fixtures.obs;
import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.alerts.domain.Level;
import dk.telemonitoring.hub.reading.MeasurementType;
import dk.telemonitoring.hub.triage.rules.BaselineDeviationRule;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * How a personal baseline is built ({@link Baseline}; docs/clinical-reference.md "Personal baseline
 * and trends": median and MAD over stable days, alert episodes and the 14 days after them excluded)
 * at each of its limits, and the baseline rules exactly on their steps (SpO2 2 and 3 points, pulse
 * 10 /min; Hurst et al., BMC Pulm Med 2010).
 */
class BaselineBoundariesTest {

  @ParameterizedTest(name = "{0} days with {1} readings each -> baseline {2}")
  @CsvSource({"6, 2, false", "7, 2, true", "9, 1, false", "10, 1, true", "7, 1, false"})
  void aBaselineNeedsSevenDaysAndTenReadings(int days, int perDay, boolean present) {
    List<Observation> h = new ArrayList<>();
    for (int d = 0; d < days; d++) {
      for (int r = 0; r < perDay; r++)
        h.add(obs(MeasurementType.SPO2, 94, T0.minus(Duration.ofDays(4 + d)).plusSeconds(60 * r)));
    }
    Optional<Baseline> b = Baseline.of(MeasurementType.SPO2, h, T0, List.of());
    assertThat(b.isPresent()).isEqualTo(present);
    b.ifPresent(x -> assertThat(x.days()).isEqualTo(days));
  }

  @ParameterizedTest(name = "a reading of 80 at T0 - {0} s is counted {1}")
  @CsvSource({
    "259199,  false", // inside the last 3 days, which are left out
    "259200,  false", // exactly 3 days: left out
    "259201,  true",
    "7776000, true", // exactly the 90-day look-back
    "7776001, false",
  })
  void theLastThreeDaysAreLeftOutAndNinetyDaysAreLookedBack(long secondsBefore, boolean counted) {
    List<Observation> h = tenStableDays(94);
    h.add(obs(MeasurementType.SPO2, 80, T0.minusSeconds(secondsBefore)));
    Baseline b = Baseline.of(MeasurementType.SPO2, h, T0, List.of()).orElseThrow();
    assertThat(b.count()).isEqualTo(counted ? 11 : 10);
  }

  @ParameterizedTest(name = "a reading {0} s after an episode ended is counted {1}")
  @CsvSource({"0, false", "1209599, false", "1209600, true"})
  void anEpisodeAndTheFourteenDaysAfterItAreLeftOut(long secondsAfterEnd, boolean counted) {
    Instant end = T0.minus(Duration.ofDays(40));
    List<Observation> h = tenStableDays(94);
    h.add(obs(MeasurementType.SPO2, 80, end.plusSeconds(secondsAfterEnd)));
    List<TimeInterval> episodes = List.of(new TimeInterval(end.minus(Duration.ofDays(2)), end));
    assertThat(Baseline.of(MeasurementType.SPO2, h, T0, episodes).orElseThrow().count())
        .isEqualTo(counted ? 11 : 10);
  }

  @ParameterizedTest(name = "{0} stable days -> built from {1}")
  @CsvSource({"27, 27", "28, 28", "29, 28", "40, 28"})
  void atMostTheTwentyEightMostRecentStableDaysCount(int days, int used) {
    List<Observation> h = new ArrayList<>();
    for (int d = 0; d < days; d++)
      h.add(obs(MeasurementType.SPO2, d < 28 ? 94 : 80, T0.minus(Duration.ofDays(4 + d))));
    Baseline b = Baseline.of(MeasurementType.SPO2, h, T0, List.of()).orElseThrow();
    assertThat(b.days()).isEqualTo(used);
    assertThat(b.median()).isEqualTo(94.0);
  }

  @ParameterizedTest(name = "{0}: MAD {1} gives sigma {2}")
  @CsvSource({
    "SPO2, 0, 1.0", "SPO2, 1, 1.4826", "PULSE, 0, 5.0", "PULSE, 4, 5.9304", "PEF, 0, 10.0",
        "WEIGHT, 0, 0.5",
    "FEV1, 0, 0.1", "FVC, 0, 0.1", "FEV6, 0, 0.1", "TEMPERATURE, 0, 0.3", "CAT, 0, 2.0",
        "RESP_RATE, 0, 1.0"
  })
  void sigmaIsTheRobustSdNeverBelowTheDayToDayVariation(
      MeasurementType type, double mad, double sigma) {
    assertThat(new Baseline(type, 50, mad, 14, 20).sigma())
        .isCloseTo(sigma, org.assertj.core.data.Offset.offset(1e-9));
  }

  @ParameterizedTest(name = "median of {0} is {1}")
  @CsvSource({"'94', 94", "'94 92', 93", "'95 91 93', 93", "'90 91 96 97', 93.5"})
  void theMedianOfOddAndEvenCounts(String values, double median) {
    assertThat(
            Baseline.median(
                java.util.Arrays.stream(values.split(" ")).map(Double::valueOf).toList()))
        .isEqualTo(median);
  }

  @ParameterizedTest(
      name = "SpO2 {0}% against a baseline of exactly 94, previous measuring day {1} -> {2}")
  @CsvSource(
      nullValues = "none",
      value = {
        "92, 92,   YELLOW", // 2 below on both days
        "92, 93,   GREEN",
        "93, 92,   GREEN",
        "91, none, RED", // 3 below: RED on one reading
        "91.5, 92, YELLOW",
      })
  void spo2StepsOfTwoAndThreePoints(double value, Double previous, Level level) {
    assertThat(deviation(MeasurementType.SPO2, 94, value, previous, 2).level()).isEqualTo(level);
  }

  @ParameterizedTest(
      name = "pulse {0} against a baseline of exactly 70, previous measuring day {1} -> {2}")
  @CsvSource(
      nullValues = "none",
      value = {
        "80, 80, YELLOW",
        "79, 80, GREEN",
        "80, 79, GREEN",
        "80, none, GREEN",
        "95, 95, YELLOW"
      })
  void pulseRiseOfTenOnTwoMeasuringDays(double value, Double previous, Level level) {
    assertThat(deviation(MeasurementType.PULSE, 70, value, previous, 2).level()).isEqualTo(level);
  }

  @ParameterizedTest(name = "the previous measuring day {0} calendar days before -> {1}")
  @CsvSource({"1, YELLOW", "7, YELLOW", "8, GREEN"})
  void thePreviousMeasuringDayCountsWithinSevenCalendarDays(int daysBefore, Level level) {
    Finding f = deviation(MeasurementType.SPO2, 94, 92, 92.0, daysBefore);
    assertThat(f.level()).isEqualTo(level);
    assertThat(f.inputs().containsKey("previousDayMedian")).isEqualTo(daysBefore <= 7);
    if (daysBefore == 1) {
      assertThat(f.explanation().en())
          .isEqualTo(
              "SpO2 92% is 2 points below this patient's 10-day baseline of 94%"
                  + " (the previous measuring day: 92%).");
    }
  }

  @ParameterizedTest(name = "{0} {1} against a baseline of {2}: ''{3}''")
  @CsvSource(
      quoteCharacter = '"',
      value = {
        "SPO2,  94, 94, \"SpO2 94% is in line with this patient's 10-day baseline of 94%.\", \"SpO2 94 % svarer til patientens 10-dages baseline på 94 %.\"",
        "SPO2,  95, 94, \"SpO2 95% is in line with this patient's 10-day baseline of 94%.\", \"SpO2 95 % svarer til patientens 10-dages baseline på 94 %.\"",
        "SPO2,  93, 94, \"SpO2 93% is 1 point below this patient's 10-day baseline of 94%.\", \"SpO2 93 % er 1 point under patientens 10-dages baseline på 94 %.\"",
        "PULSE, 75, 70, \"Pulse 75 /min is 5 /min above this patient's 10-day baseline of 70 /min.\", \"Puls 75 /min er 5 /min over patientens 10-dages baseline på 70 /min.\"",
        "PULSE, 70, 70, \"Pulse 70 /min is in line with this patient's 10-day baseline of 70 /min.\", \"Puls 70 /min svarer til patientens 10-dages baseline på 70 /min.\"",
      })
  void aDeviationIsWordedOnlyWhenThereIsOne(
      MeasurementType t, double value, double base, String en, String da) {
    Finding f = deviation(t, base, value, null, 2);
    assertThat(f.level()).isEqualTo(Level.GREEN);
    assertThat(f.explanation().en()).isEqualTo(en);
    assertThat(f.explanation().da()).isEqualTo(da);
    assertThat(f.repeatable()).isTrue();
  }

  @ParameterizedTest(name = "previous day {0} days before -> Danish ''{1}''")
  @CsvSource(
      quoteCharacter = '"',
      value = {
        "1, \"SpO2 92 % er 2 point under patientens 10-dages baseline på 94 % (forrige måledag: 92 %).\""
      })
  void theYellowStepNamesThePreviousMeasuringDayInDanishToo(int daysBefore, String da) {
    assertThat(deviation(MeasurementType.SPO2, 94, 92, 92.0, daysBefore).explanation().da())
        .isEqualTo(da);
  }

  /**
   * Ten stable days of exactly {@code base} from 10 to 19 days back, one earlier reading, then
   * today's.
   */
  private static Finding deviation(
      MeasurementType t, double base, double value, Double previous, int daysBefore) {
    List<Observation> h = new ArrayList<>();
    for (int d = 10; d < 20; d++) h.add(obs(t, base, T0.minus(Duration.ofDays(d))));
    if (previous != null) h.add(obs(t, previous, T0.minus(Duration.ofDays(daysBefore))));
    TriageInput in =
        new TriageInput(
            Fixtures.patient(Condition.COPD), List.of(obs(t, value, T0)), h, TriageConfig.full());
    return new BaselineDeviationRule().evaluate(in).get(0);
  }

  private static List<Observation> tenStableDays(double v) {
    List<Observation> h = new ArrayList<>();
    for (int d = 10; d < 20; d++) h.add(obs(MeasurementType.SPO2, v, T0.minus(Duration.ofDays(d))));
    return h;
  }
}

package dk.telemonitoring.hub.triage;

import static dk.telemonitoring.hub.triage.Fixtures.T0;
import static dk.telemonitoring.hub.triage.Fixtures.finding;
import static dk.telemonitoring.hub.triage.Fixtures.obs;
import static dk.telemonitoring.hub.triage.Fixtures.stableSpo2;
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
 * The personal-baseline rules (drops and rises against the patient's stable days) and how baselines
 * are built.
 */
class BaselineRulesTest {

  private final TriageEngine full = new TriageEngine(TriageConfig.full());
  private final TriageEngine fixed = new TriageEngine(TriageConfig.fixedLimitsOnly());

  @Test
  void spo2DropBelowBaselineIsExplainedInBothLanguages() {
    List<Observation> history = new ArrayList<>();
    for (int d = 4; d < 18; d++) {
      history.add(obs(MeasurementType.SPO2, 92, T0.minus(Duration.ofDays(d))).withOxygen(false));
    }
    history.addAll(stableSpo2(92, 0));
    history.add(
        obs(MeasurementType.SPO2, 92, T0.minus(Duration.ofDays(5)).plus(Duration.ofHours(9))));
    PatientContext p = Fixtures.patient(Condition.COPD);
    TriageOutcome out =
        full.evaluate(p, List.of(obs(MeasurementType.SPO2, 88, T0).withOxygen(false)), history);
    Finding f = finding(out, "baseline.spo2-drop");
    assertThat(f.level()).isEqualTo(Level.RED);
    assertThat(f.explanation().en())
        .isEqualTo("SpO2 88% is 4 points below this patient's 14-day baseline of 92%.");
    assertThat(f.explanation().da())
        .isEqualTo("SpO2 88 % er 4 point under patientens 14-dages baseline på 92 %.");
    assertThat(f.inputs()).containsEntry("baselineMedian", 92.0).containsEntry("baselineDays", 14);
  }

  // docs/clinical-reference.md#baseline-deviation: 2 points below baseline YELLOW, 3 or more RED
  // (Hurst et al. 2010);
  // YELLOW only when the previous measuring day (within 7 days) was 2 or more below too (rule
  // version 2, Cooper-style
  // 2 days).
  @ParameterizedTest(name = "SpO2 {0} against baseline 94, previous measuring day {1} -> {2}")
  @CsvSource(
      nullValues = "none",
      value = {
        "94, 94, GREEN",
        "93, 93, GREEN",
        "92, 94, GREEN",
        "92, 93, GREEN",
        "92, 92, YELLOW",
        "92, 90, YELLOW",
        "92, none, GREEN",
        "91, 94, RED",
        "91, none, RED",
        "89, 94, RED"
      })
  void spo2DropBands(double value, Double previousDay, Level level) {
    List<Observation> history = new ArrayList<>(stableSpo2(94, 14));
    if (previousDay != null) {
      history.add(
          obs(MeasurementType.SPO2, previousDay, T0.minus(Duration.ofDays(2))).withOxygen(false));
    }
    TriageOutcome out =
        full.evaluate(
            Fixtures.patient(Condition.COPD),
            List.of(obs(MeasurementType.SPO2, value, T0).withOxygen(false)),
            history);
    assertThat(finding(out, "baseline.spo2-drop").level()).isEqualTo(level);
  }

  @Test
  void spo2DropIsMeasuredFromTheMedianItselfNotItsRoundedValue() {
    // median 93.5: 91 is 2.5 points below, not 3 (version 1 rounded the median up to 94 and said
    // RED)
    List<Observation> h = new ArrayList<>();
    for (int d = 4; d < 18; d++)
      h.add(obs(MeasurementType.SPO2, 93 + d % 2, T0.minus(Duration.ofDays(d))).withOxygen(false));
    TriageOutcome out =
        full.evaluate(
            Fixtures.patient(Condition.COPD),
            List.of(obs(MeasurementType.SPO2, 91, T0).withOxygen(false)),
            h);
    Finding f = finding(out, "baseline.spo2-drop");
    assertThat(f.inputs()).containsEntry("baselineMedian", 93.5);
    assertThat(f.level()).isEqualTo(Level.GREEN);
    assertThat(f.explanation().en())
        .isEqualTo("SpO2 91% is 2.5 points below this patient's 14-day baseline of 93.5%.");
  }

  @ParameterizedTest(name = "pulse {0} against baseline 73, previous measuring day {1} -> {2}")
  @CsvSource(
      nullValues = "none",
      value = {
        "84, 84, YELLOW",
        "84, 80, GREEN",
        "84, none, GREEN",
        "82, 84, GREEN",
        "95, 83, YELLOW"
      })
  void pulseRiseOfTenOnTwoMeasuringDaysIsYellow(double value, Double previousDay, Level level) {
    List<Observation> h = new ArrayList<>();
    for (int d = 4; d < 20; d++)
      h.add(obs(MeasurementType.PULSE, 72 + d % 3, T0.minus(Duration.ofDays(d))));
    if (previousDay != null)
      h.add(obs(MeasurementType.PULSE, previousDay, T0.minus(Duration.ofDays(1))));
    TriageOutcome out =
        full.evaluate(
            Fixtures.patient(Condition.COPD), List.of(obs(MeasurementType.PULSE, value, T0)), h);
    assertThat(finding(out, "baseline.pulse-rise").level()).isEqualTo(level);
  }

  @Test
  void twoReadingsOnOneDayAreNotTwoMeasuringDays() {
    List<Observation> h = new ArrayList<>();
    for (int d = 4; d < 20; d++)
      h.add(obs(MeasurementType.PULSE, 72 + d % 3, T0.minus(Duration.ofDays(d))));
    h.add(obs(MeasurementType.PULSE, 85, T0.minus(Duration.ofMinutes(30))));
    TriageOutcome out =
        full.evaluate(
            Fixtures.patient(Condition.COPD), List.of(obs(MeasurementType.PULSE, 85, T0)), h);
    assertThat(finding(out, "baseline.pulse-rise").level()).isEqualTo(Level.GREEN);
  }

  @Test
  void baselineLooksBackBeyondSixWeeksForStableDaysOnATwiceWeeklyProgramme() {
    // readings every 3 days (docs/clinical-reference.md#baselines): 94 until 60 days ago, then 90
    // in an alert
    // episode that is still open; everything since it opened is excluded, the baseline is frozen
    // before it
    List<Observation> h = new ArrayList<>();
    for (int d = 61; d < 112; d += 3)
      h.add(obs(MeasurementType.SPO2, 94, T0.minus(Duration.ofDays(d))).withOxygen(false));
    for (int d = 4; d < 60; d += 3)
      h.add(obs(MeasurementType.SPO2, 90, T0.minus(Duration.ofDays(d))).withOxygen(false));
    List<TimeInterval> open = List.of(new TimeInterval(T0.minus(Duration.ofDays(60)), null));
    Baseline frozen = Baseline.of(MeasurementType.SPO2, h, T0, open).orElseThrow();
    assertThat(frozen.median()).isEqualTo(94.0);
    assertThat(frozen.days()).isGreaterThanOrEqualTo(Baseline.MIN_DAYS);
    assertThat(Baseline.of(MeasurementType.SPO2, h, T0, List.of()).orElseThrow().median())
        .isEqualTo(90.0);
    // nothing stable within the 90-day look-back: no baseline, rather than one learnt from the
    // episode
    assertThat(
            Baseline.of(
                MeasurementType.SPO2,
                h,
                T0,
                List.of(new TimeInterval(T0.minus(Duration.ofDays(89)), null))))
        .isEmpty();
  }

  @ParameterizedTest(name = "{0} at {1}: suspected episode {2}")
  @CsvSource({
    "limit.spo2, YELLOW, false",
    "news2.aggregate, YELLOW, false",
    "news2.single-parameter, RED, true",
    "limit.bp_systolic, RED, true",
    "limit.spo2, CRITICAL, true",
    "baseline.spo2-drop, YELLOW, true",
    "trend.ewma.weight, YELLOW, true",
    "hf.weight-gain, YELLOW, true",
    "spiro.cooper.pef, YELLOW, true",
    "symptoms, YELLOW, true",
    "cat.rise, YELLOW, true",
    "contact.request, YELLOW, false",
    "limit.spo2, GREEN, false"
  })
  void whichAlertEpisodesFreezeBaselines(String rule, Level maxLevel, boolean suspected) {
    // Baseline.suspectedEpisode: RED or above, or a personal rule; a YELLOW fixed limit can be the
    // habitual value
    assertThat(Baseline.suspectedEpisode(rule, maxLevel)).isEqualTo(suspected);
  }

  @Test
  void alertEpisodesAndFourteenDaysAfterAreExcludedFromTheBaseline() {
    List<Observation> history = new ArrayList<>(stableSpo2(94, 30));
    // an exacerbation 20-25 days ago with low values; excluded with the 14 days after it
    for (int d = 20; d <= 25; d++)
      history.add(
          obs(MeasurementType.SPO2, 85, T0.minus(Duration.ofDays(d)).plus(Duration.ofHours(3))));
    PatientContext p =
        Fixtures.patient(Condition.COPD)
            .withAlertEpisodes(
                List.of(
                    new TimeInterval(
                        T0.minus(Duration.ofDays(26)), T0.minus(Duration.ofDays(19)))));
    Baseline b = Baseline.of(MeasurementType.SPO2, history, T0, p.alertEpisodes()).orElseThrow();
    assertThat(b.median()).isEqualTo(94.0);
    assertThat(history.stream().filter(o -> o.value() == 85).count()).isEqualTo(6);
    Baseline unexcluded = Baseline.of(MeasurementType.SPO2, history, T0, List.of()).orElseThrow();
    assertThat(unexcluded.count()).isGreaterThan(b.count());
  }

  @Test
  void continuousSamplesNeitherBuildTheBaselineNorAreMeasuredAgainstIt() {
    // A wearable's nights at 88% (hundreds of samples) beside the morning spot checks at 94%.
    List<Observation> history = new ArrayList<>(stableSpo2(94, 30));
    for (int d = 4; d < 30; d++) {
      for (int s = 0; s < 50; s++) {
        history.add(
            continuous(obs(MeasurementType.SPO2, 88, T0.minus(Duration.ofDays(d)).plusSeconds(s))));
      }
    }
    assertThat(Baseline.of(MeasurementType.SPO2, history, T0, List.of()).orElseThrow().median())
        .isEqualTo(94.0);

    Observation night = continuous(obs(MeasurementType.SPO2, 90, T0).withOxygen(false));
    TriageOutcome out = full.evaluate(Fixtures.patient(Condition.COPD), List.of(night), history);
    assertThat(out.findings())
        .noneMatch(f -> f.ruleId().startsWith("baseline.") || f.ruleId().startsWith("trend."));
    assertThat(finding(out, "limit.spo2").level()).isEqualTo(Level.YELLOW);
  }

  private static Observation continuous(Observation o) {
    return new Observation(
        o.type(),
        o.value(),
        o.measuredAt(),
        o.oxygen(),
        o.rest(),
        o.grade(),
        java.util.Set.of(dk.telemonitoring.hub.reading.Reading.FLAG_CONTINUOUS),
        o.ref());
  }

  @Test
  void noBaselineWithTooFewStableDays() {
    TriageOutcome out =
        full.evaluate(
            Fixtures.patient(Condition.COPD),
            List.of(obs(MeasurementType.SPO2, 90, T0).withOxygen(false)),
            stableSpo2(94, 3));
    assertThat(out.findings()).noneMatch(f -> f.ruleId().equals("baseline.spo2-drop"));
  }
}

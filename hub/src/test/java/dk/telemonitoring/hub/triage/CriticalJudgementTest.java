package dk.telemonitoring.hub.triage;

import static dk.telemonitoring.hub.triage.Fixtures.T0;
import static dk.telemonitoring.hub.triage.Fixtures.obs;
import static dk.telemonitoring.hub.triage.Fixtures.patient;
import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.alerts.domain.Level;
import dk.telemonitoring.hub.reading.MeasurementType;
import dk.telemonitoring.hub.reading.Reading;
import dk.telemonitoring.hub.triage.engine.CriticalJudgement;
import dk.telemonitoring.hub.triage.engine.TriageEngine;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The critical lane's judgement ({@link CriticalJudgement}) and the ingest's screen in front of it
 * ({@link CriticalScreen}): the screen lets through every value the lane would judge CRITICAL for
 * any group's defaults or the floors (a patient's own limits are screened in SQL), and the lane's
 * finding is the one full triage makes, so that full triage joins it.
 */
class CriticalJudgementTest {

  private static final CriticalJudgement LANE = new CriticalJudgement(TriageConfig.full());

  private record Range(MeasurementType type, double from, double to) {}

  private static final List<Range> RANGES =
      List.of(
          new Range(MeasurementType.SPO2, 50, 100),
          new Range(MeasurementType.PULSE, 20, 230),
          new Range(MeasurementType.RESP_RATE, 0, 60),
          new Range(MeasurementType.TEMPERATURE, 30, 44),
          new Range(MeasurementType.BP_SYSTOLIC, 40, 300));

  @Test
  void theScreenLetsThroughEveryValueTheLaneJudgesCriticalUnderEveryGroupsDefaults() {
    int critical = 0;
    for (TriageConfig config : List.of(TriageConfig.full(), TriageConfig.fixedLimitsOnly())) {
      CriticalJudgement lane = new CriticalJudgement(config);
      for (Condition condition : Condition.values()) {
        for (Range r : RANGES) {
          for (double v = r.from(); v <= r.to(); v += 0.5) {
            boolean judged =
                !lane.judge(patient(condition), List.of(obs(r.type(), v, T0))).isEmpty();
            if (judged) {
              critical++;
              assertThat(CriticalScreen.mayBeCritical(r.type().code(), v))
                  .as("%s %s for %s", r.type().code(), v, condition)
                  .isTrue();
            }
          }
        }
      }
    }
    assertThat(critical).as("the sweep reaches CRITICAL values").isGreaterThan(100);
  }

  @Test
  void theScreenIsNoWiderThanTheWidestCriticalThreshold() {
    assertThat(CriticalScreen.mayBeCritical("spo2", 85)).isTrue(); // group defaults: 85
    assertThat(CriticalScreen.mayBeCritical("spo2", 86)).isFalse();
    assertThat(CriticalScreen.mayBeCritical("pulse", 149)).isFalse();
    assertThat(CriticalScreen.mayBeCritical("pulse", 150)).isTrue();
    assertThat(CriticalScreen.mayBeCritical("weight", 500)).isFalse();
  }

  @Test
  void theLanesFindingIsTheOneFullTriageMakesForTheSameReading() {
    PatientContext copd = patient(Condition.COPD);
    List<Observation> message =
        List.of(obs(MeasurementType.SPO2, 80, T0), obs(MeasurementType.PULSE, 124, T0));
    List<Finding> lane = LANE.judge(copd, message);
    assertThat(lane).extracting(Finding::ruleId).containsExactly("limit.spo2");
    assertThat(lane).allSatisfy(f -> assertThat(f.level()).isEqualTo(Level.CRITICAL));
    Finding triage =
        new TriageEngine(TriageConfig.full())
            .evaluate(copd, message, List.of()).findings().stream()
                .filter(f -> f.ruleId().equals("limit.spo2"))
                .findFirst()
                .orElseThrow();
    assertThat(lane.get(0)).isEqualTo(triage);
  }

  @Test
  void aRedReadingIsLeftToFullTriage() {
    assertThat(LANE.judge(patient(Condition.COPD), List.of(obs(MeasurementType.SPO2, 87, T0))))
        .isEmpty();
  }

  @Test
  void aPatientWhoseAlarmsDoNotCountNowIsNotAlarmedByTheLane() {
    PatientContext passive =
        patient(Condition.COPD)
            .withPassive(new TimeInterval(T0.minus(Duration.ofDays(1)), T0.plusSeconds(60)));
    assertThat(LANE.judge(passive, List.of(obs(MeasurementType.SPO2, 80, T0)))).isEmpty();
    assertThat(CriticalJudgement.alarmable(passive, T0)).isFalse();
    assertThat(CriticalJudgement.alarmable(passive, T0.plusSeconds(120))).isTrue();
  }

  @Test
  void samplesOfAContinuousRecordingAndPoorQualityReadingsAreLeftToFullTriage() {
    Observation sample =
        new Observation(
            MeasurementType.SPO2,
            80,
            T0,
            null,
            null,
            null,
            Set.of(Reading.FLAG_CONTINUOUS),
            "wear/1");
    assertThat(LANE.judge(patient(Condition.COPD), List.of(sample))).isEmpty();
    assertThat(CriticalScreen.screened(Set.of(Reading.FLAG_CONTINUOUS))).isFalse();
    assertThat(CriticalScreen.screened(Set.of(Reading.FLAG_POOR_QUALITY))).isFalse();
    assertThat(CriticalScreen.screened(Set.of(Reading.FLAG_IMPLAUSIBLE))).isTrue();
  }
}

package dk.telemonitoring.demo.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.hub.reading.MeasurementType;
import dk.telemonitoring.hub.triage.Condition;
import dk.telemonitoring.hub.triage.Observation;
import dk.telemonitoring.hub.triage.PatientContext;
import dk.telemonitoring.hub.triage.PatientLimit;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The evaluation's simulated doctor, who sets the full-engine arm's personal limits after the
 * run-in.
 */
class SimulatedDoctorTest {

  private static final Instant START = Instant.parse("2026-01-05T07:00:00Z");
  private static final Instant AFTER_RUN_IN = START.plus(Duration.ofDays(28));

  @ParameterizedTest(
      name = "usual systolic {0}: YELLOW at or below {1}, RED at or below {2}, YELLOW from {3}")
  @CsvSource({
    // usual, yellow low, red low, yellow high: a low usual pressure moves the low limits down,
    // never to the floor
    "130, 100, 90, 170",
    "110, 95, 85, 170",
    "100, 85, 81, 170",
    "160, 100, 90, 195"
  })
  void heartFailurePatientsGetSystolicLimitsFromTheirUsualPressure(
      double usual, double yellowLow, double redLow, double yellowHigh) {
    PatientContext ctx = doctorAfterRunIn(Condition.HEART_FAILURE, usual, 36.8);

    PatientLimit bp = ctx.limit("bp_systolic").orElseThrow();
    assertThat(bp.yellowLow()).isEqualTo(yellowLow);
    assertThat(bp.redLow()).isEqualTo(redLow);
    assertThat(bp.criticalLow()).as("the CRITICAL floor stays").isEqualTo(80.0);
    assertThat(bp.yellowHigh()).isEqualTo(yellowHigh);
    assertThat(bp.author()).isEqualTo("sim-doctor");
  }

  @Test
  void copdPatientsKeepNoSystolicLimit() {
    assertThat(doctorAfterRunIn(Condition.COPD, 105, 36.8).limit("bp_systolic")).isEmpty();
  }

  @Test
  void theHabitualNews2CountsValuesTakenMinutesBeforeTheOximetryAsTriageDoes() {
    // SpO2 96 and pulse 70 score 0; a temperature of 35.8 taken 5 minutes earlier scores 1 (NEWS2
    // RCP 2017).
    PatientContext cool = doctorAfterRunIn(Condition.COPD, 130, 35.8);
    PatientContext normal = doctorAfterRunIn(Condition.COPD, 130, 36.8);

    assertThat(normal.limit(PatientLimit.NEWS2).orElseThrow().yellowHigh()).isEqualTo(2.0);
    assertThat(cool.limit(PatientLimit.NEWS2).orElseThrow().yellowHigh()).isEqualTo(3.0);
  }

  /**
   * 28 mornings of temperature and blood pressure, then oximetry five minutes later, each its own
   * message.
   */
  private static PatientContext doctorAfterRunIn(
      Condition condition, double systolic, double temperature) {
    List<Observation> runIn = new ArrayList<>();
    for (int day = 0; day < 28; day++) {
      Instant morning = START.plus(Duration.ofDays(day));
      runIn.add(
          Observation.of(MeasurementType.TEMPERATURE, temperature, morning).withRef("t" + day));
      runIn.add(Observation.of(MeasurementType.BP_SYSTOLIC, systolic, morning).withRef("b" + day));
      Instant later = morning.plus(Duration.ofMinutes(5));
      runIn.add(Observation.of(MeasurementType.SPO2, 96, later).withRef("o" + day));
      runIn.add(Observation.of(MeasurementType.PULSE, 70, later).withRef("o" + day));
    }
    PatientContext enrolled =
        PatientContext.enrolled(UUID.randomUUID(), "eval", condition, "en", START);
    return TriageEvaluation.doctorSetsLimits(enrolled, runIn, AFTER_RUN_IN);
  }
}

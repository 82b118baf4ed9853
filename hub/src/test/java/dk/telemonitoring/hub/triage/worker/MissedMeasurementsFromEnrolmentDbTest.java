package dk.telemonitoring.hub.triage.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/**
 * A patient's schedule starts on the day of enrolment, but a slot that began before the patient was
 * enrolled is not the patient's to miss: the missed-measurement task of a patient enrolled on a
 * Friday afternoon counts from the first slot after it (the group default for COPD: SpO2 twice a
 * day, midnight to 13:00 and 13:00 to midnight, Copenhagen time).
 */
class MissedMeasurementsFromEnrolmentDbTest extends TriageDbFixture {

  @Test
  void theTaskOfAPatientEnrolledInTheAfternoonCountsFromTheFirstSlotAfterTheEnrolment()
      throws Exception {
    // Friday 27 March 2026, 14:00 in Copenhagen (CET): an hour after that day's afternoon slot
    // began (the split is at 13:00).
    sql("UPDATE patients SET enrolled_at = '2026-03-27T13:00:00Z' WHERE id = '" + patient + "'");
    MissedMeasurementScanner scanner =
        new MissedMeasurementScanner(
            vertx, pool, Duration.ofMinutes(5), Clock.fixed(NOW, ZoneOffset.UTC));
    await(scanner.scan());

    assertThat(
            Instant.parse(
                text(
                    "SELECT to_char(since AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') FROM nurse_tasks WHERE patient_id = '"
                        + patient
                        + "' AND kind = 'MISSED_MEASUREMENT' AND status = 'OPEN'")))
        .as("missed since Saturday 00:00 Copenhagen, not since Friday")
        .isEqualTo(Instant.parse("2026-03-27T23:00:00Z"));
    assertThat(
            text(
                "SELECT text_da FROM nurse_tasks WHERE patient_id = '"
                    + patient
                    + "' AND kind = 'MISSED_MEASUREMENT'"))
        .isEqualTo("4 planlagte målinger af iltmætning mangler i træk, siden 28. mar. kl. 00.00.");
  }
}

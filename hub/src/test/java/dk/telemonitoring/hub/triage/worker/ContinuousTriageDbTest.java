package dk.telemonitoring.hub.triage.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.alerts.domain.Level;
import dk.telemonitoring.hub.triage.Hysteresis;
import dk.telemonitoring.hub.triage.Observation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Samples of continuous recordings (a wearable at 1 Hz) through the worker and scanner against a
 * real PostgreSQL.
 */
class ContinuousTriageDbTest extends TriageDbFixture {

  @Test
  void aWearablesNightsDoNotFulfilAScheduledSpotCheck() throws Exception {
    LoggingAlertSink sink = new LoggingAlertSink();
    reading(
        Instant.parse("2026-03-22T07:00:00Z"),
        "spo2",
        97,
        null); // as above: the next two slots are missed
    await(worker(sink).drainAll());
    sql(
        "INSERT INTO readings (measured_at, device_id, msg_id, code, patient_id, clinic_id, value, unit, received_at,"
            + " flags) SELECT t, 'ox-"
            + patient
            + "', 'night-' || n, 'spo2', '"
            + patient
            + "', 'vios', 93, '%', t,"
            + " '{continuous}' FROM generate_series(0, 7 * 24 - 1) n,"
            + " LATERAL (SELECT timestamptz '2026-03-23T00:00:00Z' + n * interval '1 hour' AS t) x");
    await(
        new MissedMeasurementScanner(
                vertx, pool, Duration.ofMinutes(5), Clock.fixed(NOW, ZoneOffset.UTC))
            .scan());
    assertThat(
            count(
                "SELECT count(*) FROM nurse_tasks WHERE patient_id = '"
                    + patient
                    + "' AND kind = 'MISSED_MEASUREMENT' AND status = 'OPEN'"))
        .isEqualTo(1);
  }

  @Test
  void continuousSamplesAreJudgedAgainstLimitsButNeitherBuildNorMeetTheBaseline() throws Exception {
    // A month of morning spot checks at 95% and, each night, 300 streamed samples at 88% (sleep
    // runs lower).
    String device = "ox-" + patient;
    sql(
        "INSERT INTO readings (measured_at, device_id, msg_id, code, patient_id, clinic_id, value, unit, received_at)"
            + " SELECT t, '"
            + device
            + "', 'spot-' || d, 'spo2', '"
            + patient
            + "', 'vios', 95, '%', t"
            + " FROM generate_series(5, 34) d, LATERAL (SELECT timestamptz '"
            + NOW
            + "' - d * interval '1 day' AS t) x");
    sql(
        "INSERT INTO readings (measured_at, device_id, msg_id, code, patient_id, clinic_id, value, unit, received_at,"
            + " flags) SELECT t, '"
            + device
            + "', 'night-' || d || '-' || s, 'spo2', '"
            + patient
            + "', 'vios', 88, '%',"
            + " t, '{continuous}' FROM generate_series(5, 34) d, generate_series(1, 300) s,"
            + " LATERAL (SELECT timestamptz '"
            + NOW
            + "' - d * interval '1 day' - interval '8 hours' + s * interval '10 seconds' AS t) x");
    LoggingAlertSink sink = new LoggingAlertSink();
    TriageWorker w = worker(sink);

    String spot = reading(NOW.minus(Duration.ofMinutes(20)), "spo2", 92, "{\"rest\":true}");
    String sample = continuousReading(NOW.minus(Duration.ofMinutes(10)), 91);
    String low = continuousReading(NOW.minus(Duration.ofMinutes(5)), 83);
    await(w.drainAll());
    // One sample below the CRITICAL floor is an artefact until the next 14 hold it (Hysteresis).
    assertThat(sink.signals()).noneSatisfy(s -> assertThat(s.level()).isEqualTo(Level.CRITICAL));
    for (int i = 1; i < Hysteresis.CONTINUOUS_RAISE_AFTER; i++) {
      continuousReading(NOW.minus(Duration.ofMinutes(5)).plusSeconds(i), 83);
    }
    await(w.drainAll());

    assertThat(
            count(
                "SELECT count(*) FROM triage_findings WHERE msg_id = '"
                    + spot
                    + "' AND rule_id = 'baseline.spo2-drop' AND level = 'RED'"))
        .as("3 below the spot checks' 95, not measured against the nights' 88")
        .isEqualTo(1);
    assertThat(
            count(
                "SELECT count(*) FROM triage_findings WHERE msg_id = '"
                    + sample
                    + "' AND (rule_id LIKE 'baseline.%' OR rule_id LIKE 'trend.%')"))
        .isZero();
    assertThat(
            count(
                "SELECT count(*) FROM triage_findings WHERE msg_id = '"
                    + low
                    + "' AND rule_id = 'limit.spo2' AND level = 'CRITICAL'"))
        .isEqualTo(1);
    assertThat(sink.signals()).anySatisfy(s -> assertThat(s.level()).isEqualTo(Level.CRITICAL));

    // What one triage reads: every spot check of the look-back, streamed samples of the last hour
    // only.
    List<Observation> history =
        await(
            pool.withConnection(
                c ->
                    TriageSql.history(
                        c,
                        patient,
                        NOW.minus(Duration.ofDays(91)),
                        NOW,
                        NOW.minus(Duration.ofHours(1)))));
    assertThat(history.stream().filter(o -> !o.continuous())).hasSize(31);
    assertThat(history.stream().filter(Observation::continuous))
        .hasSize(1 + Hysteresis.CONTINUOUS_RAISE_AFTER);
  }

  @Test
  void aRunOfContinuousSamplesAlertsAtTheLevelItHeldThroughout() throws Exception {
    LoggingAlertSink sink = new LoggingAlertSink();
    // COPD group limits: 89% is YELLOW, 83% CRITICAL. Fourteen YELLOW samples, then one CRITICAL.
    for (int i = 0; i < Hysteresis.CONTINUOUS_RAISE_AFTER - 1; i++) {
      continuousReading(NOW.minus(Duration.ofMinutes(2)).plusSeconds(i), 89);
    }
    continuousReading(NOW.minus(Duration.ofMinutes(1)), 83);
    await(worker(sink).drainAll());

    assertThat(sink.signals())
        .filteredOn(s -> s.ruleId().equals("limit.spo2"))
        .singleElement()
        .satisfies(s -> assertThat(s.level()).isEqualTo(Level.YELLOW));
    assertThat(
            count(
                "SELECT count(*) FROM triage_episodes WHERE patient_id = '"
                    + patient
                    + "' AND rule_id = 'limit.spo2' AND max_level = 'YELLOW' AND closed_at IS NULL"))
        .isEqualTo(1);
  }

  private String continuousReading(Instant at, double spo2) throws Exception {
    String msgId = reading(at, "spo2", spo2, "{\"continuous\":true}");
    sql("UPDATE readings SET flags = '{continuous}' WHERE msg_id = '" + msgId + "'");
    return msgId;
  }
}

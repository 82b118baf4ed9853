package dk.telemonitoring.hub.store;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.hub.config.DbUrl;
import dk.telemonitoring.hub.reading.DeviceMessage.MeasurementSet;
import dk.telemonitoring.hub.reading.MeasurementType;
import dk.telemonitoring.hub.reading.Reading;
import dk.telemonitoring.hub.support.Sql;
import dk.telemonitoring.hub.support.TestServices;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * A message still waiting for triage keeps one outbox row, on a real PostgreSQL: triage reads a
 * waiting message's readings from its row's time on, so the row must hold the earliest time of
 * them, whatever arrives later under the same id.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WaitingMessageOutboxDbTest {

  private static final String CLINIC = "waiting";
  private static final String DEVICE = "ox-wait-1";

  private DbUrl server;
  private DbUrl db;
  private Vertx vertx;
  private Pool pool;
  private ContextBatchWriter writer;
  private final UUID patient = UUID.randomUUID();
  private final UUID other = UUID.randomUUID();

  @BeforeAll
  void createDatabase() throws Exception {
    server = TestServices.postgres();
    db = TestServices.freshDatabase(server, "waiting");
    SchemaSetup.migrate(db, TestServices.timescaleAvailable());
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
        Statement st = c.createStatement()) {
      st.execute("INSERT INTO clinics (id, name) VALUES ('" + CLINIC + "', 'Waiting')");
      for (UUID id : List.of(patient, other)) {
        st.execute(
            "INSERT INTO patients (id, clinic_id, display_name, condition) VALUES ('"
                + id
                + "', '"
                + CLINIC
                + "', 'P', 'COPD')");
      }
      st.execute(
          "INSERT INTO devices (id, clinic_id, kind) VALUES ('"
              + DEVICE
              + "', '"
              + CLINIC
              + "', 'OXIMETER')");
    }
    vertx = Vertx.vertx();
    pool = Database.pool(vertx, db, 1, "waiting");
    writer = new ContextBatchWriter(vertx, pool, 10, 3_600_000);
  }

  @AfterAll
  void dropDatabase() throws Exception {
    if (writer != null) {
      await(writer.close());
    }
    if (pool != null) {
      await(pool.close());
    }
    if (vertx != null) {
      await(vertx.close());
    }
    if (db != null) {
      TestServices.dropDatabase(db, server);
    }
  }

  /**
   * More readings of a message still waiting for triage (the same message id, another time): the
   * message keeps one outbox row, at the earliest time of its readings, and critical once any of
   * them may be.
   */
  @Test
  void furtherReadingsOfAWaitingMessageMoveItsOutboxRowToTheirEarliestTime() throws Exception {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    String msgId = "more-1";
    assertThat(await(writer.submitAll(List.of(spo2(msgId, 95, now, patient)))))
        .containsExactly(WriteOutcome.STORED);
    assertThat(await(writer.submitAll(List.of(spo2(msgId, 70, now.minusSeconds(60), patient)))))
        .as("new readings of the message were stored")
        .containsExactly(WriteOutcome.STORED);
    assertThat(
            Sql.text(
                db,
                "SELECT count(*) || '|' || bool_and(measured_at = ?) || '|' || bool_and(critical)"
                    + " FROM triage_outbox WHERE device_id = ? AND msg_id = ?",
                Timestamp.from(now.minusSeconds(60)),
                DEVICE,
                msgId))
        .isEqualTo("1|true|true");
  }

  /**
   * One message id whose readings fall to two patients in one batch (the device was rebound between
   * their times): the batch still commits, with one outbox row for the message, so the stream goes
   * on.
   */
  @Test
  void aMessageWhoseReadingsFallToTwoPatientsInOneBatchStillCommits() throws Exception {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    String msgId = "two-1";
    assertThat(
            await(
                writer.submitAll(
                    List.of(
                        spo2(msgId, 95, now.minusSeconds(60), patient),
                        spo2(msgId, 96, now, other)))))
        .containsExactly(WriteOutcome.STORED, WriteOutcome.STORED);
    assertThat(
            Sql.text(
                db,
                "SELECT count(*) || '|' || bool_and(patient_id = ?::uuid) FROM triage_outbox"
                    + " WHERE device_id = ? AND msg_id = ?",
                patient.toString(),
                DEVICE,
                msgId))
        .as("one row, for the patient of the earliest reading")
        .isEqualTo("1|true");
    assertThat(writer.failures).isEmpty();
  }

  private static WriteItem spo2(String msgId, double value, Instant measuredAt, UUID patient) {
    Reading spo2 =
        new Reading(
            CLINIC,
            DEVICE,
            msgId,
            MeasurementType.SPO2,
            value,
            measuredAt,
            measuredAt.plusSeconds(90),
            null,
            Set.of(),
            null,
            null);
    MeasurementSet set =
        new MeasurementSet(CLINIC, DEVICE, msgId, "measurement", measuredAt, List.of(spo2));
    return new WriteItem.Measurements(set, patient, new WriteItem.Source("t", Buffer.buffer("{}")));
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}

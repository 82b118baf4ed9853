package dk.telemonitoring.hub.store;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.hub.config.DbUrl;
import dk.telemonitoring.hub.support.Sql;
import io.vertx.core.Future;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
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

  private static final String DEVICE = "ox-wait-1";

  private OneOximeterDatabase store;
  private DbUrl db;
  private ContextBatchWriter writer;
  private final UUID patient = UUID.randomUUID();
  private final UUID other = UUID.randomUUID();

  @BeforeAll
  void createDatabase() throws Exception {
    store = new OneOximeterDatabase("waiting", DEVICE, List.of(patient, other));
    db = store.db;
    writer = new ContextBatchWriter(store.vertx, store.pool(1), 10, 3_600_000);
  }

  @AfterAll
  void dropDatabase() throws Exception {
    if (writer != null) {
      await(writer.close());
    }
    if (store != null) {
      store.close();
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

  private WriteItem spo2(String msgId, double value, Instant measuredAt, UUID patient) {
    return store.spo2(msgId, value, measuredAt, patient);
  }

  private static <T> T await(Future<T> future) throws Exception {
    return OneOximeterDatabase.await(future);
  }
}

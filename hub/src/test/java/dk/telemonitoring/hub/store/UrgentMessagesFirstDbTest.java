package dk.telemonitoring.hub.store;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.hub.config.DbUrl;
import dk.telemonitoring.hub.reading.Reading;
import dk.telemonitoring.hub.support.Sql;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 15 item 2 on a real PostgreSQL: a message the critical lane may alert on is not written
 * behind the ingest's queue. The queue's first batch is held by another transaction's uncommitted
 * row with the same key, so every other ordinary message waits behind it, and that batch holds the
 * writers' one connection; the urgent one commits meanwhile, on a connection of its own, with its
 * outbox row marked critical.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class UrgentMessagesFirstDbTest {

  private static final String DEVICE = "ox-urgent-1";

  private OneOximeterDatabase store;
  private DbUrl db;
  private Pool pool;
  private Pool urgentPool;
  private final UUID patient = UUID.randomUUID();

  @BeforeAll
  void createDatabase() throws Exception {
    store = new OneOximeterDatabase("urgent", DEVICE, List.of(patient));
    db = store.db;
    // One connection each: the held batch takes the writers' only one.
    pool = store.pool(1);
    urgentPool = store.pool(1);
  }

  @AfterAll
  void dropDatabase() throws Exception {
    if (store != null) {
      store.close();
    }
  }

  @Test
  void aReadingBeyondTheCriticalScreenCommitsWhileTheQueueAheadOfItIsHeld() throws Exception {
    // One batch at a time, one message per batch: every ordinary message waits for the first.
    ContextBatchWriter writer =
        new ContextBatchWriter(
            store.vertx, pool, urgentPool, new BatchWriter.Settings(1, 5, 1, 1000), 3_600_000);
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    List<WriteItem> ordinary = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ordinary.add(spo2("ordinary-" + i, 95, now.minusSeconds(60 - i)));
    }
    WriteItem critical = spo2("critical", 80, now);
    assertThat(ordinary).noneMatch(WriteItem::urgent);
    assertThat(critical.urgent()).isTrue();

    // An earlier message, committed: on TimescaleDB its insert creates the time's chunk, which the
    // held batch would otherwise create, uncommitted, and every other insert then wait for.
    assertThat(await(writer.submitAll(List.of(spo2("earlier", 94, now.minusSeconds(120))))))
        .containsExactly(WriteOutcome.STORED);
    try (Connection holder = store.connect()) {
      holder.setAutoCommit(false);
      holdKeyOf(holder, ordinary.get(0));
      Future<List<WriteOutcome>> queued = writer.submitAll(ordinary);
      List<WriteOutcome> urgent = await(writer.submitAll(List.of(critical)));

      assertThat(urgent).containsExactly(WriteOutcome.STORED);
      assertThat(queued.isComplete()).as("the ordinary messages still wait").isFalse();
      assertThat(
              Sql.count(
                  db, "SELECT count(*) FROM triage_outbox WHERE msg_id = 'critical' AND critical"))
          .isEqualTo(1);
      assertThat(Sql.count(db, "SELECT count(*) FROM readings WHERE msg_id LIKE 'ordinary-%'"))
          .isZero();
      holder.rollback();
      assertThat(await(queued)).hasSize(5).containsOnly(WriteOutcome.STORED);
    }
    assertThat(Sql.count(db, "SELECT count(*) FROM readings WHERE device_id = '" + DEVICE + "'"))
        .isEqualTo(7);
    await(writer.close());
  }

  /** Another transaction takes the message's outbox row and keeps it uncommitted. */
  private void holdKeyOf(Connection holder, WriteItem item) throws Exception {
    Reading r = ((WriteItem.Measurements) item).set().readings().get(0);
    try (PreparedStatement ps =
        holder.prepareStatement(
            "INSERT INTO triage_outbox (patient_id, device_id, msg_id, measured_at, kind)"
                + " VALUES (?, ?, ?, ?, 'reading')")) {
      ps.setObject(1, patient);
      ps.setString(2, r.deviceId());
      ps.setString(3, r.msgId());
      ps.setTimestamp(4, Timestamp.from(r.measuredAt()));
      ps.executeUpdate();
    }
  }

  private WriteItem spo2(String msgId, double value, Instant measuredAt) {
    return store.spo2(msgId, value, measuredAt, patient);
  }

  private static <T> T await(Future<T> future) throws Exception {
    return OneOximeterDatabase.await(future);
  }
}

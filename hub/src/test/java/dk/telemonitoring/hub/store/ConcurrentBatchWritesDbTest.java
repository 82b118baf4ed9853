package dk.telemonitoring.hub.store;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.hub.config.DbUrl;
import dk.telemonitoring.hub.reading.DeviceMessage.DeviceEvent;
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
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 17 item 3 on a real PostgreSQL, concurrent batches as while backlogs drain after a restart
 * or outage. Batches no longer lock device rows, so batches touching the same devices in opposite
 * orders commit even while those rows are locked by someone else (the old per-batch {@code UPDATE
 * devices} waited there, and two such batches deadlocked with 40P01); batches holding the same
 * messages in opposite orders insert them in key order and do not deadlock either (unsorted, they
 * did, in this test); {@code last_seen_at} and the battery are still written, by the {@link
 * LastSeenCoalescer}, about once a second and at shutdown.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ConcurrentBatchWritesDbTest {

  private static final String CLINIC = "lastseen";
  private static final int DEVICES = 60;

  private DbUrl server;
  private DbUrl db;
  private Vertx vertx;
  private final List<Pool> pools = new ArrayList<>();
  private UUID patient;
  private final AtomicInteger msg = new AtomicInteger();

  @BeforeAll
  void createDatabase() throws Exception {
    server = TestServices.postgres();
    db = TestServices.freshDatabase(server, "lastseen");
    SchemaSetup.migrate(db, TestServices.timescaleAvailable());
    patient = UUID.randomUUID();
    try (Connection c = connect();
        Statement st = c.createStatement()) {
      st.execute("INSERT INTO clinics (id, name) VALUES ('" + CLINIC + "', 'Last seen')");
      st.execute(
          "INSERT INTO patients (id, clinic_id, display_name, condition) VALUES ('"
              + patient
              + "', '"
              + CLINIC
              + "', 'P', 'COPD')");
      // Inserted in descending id order, so the table's physical order is not the id order either.
      for (int i = 4 * DEVICES - 1; i >= 0; i--) {
        st.execute(
            "INSERT INTO devices (id, clinic_id, kind) VALUES ('"
                + device(i)
                + "', '"
                + CLINIC
                + "', 'OXIMETER')");
      }
    }
    vertx = Vertx.vertx();
  }

  @AfterAll
  void dropDatabase() throws Exception {
    for (Pool pool : pools) {
      await(pool.close());
    }
    if (vertx != null) {
      await(vertx.close());
    }
    if (db != null) {
      TestServices.dropDatabase(db, server);
    }
  }

  @Test
  void batchesTouchingTheSameDevicesInOppositeOrdersCommitWhileTheDeviceRowsAreLocked()
      throws Exception {
    ContextBatchWriter writer = writer(pool(4), 3_600_000);
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    List<Integer> ascending = IntStream.range(0, DEVICES).boxed().toList();
    String these = "id BETWEEN '" + device(0) + "' AND '" + device(DEVICES - 1) + "'";
    List<Integer> descending = new ArrayList<>(ascending);
    Collections.reverse(descending);
    try (Connection holder = connect()) {
      // What another hub's last-seen write holds, and what each batch's own UPDATE devices used to
      // take.
      holder.setAutoCommit(false);
      try (Statement st = holder.createStatement()) {
        st.execute("SELECT id FROM devices WHERE " + these + " ORDER BY id FOR NO KEY UPDATE");
      }
      Future<List<WriteOutcome>> first = writer.submitAll(measurements(ascending, now));
      Future<List<WriteOutcome>> second =
          writer.submitAll(measurements(descending, now.plusSeconds(1)));
      // Both are in flight together (batchMax = DEVICES, two concurrent batches) and must commit
      // under the lock.
      assertThat(await(first)).hasSize(DEVICES).containsOnly(WriteOutcome.STORED);
      assertThat(await(second)).hasSize(DEVICES).containsOnly(WriteOutcome.STORED);
      assertThat(
              Sql.count(
                  db,
                  "SELECT count(*) FROM devices WHERE " + these + " AND last_seen_at IS NOT NULL"))
          .as("nothing written to the locked rows yet")
          .isZero();
      holder.rollback();
    }
    assertThat(writer.failures).as("batch failures (40P01 among them)").isEmpty();

    await(writer.close());
    assertThat(
            Sql.count(
                db,
                "SELECT count(*) FROM devices WHERE " + these + " AND last_seen_at = ?",
                Timestamp.from(now.plusSeconds(1))))
        .as("every device's newest time, written at close")
        .isEqualTo(DEVICES);
  }

  @Test
  void twoHubsDrainingBacklogsInOppositeOrdersNeverDeadlock() throws Exception {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    ContextBatchWriter hubA = writer(pool(4), 3_600_000);
    ContextBatchWriter hubB = writer(pool(4), 3_600_000);
    List<Integer> ascending = IntStream.range(DEVICES, 2 * DEVICES).boxed().toList();
    List<Integer> descending = new ArrayList<>(ascending);
    Collections.reverse(descending);
    List<Future<?>> all = new ArrayList<>();
    for (int round = 0; round < 20; round++) {
      Instant at = now.plusMillis(round);
      all.add(hubA.submitAll(measurements(round % 2 == 0 ? ascending : descending, at)));
      all.add(hubB.submitAll(measurements(round % 2 == 0 ? descending : ascending, at)));
      // Each hub's last-seen write runs alongside the other's and alongside the batches.
      all.add(hubA.flush());
      all.add(hubB.flush());
    }
    for (Future<?> f : all) {
      await(f);
    }
    assertThat(hubA.failures).as("hub A batch failures").isEmpty();
    assertThat(hubB.failures).as("hub B batch failures").isEmpty();
    await(hubA.close());
    await(hubB.close());
    assertThat(
            Sql.count(
                db,
                "SELECT count(*) FROM devices WHERE id BETWEEN ? AND ? AND last_seen_at = ?",
                device(DEVICES),
                device(2 * DEVICES - 1),
                Timestamp.from(now.plusMillis(19))))
        .as("every device's newest time")
        .isEqualTo(DEVICES);
  }

  /**
   * A broker redelivery and a device's re-send can put the same messages into two hubs' batches at
   * once: their inserts wait for each other's uncommitted keys, and deadlocked when the two batches
   * held them in opposite orders.
   */
  @Test
  void twoHubsWritingTheSameMessagesInOppositeOrdersStoreEachOnceWithoutDeadlock()
      throws Exception {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    ContextBatchWriter hubA = writer(pool(4), 3_600_000);
    ContextBatchWriter hubB = writer(pool(4), 3_600_000);
    List<Integer> ascending = IntStream.range(3 * DEVICES, 4 * DEVICES).boxed().toList();
    List<Integer> descending = new ArrayList<>(ascending);
    Collections.reverse(descending);
    List<Future<List<WriteOutcome>>> a = new ArrayList<>();
    List<Future<List<WriteOutcome>>> b = new ArrayList<>();
    for (int round = 0; round < 20; round++) {
      String prefix = "same-" + round + "-";
      a.add(hubA.submitAll(measurements(ascending, now, prefix)));
      b.add(hubB.submitAll(measurements(descending, now, prefix)));
    }
    int stored = 0;
    for (int round = 0; round < 20; round++) {
      List<WriteOutcome> fromA = await(a.get(round));
      List<WriteOutcome> fromB = new ArrayList<>(await(b.get(round)));
      Collections.reverse(fromB);
      for (int i = 0; i < DEVICES; i++) {
        assertThat(List.of(fromA.get(i), fromB.get(i)))
            .as("round %d, message %d: stored by one hub, a duplicate to the other", round, i)
            .containsExactlyInAnyOrder(WriteOutcome.STORED, WriteOutcome.DUPLICATE);
        stored++;
      }
    }
    assertThat(hubA.failures).as("hub A batch failures (40P01 among them)").isEmpty();
    assertThat(hubB.failures).as("hub B batch failures (40P01 among them)").isEmpty();
    assertThat(Sql.count(db, "SELECT count(*) FROM readings WHERE msg_id LIKE 'same-%'"))
        .isEqualTo(stored);
    await(hubA.close());
    await(hubB.close());
  }

  @Test
  void lastSeenAndBatteryAreWrittenPeriodicallyAndNeverGoBack() throws Exception {
    ContextBatchWriter writer = writer(pool(2), 200);
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    int device = 2 * DEVICES;
    String id = device(device);
    await(
        writer.submitAll(
            List.of(
                status(device, now, 40),
                status(device, now.minusSeconds(5), 90),
                status(device, now.minusSeconds(1), null))));
    // No explicit flush: the periodic write does it.
    assertThat(
            Sql.awaitCount(
                db,
                Duration.ofSeconds(20),
                n -> n == 1,
                "SELECT count(*) FROM devices WHERE id = ? AND last_seen_at = ? AND battery = 40",
                id,
                Timestamp.from(now)))
        .as("newest time and the battery of the newest report that had one")
        .isEqualTo(1);

    await(writer.submitAll(List.of(status(device, now.minusSeconds(60), 10))));
    await(writer.flush());
    assertThat(
            Sql.text(
                db, "SELECT last_seen_at = ? FROM devices WHERE id = ?", Timestamp.from(now), id))
        .as("an older time never replaces a newer one")
        .isEqualTo("t");
    await(writer.close());
  }

  private ContextBatchWriter writer(Pool pool, long lastSeenIntervalMs) throws Exception {
    return new ContextBatchWriter(vertx, pool, DEVICES, lastSeenIntervalMs);
  }

  private Pool pool(int size) {
    Pool pool = Database.pool(vertx, db, size, "lastseen-" + pools.size());
    pools.add(pool);
    return pool;
  }

  private List<WriteItem> measurements(List<Integer> devices, Instant receivedAt) {
    return measurements(devices, receivedAt, null);
  }

  /**
   * One message per device; with a prefix, its msgId is the prefix and the device, so two calls
   * make the same messages.
   */
  private List<WriteItem> measurements(List<Integer> devices, Instant receivedAt, String prefix) {
    List<WriteItem> items = new ArrayList<>();
    for (int i : devices) {
      String msgId = prefix == null ? "m-" + msg.incrementAndGet() : prefix + i;
      Reading spo2 =
          new Reading(
              CLINIC,
              device(i),
              msgId,
              MeasurementType.SPO2,
              95,
              receivedAt.minusSeconds(30),
              receivedAt,
              null,
              Set.of(),
              null,
              null);
      MeasurementSet set =
          new MeasurementSet(
              CLINIC, device(i), msgId, "measurement", spo2.measuredAt(), List.of(spo2));
      items.add(
          new WriteItem.Measurements(set, patient, new WriteItem.Source("t", Buffer.buffer("{}"))));
    }
    return items;
  }

  private WriteItem status(int device, Instant receivedAt, Integer battery) {
    String msgId = "st-" + msg.incrementAndGet();
    DeviceEvent event =
        new DeviceEvent(
            CLINIC,
            device(device),
            msgId,
            DeviceEvent.STATUS,
            receivedAt,
            receivedAt,
            battery,
            "{}");
    return new WriteItem.Event(event, null, new WriteItem.Source("t", Buffer.buffer("{}")));
  }

  private static String device(int i) {
    return String.format("ox-ls-%03d", i);
  }

  private Connection connect() throws Exception {
    return DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}

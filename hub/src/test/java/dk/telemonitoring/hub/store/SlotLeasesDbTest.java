package dk.telemonitoring.hub.store;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.hub.config.DbUrl;
import dk.telemonitoring.hub.ingest.SlotKeeper;
import dk.telemonitoring.hub.support.Sql;
import dk.telemonitoring.hub.support.TestServices;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Leases on MQTT client ids against the real PostgreSQL: one holder at a time, by its clock. */
class SlotLeasesDbTest {

  private static final Duration SHORT = Duration.ofMillis(600);

  private DbUrl server;
  private DbUrl db;

  @BeforeEach
  void createDatabase() throws Exception {
    server = TestServices.postgres();
    db = TestServices.freshDatabase(server, "slotleases");
    SchemaSetup.migrate(db, false);
  }

  @AfterEach
  void dropDatabase() {
    TestServices.dropDatabase(db, server);
  }

  @Test
  void aHeldSlotIsRefusedToAnotherHubWhichTakesAFreeOne() throws Exception {
    SlotLeases a = new SlotLeases(db, "hub-a", Duration.ofSeconds(30));
    SlotLeases b = new SlotLeases(db, "hub-b", Duration.ofSeconds(30));
    a.declare(List.of("s1", "s2"));
    b.declare(List.of("s1", "s2"));

    assertThat(a.acquire("s1")).isTrue();
    assertThat(b.acquire("s1")).as("held by a").isFalse();
    assertThat(b.acquireAny(List.of("s1", "s2"))).contains("s2");
    assertThat(a.acquire("s2")).as("held by b").isFalse();
    assertThat(a.acquire("s1")).as("its own slot is renewed").isTrue();
    assertThat(a.renew()).containsExactly("s1");
    assertThat(b.renew()).containsExactly("s2");
    assertThat(a.available()).as("no lease has lapsed").isEmpty();
  }

  @Test
  void renewalKeepsTheSlotPastItsFirstExpiry() throws Exception {
    SlotLeases a = new SlotLeases(db, "hub-a", SHORT);
    SlotLeases b = new SlotLeases(db, "hub-b", SHORT);
    a.declare(List.of("s1"));
    assertThat(a.acquire("s1")).isTrue();
    for (int i = 0; i < 6; i++) {
      Sql.sleep(SHORT.toMillis() / 3);
      assertThat(a.renew()).containsExactly("s1");
      assertThat(b.acquire("s1")).as("renewed lease, round %d", i).isFalse();
    }
    assertThat(b.available()).isEmpty();
  }

  @Test
  void aLapsedSlotIsTakenOverAndItsFormerHolderLosesIt() throws Exception {
    SlotLeases dead = new SlotLeases(db, "hub-dead", SHORT);
    SlotLeases survivor = new SlotLeases(db, "hub-survivor", SHORT);
    dead.declare(List.of("s1"));
    assertThat(dead.acquire("s1")).isTrue();

    Sql.sleep(SHORT.toMillis() + 300);
    assertThat(survivor.available()).containsExactly("s1");
    assertThat(survivor.acquire("s1")).isTrue();

    assertThat(dead.renew()).as("the former holder renews nothing").isEmpty();
    assertThat(dead.acquire("s1")).as("and cannot take it back").isFalse();
    assertThat(Sql.count(db, "SELECT taken_over FROM mqtt_slots WHERE client_id = 's1'"))
        .isEqualTo(1);
  }

  @Test
  void manyHubsRacingForALapsedSlotLeaveExactlyOneHolder() throws Exception {
    new SlotLeases(db, "hub-dead", Duration.ofMillis(1)).declare(List.of("s1"));
    Sql.exec(db, "UPDATE mqtt_slots SET holder = 'hub-dead', expires_at = now() - interval '1 s'");
    int hubs = 8;
    ExecutorService pool = Executors.newFixedThreadPool(hubs);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Boolean>> tries =
          java.util.stream.IntStream.range(0, hubs)
              .mapToObj(
                  i ->
                      pool.submit(
                          () -> {
                            go.await();
                            return new SlotLeases(db, "hub-" + i, Duration.ofSeconds(30))
                                .acquire("s1");
                          }))
              .toList();
      go.countDown();
      int won = 0;
      for (Future<Boolean> t : tries) {
        won += t.get(30, TimeUnit.SECONDS) ? 1 : 0;
      }
      assertThat(won).isEqualTo(1);
      assertThat(Sql.text(db, "SELECT holder FROM mqtt_slots WHERE client_id = 's1'"))
          .startsWith("hub-")
          .isNotEqualTo("hub-dead");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aKeeperTakesOverADeadHubsSlotAndDropsOneItLoses() throws Exception {
    // Long enough for a renewal on a loaded CI machine: below it the watchdog rightly drops the
    // connection of a lease it cannot vouch for.
    Duration lease = Duration.ofSeconds(3);
    SlotLeases deadHub = new SlotLeases(db, "hub-dead", lease);
    SlotKeeper keeper =
        new SlotKeeper(new SlotLeases(db, "hub-live", lease), List.of("s1", "s2"), lease);
    try {
      assertThat(keeper.claimFirst("s1")).contains("s1");
      assertThat(deadHub.acquire("s2")).isTrue();
      AtomicInteger lost = new AtomicInteger();
      keeper.attach("s1", lost::incrementAndGet);
      BlockingQueue<String> takenOver = new LinkedBlockingQueue<>();
      keeper.start(takenOver::add);

      assertThat(takenOver.poll(30, TimeUnit.SECONDS))
          .as("the dead hub's slot, once its lease lapsed")
          .isEqualTo("s2");
      assertThat(keeper.holds("s2")).isTrue();
      assertThat(lost).as("its own slot is renewed meanwhile").hasValue(0);
      assertThat(keeper.holds("s1")).isTrue();

      // Another hub now holds s1 (as after this one paused past its lease): it must let go.
      Sql.exec(
          db,
          "UPDATE mqtt_slots SET holder = 'hub-other', expires_at = now() + interval '1 minute'"
              + " WHERE client_id = 's1'");
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (lost.get() == 0 && System.nanoTime() < deadline) {
        Sql.sleep(50);
      }
      assertThat(lost).as("the connection on the lost slot is told once").hasValue(1);
      assertThat(keeper.holds("s1")).isFalse();
      assertThat(keeper.acquire("s1")).as("and it cannot take it back").isFalse();
    } finally {
      keeper.close();
    }
    assertThat(Sql.count(db, "SELECT count(*) FROM mqtt_slots WHERE holder = 'hub-live'"))
        .as("released at close")
        .isZero();
  }

  @Test
  void aHubHoldingTwoSlotsHandsOneBackToAHubThatHasNone() throws Exception {
    Duration lease = Duration.ofSeconds(3);
    SlotKeeper survivor =
        new SlotKeeper(new SlotLeases(db, "hub-survivor", lease), List.of("s1", "s2"), lease);
    SlotKeeper newcomer =
        new SlotKeeper(new SlotLeases(db, "hub-new", lease), List.of("s1", "s2"), lease);
    try {
      assertThat(survivor.claimFirst("s1")).contains("s1");
      assertThat(survivor.acquire("s2")).as("taken over from a dead hub").isTrue();
      AtomicInteger lost = new AtomicInteger();
      survivor.attach("s2", lost::incrementAndGet);
      survivor.start(id -> {});

      assertThat(newcomer.claimFirst("s2")).as("every slot is held").isEmpty();
      boolean got = false;
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (!got && System.nanoTime() < deadline) {
        got = newcomer.acquire("s2");
        Sql.sleep(200);
      }
      assertThat(got).as("the newcomer gets the slot it asked for").isTrue();
      assertThat(lost).as("the survivor dropped that connection").hasValue(1);
      assertThat(survivor.holds("s1")).as("and kept its own").isTrue();
      assertThat(survivor.acquire("s2")).isFalse();
    } finally {
      survivor.close();
      newcomer.close();
    }
  }
}

package dk.telemonitoring.alerts;

import static dk.telemonitoring.alerts.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.alerts.domain.AlertSignal;
import dk.telemonitoring.alerts.domain.Contact;
import dk.telemonitoring.alerts.domain.Level;
import dk.telemonitoring.alerts.domain.OnCallRole;
import dk.telemonitoring.alerts.domain.Rotation;
import dk.telemonitoring.alerts.escalation.EscalationEngine;
import dk.telemonitoring.alerts.notify.InAppChannel;
import dk.telemonitoring.alerts.notify.NotificationDispatcher;
import dk.telemonitoring.alerts.store.ScheduleStore;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The hub wakes the escalation engine when an alert commits, and the dispatcher when a page
 * commits, so that a CRITICAL alert pages at once rather than at the next tick. A wake that came
 * while a round was under way was dropped: that round's query could have run before the alert
 * committed, and the alert then waited for the next tick (5 s as shipped; here an hour, so a lost
 * wake shows). Many alerts in quick succession, each followed by its wake, must all page.
 */
class WakesAreNeverLostTest {

  private static final AlertsConfig CONFIG =
      AlertsConfig.defaults().withIntervals(Duration.ofHours(1), Duration.ofHours(1));
  private static final int ALERTS = 40;

  private TestDatabase db;
  private Vertx vertx;
  private Pool pool;
  private final Set<UUID> paged = ConcurrentHashMap.newKeySet();

  @BeforeEach
  void setUp() throws Exception {
    db = TestDatabase.create();
    vertx = Vertx.vertx();
    pool = db.pool(vertx, 4);
    ScheduleStore schedules = new ScheduleStore();
    await(
        schedules.saveContact(
            pool, new Contact("nurse-1", "vios", "Nurse 1", null, null, null, null, true, true)));
    await(
        schedules.addRotation(
            pool,
            new Rotation(
                0,
                "vios",
                OnCallRole.NURSE_ON_DUTY,
                ZoneId.of("Europe/Copenhagen"),
                LocalDate.of(2026, 1, 1),
                1,
                List.of(LocalTime.of(8, 0)),
                List.of("nurse-1"))));
  }

  @AfterEach
  void tearDown() throws Exception {
    if (vertx != null) await(vertx.close());
    if (db != null) db.close();
  }

  @Test
  void everyAlertWokenDuringAnEscalationRoundIsPagedWithoutWaitingForTheTick() throws Exception {
    Clock clock = Clock.systemUTC();
    EscalationEngine engine = new EscalationEngine(pool, CONFIG, clock);
    await(vertx.deployVerticle(engine));
    AlertService service = new AlertService(pool, CONFIG, clock);
    List<UUID> alerts = new ArrayList<>();
    for (int i = 0; i < ALERTS; i++) {
      alerts.add(raise(service, clock));
      engine.wake();
    }
    Await.until(
        "a page for every alert",
        15_000,
        () ->
            count(
                    "SELECT count(DISTINCT alert_id) FROM notifications WHERE alert_id = ANY($1)",
                    alerts)
                == ALERTS);
  }

  @Test
  void everyPageWokenDuringALeaseIsSentWithoutWaitingForTheTick() throws Exception {
    Clock clock = Clock.systemUTC();
    EscalationEngine engine = new EscalationEngine(pool, CONFIG, clock);
    NotificationDispatcher dispatcher =
        new NotificationDispatcher(
            pool,
            CONFIG,
            clock,
            List.of(
                new InAppChannel(
                    m -> {
                      // A slow channel: every delivery slot is in flight when the later pages
                      // are woken.
                      Promise<Void> sent = Promise.promise();
                      vertx.setTimer(
                          2_000,
                          t -> {
                            paged.add(m.alertId());
                            sent.complete();
                          });
                      return sent.future();
                    })));
    await(vertx.deployVerticle(dispatcher));
    AlertService service = new AlertService(pool, CONFIG, clock);
    List<UUID> alerts = new ArrayList<>();
    for (int i = 0; i < ALERTS; i++) {
      alerts.add(raise(service, clock));
      // As the hub does: the page's commit wakes the dispatcher.
      await(engine.runOnce());
      dispatcher.wake();
    }
    Await.until("every page sent", 15_000, () -> paged.containsAll(alerts));
    assertThat(paged).containsAll(alerts);
  }

  private UUID raise(AlertService service, Clock clock) {
    AlertSignal s =
        new AlertSignal(
            "vios",
            UUID.randomUUID(),
            "limit.spo2",
            Level.CRITICAL,
            "SpO2 82 %",
            clock.instant(),
            "r-" + UUID.randomUUID());
    return await(pool.withTransaction(tx -> service.raise(tx, s))).alertId();
  }

  private long count(String sql, List<UUID> ids) {
    return await(
            pool.preparedQuery(sql).execute(io.vertx.sqlclient.Tuple.of(ids.toArray(new UUID[0]))))
        .iterator()
        .next()
        .getLong(0);
  }
}

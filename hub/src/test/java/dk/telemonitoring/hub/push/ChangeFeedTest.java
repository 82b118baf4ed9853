package dk.telemonitoring.hub.push;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.alerts.AlertsMigrations;
import dk.telemonitoring.hub.config.DbUrl;
import dk.telemonitoring.hub.store.Database;
import dk.telemonitoring.hub.support.TestServices;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.pubsub.PgSubscriber;
import io.vertx.sqlclient.Pool;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The change feed publishes alert transitions committed by anyone (another hub instance here: a
 * plain JDBC connection) on the event bus: at the commit's notification, and by its catch-up poll
 * when there is none.
 */
@Timeout(60)
class ChangeFeedTest {

  private static DbUrl db;
  private Vertx vertx;
  private Pool pool;
  private PgSubscriber subscriber;
  private final LinkedBlockingQueue<JsonObject> published = new LinkedBlockingQueue<>();

  @BeforeAll
  static void database() {
    db = TestServices.freshDatabase(TestServices.postgres(), "feed");
    AlertsMigrations.migrate(db.jdbcUrl(), db.user(), db.password());
  }

  @AfterAll
  static void dropDatabase() {
    TestServices.dropDatabase(db, TestServices.postgres());
  }

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    pool = Database.pool(vertx, db, 2, "feed-test");
    vertx
        .eventBus()
        .<JsonObject>localConsumer(PushAddresses.ALERTS_CHANGED, m -> published.add(m.body()));
  }

  @AfterEach
  void stop() {
    if (subscriber != null) {
      subscriber.close().await();
    }
    vertx.close().await();
  }

  @Test
  void publishesACommittedAlertAtItsNotificationWithoutWaitingForThePoll() throws Exception {
    subscriber = PgSubscriber.subscriber(vertx, Database.connectOptions(db));
    subscriber.connect().await();
    // The poll would come after an hour: anything published within the test's timeout came from the
    // notification.
    vertx.deployVerticle(new ChangeFeed(pool, subscriber, 3_600_000)).await();
    awaitListening();

    UUID alert = openAlertElsewhere("notified");

    JsonObject event = published.poll(30, TimeUnit.SECONDS);
    assertThat(event).isNotNull();
    assertThat(event.getString("alertId")).isEqualTo(alert.toString());
    assertThat(event.getString("action")).isEqualTo("OPEN");
    assertThat(event.getString("level")).isEqualTo("CRITICAL");
    assertThat(event.getString("clinicId")).isEqualTo("notified");
  }

  @Test
  void catchesUpByPollingWhenNoNotificationArrives() throws Exception {
    vertx.deployVerticle(new ChangeFeed(pool, null, 200)).await();

    UUID alert = openAlertElsewhere("polled");

    JsonObject event = published.poll(30, TimeUnit.SECONDS);
    assertThat(event).isNotNull();
    assertThat(event.getString("alertId")).isEqualTo(alert.toString());
    assertThat(event.getString("clinicId")).isEqualTo("polled");
  }

  @Test
  void publishesEachTransitionOnceAlthoughNotificationAndPollBothSeeIt() throws Exception {
    subscriber = PgSubscriber.subscriber(vertx, Database.connectOptions(db));
    subscriber.connect().await();
    vertx.deployVerticle(new ChangeFeed(pool, subscriber, 100)).await();
    awaitListening();

    UUID alert = openAlertElsewhere("once");

    JsonObject event = published.poll(30, TimeUnit.SECONDS);
    assertThat(event).isNotNull();
    assertThat(event.getString("alertId")).isEqualTo(alert.toString());
    // Several polls later, still only the one event.
    assertThat(published.poll(1, TimeUnit.SECONDS)).isNull();
  }

  /** The LISTEN is issued asynchronously after deployment; wait until the server shows it. */
  private void awaitListening() throws Exception {
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
      for (int i = 0; i < 200; i++) {
        try (var rs =
            c.createStatement()
                .executeQuery(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                        + " AND query ILIKE 'LISTEN%'")) {
          rs.next();
          if (rs.getInt(1) > 0) {
            return;
          }
        }
        Thread.sleep(50);
      }
    }
    throw new AssertionError("the change feed never listened");
  }

  /** An alert opened by another writer: its row and its OPEN transition in one transaction. */
  private static UUID openAlertElsewhere(String clinic) throws Exception {
    UUID alert = UUID.randomUUID();
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
      c.setAutoCommit(false);
      try (PreparedStatement a =
              c.prepareStatement(
                  """
              INSERT INTO alerts (id, clinic_id, patient_id, rule_id, kind, level, level_rank, state,
                                  first_measured_at, last_measured_at, opened_at, response_deadline, updated_at)
              VALUES (?, ?, ?, 'spo2-floor', 'READING', 'CRITICAL', 3, 'OPEN', now(), now(), now(),
                      now() + interval '15 minutes', now())""");
          PreparedStatement t =
              c.prepareStatement(
                  """
              INSERT INTO alert_transitions (alert_id, at, actor_id, action, to_state, to_level)
              VALUES (?, now(), 'system', 'OPEN', 'OPEN', 'CRITICAL')""")) {
        a.setObject(1, alert);
        a.setString(2, clinic);
        a.setObject(3, UUID.randomUUID());
        a.executeUpdate();
        t.setObject(1, alert);
        t.executeUpdate();
      }
      c.commit();
    }
    return alert;
  }
}

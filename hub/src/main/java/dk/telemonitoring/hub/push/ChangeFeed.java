package dk.telemonitoring.hub.push;

import dk.telemonitoring.alerts.query.AlertReads;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.pubsub.PgSubscriber;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns changes in the database into event-bus messages for the live push: alert transitions
 * (opened, raised, acknowledged by a colleague, escalated, resolved; whichever hub instance made
 * them) and nurse tasks (missed measurements, devices offline). The database is where every
 * instance's changes meet: the alerts schema announces each committed transition on {@value
 * #ALERTS_CHANNEL} (PostgreSQL NOTIFY, sent at commit), and the feed reads the new rows as soon as
 * it hears it, so an alert reaches the screens of every hub instance within one query. The periodic
 * poll stays as the catch-up: a notification lost while the listening connection was down, or a hub
 * without one, still publishes every change at the next tick. Nurse tasks are polled only.
 *
 * <p>Sequence numbers are handed out before commit, so a transaction can commit after a later one:
 * each poll looks back over recent rows and skips those already published, rather than trusting
 * "greater than the last seen".
 */
public final class ChangeFeed extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(ChangeFeed.class);
  private static final int LOOK_BACK = 1_000;

  /**
   * A notified read looks back less: it runs after every commit that changed alerts, so it should
   * fetch and skip few rows (and, once the alerts table is large, stay an index join). A
   * transaction that commits more than this many transitions behind others is still published, by
   * the next poll.
   */
  private static final int NOTIFIED_LOOK_BACK = 200;

  private static final int REMEMBERED = 20_000;

  /** The alerts module's channel (db/alerts/V2__change_notifications.sql). */
  public static final String ALERTS_CHANNEL = "alerts_changed";

  private final Pool pool;
  private final AlertReads reads = new AlertReads();
  private final PgSubscriber subscriber;
  private final long intervalMs;
  private final Set<String> seen = new HashSet<>();
  private final Deque<String> seenOrder = new ArrayDeque<>();
  private long maxSeq = -1;
  private boolean polling;
  private boolean readingAlerts;

  /** Look-back of a read asked for while one was running; 0: none. */
  private int alertsAgain;

  private long timer = -1;

  /**
   * @param subscriber the hub's LISTEN connection, or {@code null} to rely on the poll alone
   * @param intervalMs the catch-up poll's period
   */
  public ChangeFeed(Pool pool, PgSubscriber subscriber, long intervalMs) {
    this.pool = pool;
    this.subscriber = subscriber;
    this.intervalMs = intervalMs;
  }

  @Override
  public Future<?> start() {
    // What is already committed is history, not news: remember the look-back window so the first
    // reads do not
    // replay it to the screens (a screen loads the board itself when it connects).
    return reads
        .recentChangeSeqs(pool, LOOK_BACK)
        .onSuccess(
            seqs -> {
              maxSeq = 0;
              for (long seq : seqs) {
                remember("a" + seq);
                maxSeq = Math.max(maxSeq, seq);
              }
              timer = vertx.setPeriodic(intervalMs, id -> poll());
              if (subscriber != null) {
                // The subscriber calls back on its own context: hop onto this verticle's, which
                // owns the feed's state.
                var channel = subscriber.channel(ALERTS_CHANNEL);
                // (Re)subscribed, e.g. after the listening connection came back: read what was
                // missed meanwhile.
                channel.subscribeHandler(v -> context.runOnContext(x -> readAlerts(LOOK_BACK)));
                channel.handler(
                    payload -> context.runOnContext(v -> readAlerts(NOTIFIED_LOOK_BACK)));
              }
            });
  }

  /**
   * Reads new alert transitions now. One read at a time; notifications arriving during a read cause
   * exactly one more, so a burst of commits costs two queries, not one per commit.
   */
  private void readAlerts(int lookBack) {
    if (readingAlerts) {
      alertsAgain = Math.max(alertsAgain, lookBack);
      return;
    }
    readingAlerts = true;
    alerts(lookBack)
        .onComplete(
            ar -> {
              readingAlerts = false;
              if (ar.failed()) {
                LOG.debug("change feed read failed [reason: {}]", ar.cause().getMessage());
              }
              if (alertsAgain > 0) {
                int again = alertsAgain;
                alertsAgain = 0;
                readAlerts(again);
              }
            });
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    return Future.succeededFuture();
  }

  private void poll() {
    if (polling) {
      return;
    }
    polling = true;
    readAlerts(LOOK_BACK);
    tasks()
        .onComplete(
            ar -> {
              polling = false;
              if (ar.failed()) {
                LOG.debug("change feed poll failed [reason: {}]", ar.cause().getMessage());
              }
            });
  }

  private Future<Void> alerts(int lookBack) {
    return reads
        .changesAfter(pool, Math.max(0, maxSeq - lookBack), 5000)
        .<Void>map(
            changes -> {
              for (AlertReads.Change c : changes) {
                long seq = c.seq();
                if (!remember("a" + seq)) {
                  continue;
                }
                maxSeq = Math.max(maxSeq, seq);
                vertx
                    .eventBus()
                    .publish(
                        PushAddresses.ALERTS_CHANGED,
                        new JsonObject()
                            .put("seq", seq)
                            .put("alertId", c.alertId().toString())
                            .put("at", c.at().toString())
                            .put("actorId", c.actorId())
                            .put("action", c.action())
                            .put("fromState", c.fromState())
                            .put("state", c.toState())
                            .put("fromLevel", c.fromLevel())
                            .put("level", c.toLevel())
                            .put("clinicId", c.clinicId())
                            .put("patientId", c.patientId().toString())
                            .put("ruleId", c.ruleId()));
              }
              return null;
            });
  }

  private Future<Void> tasks() {
    return pool.query(
            """
            SELECT id, patient_id, clinic_id, kind, status, updated_at FROM nurse_tasks
            WHERE updated_at > now() - interval '30 seconds' ORDER BY updated_at""")
        .execute()
        .<Void>map(
            rs -> {
              for (Row r : rs) {
                String key = "t" + r.getLong(0) + "@" + r.getOffsetDateTime(5);
                if (!remember(key)) {
                  continue;
                }
                vertx
                    .eventBus()
                    .publish(
                        PushAddresses.TASKS_CHANGED,
                        new JsonObject()
                            .put("taskId", r.getLong(0))
                            .put("patientId", r.getUUID(1).toString())
                            .put("clinicId", r.getString(2))
                            .put("kind", r.getString(3))
                            .put("status", r.getString(4)));
              }
              return null;
            })
        .recover(
            e -> Future.<Void>succeededFuture()); // before the triage migration there are no tasks
  }

  /** True the first time a key is seen. */
  private boolean remember(String key) {
    if (!seen.add(key)) {
      return false;
    }
    seenOrder.addLast(key);
    if (seenOrder.size() > REMEMBERED) {
      seen.remove(seenOrder.removeFirst());
    }
    return true;
  }
}

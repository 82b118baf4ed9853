package dk.telemonitoring.hub.push;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns changes in the database into event-bus messages for the live push: alert transitions (opened, raised,
 * acknowledged by a colleague, escalated, resolved; whichever hub instance made them) and nurse tasks (missed
 * measurements, devices offline). Polls every second: the alerts module has no listener hook, and the database is
 * where every instance's changes meet.
 *
 * <p>Sequence numbers are handed out before commit, so a transaction can commit after a later one: each poll looks
 * back over recent rows and skips those already published, rather than trusting "greater than the last seen".
 */
public final class ChangeFeed extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(ChangeFeed.class);
  private static final int LOOK_BACK = 1_000;
  private static final int REMEMBERED = 20_000;

  private final Pool pool;
  private final long intervalMs;
  private final Set<String> seen = new HashSet<>();
  private final Deque<String> seenOrder = new ArrayDeque<>();
  private long maxSeq = -1;
  private boolean polling;
  private long timer = -1;

  public ChangeFeed(Pool pool, long intervalMs) {
    this.pool = pool;
    this.intervalMs = intervalMs;
  }

  @Override
  public Future<?> start() {
    return pool.query("SELECT coalesce(max(seq), 0) FROM alert_transitions").execute()
        .onSuccess(rs -> {
          maxSeq = rs.iterator().next().getLong(0);
          timer = vertx.setPeriodic(intervalMs, id -> poll());
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
    Future.all(alerts(), tasks()).onComplete(ar -> {
      polling = false;
      if (ar.failed()) {
        LOG.debug("change feed poll failed [reason: {}]", ar.cause().getMessage());
      }
    });
  }

  private Future<Void> alerts() {
    return pool.preparedQuery("""
            SELECT t.seq, t.alert_id, t.at, t.actor_id, t.action, t.from_state, t.to_state, t.from_level, t.to_level,
                   a.clinic_id, a.patient_id, a.rule_id
            FROM alert_transitions t JOIN alerts a ON a.id = t.alert_id
            WHERE t.seq > $1 ORDER BY t.seq LIMIT 5000""")
        .execute(Tuple.of(Math.max(0, maxSeq - LOOK_BACK)))
        .<Void>map(rs -> {
          for (Row r : rs) {
            long seq = r.getLong(0);
            if (!remember("a" + seq)) {
              continue;
            }
            maxSeq = Math.max(maxSeq, seq);
            vertx.eventBus().publish(PushAddresses.ALERTS_CHANGED, new JsonObject().put("seq", seq)
                .put("alertId", r.getUUID(1).toString()).put("at", r.getOffsetDateTime(2).toInstant().toString())
                .put("actorId", r.getString(3)).put("action", r.getString(4)).put("fromState", r.getString(5))
                .put("state", r.getString(6)).put("fromLevel", r.getString(7)).put("level", r.getString(8))
                .put("clinicId", r.getString(9)).put("patientId", r.getUUID(10).toString()).put("ruleId", r.getString(11)));
          }
          return null;
        });
  }

  private Future<Void> tasks() {
    return pool.query("""
            SELECT id, patient_id, clinic_id, kind, status, updated_at FROM nurse_tasks
            WHERE updated_at > now() - interval '30 seconds' ORDER BY updated_at""").execute()
        .<Void>map(rs -> {
          for (Row r : rs) {
            String key = "t" + r.getLong(0) + "@" + r.getOffsetDateTime(5);
            if (!remember(key)) {
              continue;
            }
            vertx.eventBus().publish(PushAddresses.TASKS_CHANGED, new JsonObject().put("taskId", r.getLong(0))
                .put("patientId", r.getUUID(1).toString()).put("clinicId", r.getString(2)).put("kind", r.getString(3))
                .put("status", r.getString(4)));
          }
          return null;
        })
        .recover(e -> Future.<Void>succeededFuture()); // before the triage migration there are no tasks
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

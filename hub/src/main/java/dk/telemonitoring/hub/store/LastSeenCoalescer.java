package dk.telemonitoring.hub.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps {@code devices.last_seen_at} and {@code battery} current outside the readings'
 * transactions. Updating the device rows inside each batch made concurrent batches (several per
 * hub, several hubs) wait on each other's row locks and deadlock (40P01) while backlogs drained
 * after an outage: sorting ids in a subquery does not order the locks an UPDATE's join takes. Here
 * each device's newest time is remembered and written about once a second in one short transaction
 * that first locks the rows in id order, so two hubs' flushes cannot deadlock either, and batches
 * never touch device rows at all. Liveness checks read a value at most a second or so behind; a
 * write that fails is retried with the next one, and {@link #close()} writes what is pending.
 *
 * <p>Not thread-safe: use it from one Vert.x context (the ingest verticle's, like {@link
 * BatchWriter}).
 */
public final class LastSeenCoalescer {

  private static final Logger LOG = LoggerFactory.getLogger(LastSeenCoalescer.class);

  private static final String LOCK_IN_ORDER =
      "SELECT id FROM devices WHERE id = ANY($1::text[]) ORDER BY id FOR NO KEY UPDATE";
  private static final String UPDATE =
      """
      UPDATE devices d SET last_seen_at = GREATEST(d.last_seen_at, u.seen), battery = COALESCE(u.battery, d.battery)
      FROM unnest($1::text[], $2::timestamptz[], $3::int2[]) AS u(id, seen, battery)
      WHERE d.id = u.id""";

  /**
   * The newest time a device was heard from, and the battery level of its newest report that had
   * one.
   */
  private record Seen(Instant at, Integer battery, Instant batteryAt) {
    Seen newest(Seen other) {
      Instant latest = at.isAfter(other.at) ? at : other.at;
      if (battery == null || (other.battery != null && other.batteryAt.isAfter(batteryAt))) {
        return new Seen(latest, other.battery, other.batteryAt);
      }
      return new Seen(latest, battery, batteryAt);
    }
  }

  private final Vertx vertx;
  private final Pool pool;
  private final long intervalMs;
  // Sorted by id: the order the flush locks the rows in.
  private Map<String, Seen> pending = new TreeMap<>();
  private Future<Void> writing = Future.succeededFuture();
  private long timerId = -1;
  private boolean failing;

  public LastSeenCoalescer(Vertx vertx, Pool pool, long intervalMs) {
    this.vertx = vertx;
    this.pool = pool;
    this.intervalMs = intervalMs;
  }

  /** Starts the periodic writes, on the caller's context. */
  public LastSeenCoalescer start() {
    timerId =
        vertx.setPeriodic(
            intervalMs,
            id -> {
              if (writing.isComplete()) {
                writing = write();
              }
            });
    return this;
  }

  /**
   * The devices of a committed batch's messages were heard from (quarantined messages do not
   * count).
   */
  public void record(List<WriteItem> items) {
    for (WriteItem item : items) {
      if (item instanceof WriteItem.Measurements m) {
        seen(m.set().deviceId(), m.receivedAt(), null);
      } else if (item instanceof WriteItem.Event e) {
        seen(e.event().deviceId(), e.receivedAt(), e.event().battery());
      }
    }
  }

  void seen(String deviceId, Instant at, Integer battery) {
    pending.merge(deviceId, new Seen(at, battery, battery == null ? null : at), Seen::newest);
  }

  /** Devices heard from and not yet written. */
  public int pending() {
    return pending.size();
  }

  /**
   * Writes what is pending now (after any write in progress); the future fails if the database
   * refused it.
   */
  public Future<Void> flush() {
    writing = writing.transform(previous -> write());
    return writing;
  }

  /** Stops the periodic writes and writes what is pending. */
  public Future<Void> close() {
    if (timerId >= 0) {
      vertx.cancelTimer(timerId);
      timerId = -1;
    }
    return flush();
  }

  private Future<Void> write() {
    if (pending.isEmpty()) {
      return Future.succeededFuture();
    }
    Map<String, Seen> batch = pending;
    pending = new TreeMap<>();
    String[] ids = batch.keySet().toArray(String[]::new);
    OffsetDateTime[] times =
        batch.values().stream()
            .map(s -> s.at().atOffset(ZoneOffset.UTC))
            .toArray(OffsetDateTime[]::new);
    Short[] batteries =
        batch.values().stream()
            .map(s -> s.battery() == null ? null : (short) (int) s.battery())
            .toArray(Short[]::new);
    // Tuple.tuple().addValue: Tuple.of's varargs would spread a lone array into elements.
    Tuple lock = Tuple.tuple().addValue(ids);
    Tuple update = Tuple.tuple().addValue(ids).addValue(times).addValue(batteries);
    return pool.withTransaction(
            tx ->
                tx.preparedQuery(LOCK_IN_ORDER)
                    .execute(lock)
                    .compose(locked -> tx.preparedQuery(UPDATE).execute(update)))
        .<Void>mapEmpty()
        .onSuccess(
            v -> {
              if (failing) {
                LOG.info("device last-seen updates recovered [devices: {}]", ids.length);
                failing = false;
              }
            })
        .onFailure(
            e -> {
              // Keep what failed for the next write, merged with anything newer heard meanwhile.
              batch.forEach((id, seen) -> pending.merge(id, seen, Seen::newest));
              if (!failing) {
                LOG.warn(
                    "device last-seen update failed, will retry [devices: {}, reason: {}]",
                    ids.length,
                    SqlErrors.describe(e));
                failing = true;
              }
            });
  }
}

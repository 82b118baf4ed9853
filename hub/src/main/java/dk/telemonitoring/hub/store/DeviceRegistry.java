package dk.telemonitoring.hub.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Device lookups for the ingest hot path. A short-lived cache in front of the database; entries are
 * also dropped when any hub announces a registry change (PostgreSQL NOTIFY on {@value #CHANNEL}),
 * so a newly provisioned device is recognised at once. Unknown devices are cached too, so a flood
 * from one rogue device cannot hammer the database.
 */
public final class DeviceRegistry {

  public static final String CHANNEL = "registry_changed";

  private static final String LOAD =
      """
      SELECT d.id, d.clinic_id, d.retired_at, b.patient_id, b.bound_at, b.unbound_at
      FROM devices d LEFT JOIN device_bindings b ON b.device_id = d.id
      WHERE d.id = $1
      ORDER BY b.bound_at""";

  private record Cached(Optional<DeviceRecord> record, long loadedAtMs) {}

  private final Pool pool;
  private final Pool urgentPool;
  private final long ttlMs;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();
  private final Map<String, Future<Optional<DeviceRecord>>> loading = new ConcurrentHashMap<>();

  /**
   * @param urgentPool for the lookups of messages the critical lane may alert on: connections the
   *     ingest's writers and triage never hold
   */
  public DeviceRegistry(Pool pool, Pool urgentPool, long ttlMs) {
    this.pool = pool;
    this.urgentPool = urgentPool;
    this.ttlMs = ttlMs;
  }

  public Future<Optional<DeviceRecord>> find(String deviceId) {
    Cached fresh = fresh(deviceId);
    if (fresh != null) {
      return Future.succeededFuture(fresh.record());
    }
    Future<Optional<DeviceRecord>> pending = loading.get(deviceId);
    if (pending != null) {
      return pending;
    }
    Future<Optional<DeviceRecord>> load = load(pool, deviceId);
    Future<Optional<DeviceRecord>> raced = loading.putIfAbsent(deviceId, load);
    if (raced != null) {
      return raced;
    }
    // Registered after the put: a load that completed at once must not touch the map from inside a
    // map update.
    load.onComplete(
        ar -> {
          loading.remove(deviceId, load);
          if (ar.succeeded()) {
            cache.put(deviceId, new Cached(ar.result(), System.currentTimeMillis()));
          }
        });
    return load;
  }

  /**
   * As {@link #find}, for a message the critical lane may alert on: a device not in the cache is
   * read on the urgent connections, not behind the writers' and triage's hold on the pool (a home
   * device sends a few times a day, so its lookup is rarely cached).
   */
  public Future<Optional<DeviceRecord>> findUrgently(String deviceId) {
    Cached fresh = fresh(deviceId);
    if (fresh != null) {
      return Future.succeededFuture(fresh.record());
    }
    return load(urgentPool, deviceId)
        .onSuccess(r -> cache.put(deviceId, new Cached(r, System.currentTimeMillis())));
  }

  /** The device's cache entry if it is younger than the time to live, else null. */
  private Cached fresh(String deviceId) {
    Cached cached = cache.get(deviceId);
    return cached != null && System.currentTimeMillis() - cached.loadedAtMs() < ttlMs
        ? cached
        : null;
  }

  public void invalidate(String deviceId) {
    if (deviceId == null || deviceId.isEmpty()) {
      cache.clear();
    } else {
      cache.remove(deviceId);
    }
  }

  private static Future<Optional<DeviceRecord>> load(Pool via, String deviceId) {
    return via.preparedQuery(LOAD)
        .execute(Tuple.of(deviceId))
        .map(
            rows -> {
              String clinic = null;
              Instant retired = null;
              List<DeviceRecord.Binding> bindings = new ArrayList<>();
              for (Row row : rows) {
                clinic = row.getString(1);
                retired = instant(row.getOffsetDateTime(2));
                if (row.getUUID(3) != null) {
                  bindings.add(
                      new DeviceRecord.Binding(
                          row.getUUID(3),
                          instant(row.getOffsetDateTime(4)),
                          instant(row.getOffsetDateTime(5))));
                }
              }
              return clinic == null
                  ? Optional.empty()
                  : Optional.of(new DeviceRecord(deviceId, clinic, retired, List.copyOf(bindings)));
            });
  }

  static Instant instant(OffsetDateTime t) {
    return t == null ? null : t.toInstant();
  }
}

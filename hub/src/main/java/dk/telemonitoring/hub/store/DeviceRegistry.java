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
  private final long ttlMs;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();
  private final Map<String, Future<Optional<DeviceRecord>>> loading = new ConcurrentHashMap<>();

  public DeviceRegistry(Pool pool, long ttlMs) {
    this.pool = pool;
    this.ttlMs = ttlMs;
  }

  public Future<Optional<DeviceRecord>> find(String deviceId) {
    Cached cached = cache.get(deviceId);
    long now = System.currentTimeMillis();
    if (cached != null && now - cached.loadedAtMs() < ttlMs) {
      return Future.succeededFuture(cached.record());
    }
    Future<Optional<DeviceRecord>> pending = loading.get(deviceId);
    if (pending != null) {
      return pending;
    }
    Future<Optional<DeviceRecord>> load = load(deviceId);
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

  public void invalidate(String deviceId) {
    if (deviceId == null || deviceId.isEmpty()) {
      cache.clear();
    } else {
      cache.remove(deviceId);
    }
  }

  private Future<Optional<DeviceRecord>> load(String deviceId) {
    return pool.preparedQuery(LOAD)
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

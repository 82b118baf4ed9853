package dk.telemonitoring.hub.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Provisioning: clinics, patients, devices and bindings. Every change announces itself on {@link
 * DeviceRegistry#CHANNEL} in the same transaction, so every hub's ingest sees it at once.
 */
public final class RegistryStore {

  private final Pool pool;

  public RegistryStore(Pool pool) {
    this.pool = pool;
  }

  public Future<Void> createClinic(String id, String name, String timezone) {
    return pool.preparedQuery(
            "INSERT INTO clinics (id, name, timezone) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING")
        .execute(Tuple.of(id, name, timezone))
        .mapEmpty();
  }

  public Future<UUID> createPatient(
      String clinicId, String displayName, String condition, String language) {
    UUID id = UUID.randomUUID();
    return pool.preparedQuery(
            "INSERT INTO patients (id, clinic_id, display_name, condition, language) VALUES ($1, $2, $3, $4, $5)")
        .execute(Tuple.of(id, clinicId, displayName, condition, language))
        .map(id);
  }

  public Future<Void> registerDevice(
      String deviceId, String clinicId, String kind, int keepaliveSeconds) {
    return pool.withTransaction(
        tx ->
            tx.preparedQuery(
                    "INSERT INTO devices (id, clinic_id, kind, keepalive_seconds) VALUES ($1, $2, $3, $4)")
                .execute(Tuple.of(deviceId, clinicId, kind, keepaliveSeconds))
                .compose(r -> announce(tx, deviceId)));
  }

  /**
   * Hands the device to a patient from {@code at}, closing any current binding at the same instant;
   * returns the start stored. The start is {@code at} truncated down to the whole second: devices
   * stamp readings in whole seconds, so a device bound "from now" at 10:00:00.734 would otherwise
   * lose a reading stamped 10:00:00 taken at once (quarantined {@code device_not_bound}). If the
   * device changed hands within that second already, {@code at} stays as given, so bindings never
   * overlap.
   */
  public Future<Instant> bind(String deviceId, UUID patientId, Instant at, String by) {
    return pool.withTransaction(
        tx ->
            tx.preparedQuery(
                    """
            SELECT (SELECT max(coalesce(b.unbound_at, b.bound_at)) FROM device_bindings b
                    WHERE b.device_id = d.id)
            FROM devices d JOIN patients p ON p.clinic_id = d.clinic_id
            WHERE d.id = $1 AND p.id = $2 AND d.status = 'ACTIVE' FOR UPDATE OF d""")
                .execute(Tuple.of(deviceId, patientId))
                .compose(
                    rows ->
                        rows.size() == 1
                            ? Future.succeededFuture(
                                bindingStart(at, instant(rows.iterator().next(), 0)))
                            : Future.failedFuture(
                                new IllegalArgumentException(
                                    "device and patient must exist, be active and share a clinic")))
                .compose(
                    start ->
                        closeBinding(tx, deviceId, start)
                            .compose(
                                v ->
                                    tx.preparedQuery(
                                            "INSERT INTO device_bindings (device_id, patient_id, bound_at, bound_by) VALUES ($1, $2, $3, $4)")
                                        .execute(
                                            Tuple.of(
                                                deviceId,
                                                patientId,
                                                start.atOffset(ZoneOffset.UTC),
                                                by)))
                            .compose(v -> announce(tx, deviceId))
                            .map(start)));
  }

  /** {@code at} down to the whole second, unless the device's last change lies in that second. */
  static Instant bindingStart(Instant at, Instant lastChange) {
    Instant whole = at.truncatedTo(ChronoUnit.SECONDS);
    return lastChange != null && !whole.isAfter(lastChange) ? at : whole;
  }

  /**
   * A device's binding to a patient, with the device's state now; {@code unboundAt} null while
   * bound.
   */
  public record Binding(
      String deviceId,
      String kind,
      String status,
      Instant lastSeenAt,
      Integer battery,
      Instant boundAt,
      Instant unboundAt,
      String boundBy,
      String boundByName) {}

  /**
   * The patient's bindings, newest first; with {@code currentOnly} those in force, by device id.
   */
  public Future<List<Binding>> bindingsOf(UUID patientId, boolean currentOnly) {
    return pool.preparedQuery(
            """
            SELECT d.id, d.kind, d.status, d.last_seen_at, d.battery, b.bound_at, b.unbound_at, b.bound_by,
                   u.display_name
            FROM device_bindings b JOIN devices d ON d.id = b.device_id LEFT JOIN app_users u ON u.email = b.bound_by
            WHERE b.patient_id = $1"""
                + (currentOnly
                    ? " AND b.unbound_at IS NULL ORDER BY d.id"
                    : " ORDER BY b.bound_at DESC"))
        .execute(Tuple.of(patientId))
        .map(
            rs -> {
              List<Binding> out = new ArrayList<>();
              for (Row r : rs) {
                out.add(
                    new Binding(
                        r.getString(0),
                        r.getString(1),
                        r.getString(2),
                        instant(r, 3),
                        r.getInteger(4),
                        instant(r, 5),
                        instant(r, 6),
                        r.getString(7),
                        r.getString(8)));
              }
              return out;
            });
  }

  private static Instant instant(Row r, int column) {
    var t = r.getOffsetDateTime(column);
    return t == null ? null : t.toInstant();
  }

  /** The device's clinic, or null for an unknown device. */
  public Future<String> clinicOfDevice(String deviceId) {
    return pool.preparedQuery("SELECT clinic_id FROM devices WHERE id = $1")
        .execute(Tuple.of(deviceId))
        .map(rs -> rs.size() == 0 ? null : rs.iterator().next().getString(0));
  }

  /** The patient the device is bound to now, or null. */
  public Future<UUID> boundPatient(String deviceId) {
    return pool.preparedQuery(
            "SELECT patient_id FROM device_bindings WHERE device_id = $1 AND unbound_at IS NULL")
        .execute(Tuple.of(deviceId))
        .map(rs -> rs.size() == 0 ? null : rs.iterator().next().getUUID(0));
  }

  public Future<Void> unbind(String deviceId, Instant at) {
    return pool.withTransaction(
        tx -> closeBinding(tx, deviceId, at).compose(v -> announce(tx, deviceId)));
  }

  public Future<Void> retire(String deviceId, Instant at) {
    return pool.withTransaction(
        tx ->
            closeBinding(tx, deviceId, at)
                .compose(
                    v ->
                        tx.preparedQuery(
                                "UPDATE devices SET status = 'RETIRED', retired_at = $2 WHERE id = $1")
                            .execute(Tuple.of(deviceId, at.atOffset(ZoneOffset.UTC))))
                .compose(v -> announce(tx, deviceId)));
  }

  /** A patient with a caller-chosen id, if not there yet (bulk provisioning is idempotent). */
  public Future<Void> ensurePatient(
      UUID id, String clinicId, String displayName, String condition) {
    return pool.preparedQuery(
            """
            INSERT INTO patients (id, clinic_id, display_name, condition) VALUES ($1, $2, $3, $4)
            ON CONFLICT (id) DO NOTHING""")
        .execute(Tuple.of(id, clinicId, displayName, condition))
        .mapEmpty();
  }

  /** Registers the device if new and binds it to the patient unless it already is. */
  public Future<Void> ensureDeviceBoundTo(
      String deviceId, String clinicId, String kind, UUID patientId, Instant at) {
    return pool.preparedQuery(
            "INSERT INTO devices (id, clinic_id, kind) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING")
        .execute(Tuple.of(deviceId, clinicId, kind))
        .compose(
            r ->
                pool.preparedQuery(
                        "SELECT 1 FROM device_bindings WHERE device_id = $1 AND patient_id = $2 AND unbound_at IS NULL")
                    .execute(Tuple.of(deviceId, patientId)))
        .compose(
            rows ->
                rows.size() > 0
                    ? Future.succeededFuture()
                    : bind(deviceId, patientId, at, "provisioning").mapEmpty());
  }

  public Future<JsonArray> devices(String clinicId) {
    return pool.preparedQuery(
            """
            SELECT d.id, d.kind, d.status, d.last_seen_at, d.battery, b.patient_id, b.bound_at
            FROM devices d LEFT JOIN device_bindings b ON b.device_id = d.id AND b.unbound_at IS NULL
            WHERE d.clinic_id = $1 ORDER BY d.id""")
        .execute(Tuple.of(clinicId))
        .map(
            rows -> {
              JsonArray out = new JsonArray();
              for (Row r : rows) {
                out.add(
                    new JsonObject()
                        .put("id", r.getString(0))
                        .put("kind", r.getString(1))
                        .put("status", r.getString(2))
                        .put("lastSeenAt", text(r.getOffsetDateTime(3)))
                        .put("battery", r.getInteger(4))
                        .put("patientId", r.getUUID(5) == null ? null : r.getUUID(5).toString())
                        .put("boundAt", text(r.getOffsetDateTime(6))));
              }
              return out;
            });
  }

  private static Future<Void> closeBinding(SqlConnection tx, String deviceId, Instant at) {
    return tx.preparedQuery(
            "UPDATE device_bindings SET unbound_at = $2 WHERE device_id = $1 AND unbound_at IS NULL")
        .execute(Tuple.of(deviceId, at.atOffset(ZoneOffset.UTC)))
        .mapEmpty();
  }

  private static Future<Void> announce(SqlConnection tx, String deviceId) {
    return tx.preparedQuery("SELECT pg_notify($1, $2)")
        .execute(Tuple.of(DeviceRegistry.CHANNEL, deviceId))
        .mapEmpty();
  }

  static String text(java.time.OffsetDateTime t) {
    return t == null ? null : t.toInstant().toString();
  }
}

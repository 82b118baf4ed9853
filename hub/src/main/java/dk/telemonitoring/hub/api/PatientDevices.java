package dk.telemonitoring.hub.api;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

/** A patient's devices: those bound now, and every binding past and present. */
final class PatientDevices {

  private final Pool pool;

  PatientDevices(Pool pool) {
    this.pool = pool;
  }

  Future<JsonArray> current(PatientRef ref) {
    return pool.preparedQuery("""
            SELECT d.id, d.kind, d.status, d.last_seen_at, d.battery, b.bound_at
            FROM device_bindings b JOIN devices d ON d.id = b.device_id
            WHERE b.patient_id = $1 AND b.unbound_at IS NULL ORDER BY d.id""").execute(Tuple.of(ref.id()))
        .map(rs -> {
          JsonArray out = new JsonArray();
          for (Row r : rs) {
            out.add(new JsonObject().put("id", r.getString(0)).put("kind", r.getString(1)).put("status", r.getString(2))
                .put("lastSeenAt", Json.text(r.getOffsetDateTime(3))).put("battery", r.getInteger(4))
                .put("boundAt", Json.text(r.getOffsetDateTime(5))));
          }
          return out;
        });
  }

  Future<JsonObject> bindings(PatientRef ref) {
    return pool.preparedQuery("""
            SELECT d.id, d.kind, d.status, d.last_seen_at, d.battery, b.bound_at, b.unbound_at, b.bound_by
            FROM device_bindings b JOIN devices d ON d.id = b.device_id
            WHERE b.patient_id = $1 ORDER BY b.bound_at DESC""").execute(Tuple.of(ref.id()))
        .map(rs -> {
          JsonArray out = new JsonArray();
          for (Row r : rs) {
            out.add(new JsonObject().put("deviceId", r.getString(0)).put("kind", r.getString(1))
                .put("status", r.getString(2)).put("lastSeenAt", Json.text(r.getOffsetDateTime(3)))
                .put("battery", r.getInteger(4)).put("boundAt", Json.text(r.getOffsetDateTime(5)))
                .put("unboundAt", Json.text(r.getOffsetDateTime(6))).put("boundBy", r.getString(7)));
          }
          return new JsonObject().put("bindings", out);
        });
  }
}

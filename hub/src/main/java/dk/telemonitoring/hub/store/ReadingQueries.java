package dk.telemonitoring.hub.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

/** Read side of readings and quarantine, for the API. */
public final class ReadingQueries {

  private final Pool pool;

  public ReadingQueries(Pool pool) {
    this.pool = pool;
  }

  public Future<JsonArray> readings(UUID patientId, String code, Instant from, Instant to, int limit) {
    return pool.preparedQuery("""
            SELECT measured_at, code, value, unit, device_id, msg_id, received_at, stored_at, flags
            FROM readings
            WHERE patient_id = $1 AND ($2::text IS NULL OR code = $2) AND measured_at >= $3 AND measured_at < $4
            ORDER BY measured_at DESC, code LIMIT $5""")
        .execute(Tuple.of(patientId, code, from.atOffset(ZoneOffset.UTC), to.atOffset(ZoneOffset.UTC), limit))
        .map(rows -> {
          JsonArray out = new JsonArray();
          for (Row r : rows) {
            out.add(new JsonObject()
                .put("measuredAt", RegistryStore.text(r.getOffsetDateTime(0)))
                .put("code", r.getString(1)).put("value", r.getDouble(2)).put("unit", r.getString(3))
                .put("deviceId", r.getString(4)).put("msgId", r.getString(5))
                .put("receivedAt", RegistryStore.text(r.getOffsetDateTime(6)))
                .put("storedAt", RegistryStore.text(r.getOffsetDateTime(7)))
                .put("flags", new JsonArray(java.util.Arrays.asList((Object[]) r.getArrayOfStrings(8)))));
          }
          return out;
        });
  }

  public Future<JsonArray> quarantine(int limit) {
    return pool.preparedQuery("""
            SELECT id, received_at, topic, device_id, clinic_id, reason_code, reason, length(payload)
            FROM quarantine ORDER BY id DESC LIMIT $1""")
        .execute(Tuple.of(limit))
        .map(rows -> {
          JsonArray out = new JsonArray();
          for (Row r : rows) {
            out.add(new JsonObject().put("id", r.getLong(0)).put("receivedAt", RegistryStore.text(r.getOffsetDateTime(1)))
                .put("topic", r.getString(2)).put("deviceId", r.getString(3)).put("clinicId", r.getString(4))
                .put("reasonCode", r.getString(5)).put("reason", r.getString(6)).put("payloadBytes", r.getInteger(7)));
          }
          return out;
        });
  }
}

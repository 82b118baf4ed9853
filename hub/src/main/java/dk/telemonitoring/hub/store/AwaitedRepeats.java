package dk.telemonitoring.hub.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Readings that asked the patient to measure again and still wait for the repeat (triage holds an
 * abnormal first reading back for a few minutes, so that a cold finger is not an alarm): until the
 * repeat comes or the wait ends, the reading is in no alert, and a nurse looking at the patient's
 * open alert must still see it.
 */
public final class AwaitedRepeats {

  private final Pool pool;

  public AwaitedRepeats(Pool pool) {
    this.pool = pool;
  }

  /**
   * Per patient, the waiting readings, oldest first: {@code measuredAt}, {@code level}, {@code
   * awaitUntil} and the message's {@code values} (code, value, unit).
   */
  public Future<Map<UUID, JsonArray>> of(Collection<UUID> patients) {
    if (patients.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    return pool.preparedQuery(
            """
            SELECT w.patient_id, w.device_id, w.msg_id, w.measured_at, w.level, w.await_until,
                   r.code, r.value, r.unit
            FROM triage_pending_repeat w
            JOIN readings r ON r.device_id = w.device_id AND r.msg_id = w.msg_id
              AND r.measured_at = w.measured_at
            WHERE w.patient_id = ANY($1) AND w.resolved_at IS NULL
            ORDER BY w.patient_id, w.measured_at, r.code""")
        .execute(Tuple.of(patients.toArray(UUID[]::new)))
        .map(
            rows -> {
              Map<UUID, Map<String, JsonObject>> byMessage = new LinkedHashMap<>();
              for (Row r : rows) {
                JsonObject message =
                    byMessage
                        .computeIfAbsent(r.getUUID("patient_id"), k -> new LinkedHashMap<>())
                        .computeIfAbsent(
                            r.getString("device_id") + "/" + r.getString("msg_id"),
                            k ->
                                new JsonObject()
                                    .put(
                                        "measuredAt",
                                        IsoTimes.text(r.getOffsetDateTime("measured_at")))
                                    .put("level", r.getString("level"))
                                    .put(
                                        "awaitUntil",
                                        IsoTimes.text(r.getOffsetDateTime("await_until")))
                                    .put("values", new JsonArray()));
                message
                    .getJsonArray("values")
                    .add(
                        new JsonObject()
                            .put("code", r.getString("code"))
                            .put("value", r.getDouble("value"))
                            .put("unit", r.getString("unit")));
              }
              Map<UUID, JsonArray> out = new HashMap<>();
              byMessage.forEach((p, m) -> out.put(p, new JsonArray(new ArrayList<>(m.values()))));
              return out;
            });
  }
}

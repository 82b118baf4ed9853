package dk.telemonitoring.hub.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** What a board row names of a patient: name, clinic, condition and contact nurse. */
public final class PatientHeadlines {

  private PatientHeadlines() {}

  /** By patient id; unknown ids are left out. */
  public static Future<Map<UUID, JsonObject>> of(SqlClient client, Collection<UUID> ids) {
    if (ids.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    return client
        .preparedQuery(
            """
            SELECT p.id, p.clinic_id, p.display_name, p.condition, n.display_name
            FROM patients p LEFT JOIN patient_care c ON c.patient_id = p.id LEFT JOIN app_users n ON n.id = c.contact_nurse_id
            WHERE p.id = ANY($1)""")
        .execute(Tuple.of(ids.toArray(UUID[]::new)))
        .map(
            rs -> {
              Map<UUID, JsonObject> out = new HashMap<>();
              for (Row r : rs) {
                out.put(
                    r.getUUID(0),
                    new JsonObject()
                        .put("id", r.getUUID(0).toString())
                        .put("clinicId", r.getString(1))
                        .put("displayName", r.getString(2))
                        .put("condition", r.getString(3))
                        .put("contactNurse", r.getString(4)));
              }
              return out;
            });
  }
}

package dk.telemonitoring.hub.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;

/**
 * A patient's limits as read for people ({@code patient_limits}) and their change history ({@code
 * patient_limit_audit}, written by the table's trigger). Triage reads and writes limits through
 * {@code TriageSql}.
 */
public final class PatientLimitStore {

  private final Pool pool;

  public PatientLimitStore(Pool pool) {
    this.pool = pool;
  }

  /** The patient's limits, one per code, ordered by code. */
  public Future<JsonArray> current(UUID patientId) {
    return pool.preparedQuery(
            """
            SELECT l.code, l.critical_low, l.red_low, l.yellow_low, l.yellow_high, l.red_high, l.critical_high,
                   l.author, l.reason, l.set_at, l.review_by, l.group_default, coalesce(u.display_name, l.author)
            FROM patient_limits l LEFT JOIN app_users u ON u.email = l.author
            WHERE l.patient_id = $1 ORDER BY l.code""")
        .execute(Tuple.of(patientId))
        .map(
            rs -> {
              JsonArray out = new JsonArray();
              for (Row r : rs) {
                out.add(
                    new JsonObject()
                        .put("code", r.getString(0))
                        .put("criticalLow", r.getDouble(1))
                        .put("redLow", r.getDouble(2))
                        .put("yellowLow", r.getDouble(3))
                        .put("yellowHigh", r.getDouble(4))
                        .put("redHigh", r.getDouble(5))
                        .put("criticalHigh", r.getDouble(6))
                        .put("author", r.getString(7))
                        .put("reason", r.getString(8))
                        .put("setAt", IsoTimes.text(r.getOffsetDateTime(9)))
                        .put("reviewBy", IsoTimes.text(r.getOffsetDateTime(10)))
                        .put("groupDefault", r.getBoolean(11))
                        .put("authorName", r.getString(12)));
              }
              return out;
            });
  }

  /** The patient's last 50 limit changes, newest first. */
  public Future<JsonArray> history(UUID patientId) {
    return pool.preparedQuery(
            """
            SELECT code, operation, old_row, new_row, changed_by, reason, changed_at FROM patient_limit_audit
            WHERE patient_id = $1 ORDER BY changed_at DESC LIMIT 50""")
        .execute(Tuple.of(patientId))
        .map(
            rs -> {
              JsonArray out = new JsonArray();
              for (Row r : rs) {
                out.add(
                    new JsonObject()
                        .put("code", r.getString(0))
                        .put("operation", r.getString(1))
                        .put("old", r.getValue(2))
                        .put("new", r.getValue(3))
                        .put("changedBy", r.getString(4))
                        .put("reason", r.getString(5))
                        .put("changedAt", IsoTimes.text(r.getOffsetDateTime(6))));
              }
              return out;
            });
  }
}

package dk.telemonitoring.hub.api;

import dk.telemonitoring.hub.access.Principal;
import dk.telemonitoring.hub.triage.CriticalFloors;
import dk.telemonitoring.hub.triage.PatientLimit;
import dk.telemonitoring.hub.triage.worker.TriageSql;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;

/**
 * A patient's limits: doctors change them; every change audited by the triage table's trigger too.
 */
final class PatientLimits {

  private final Pool pool;

  PatientLimits(Pool pool) {
    this.pool = pool;
  }

  Future<JsonObject> list(PatientRef ref) {
    Future<JsonArray> current =
        pool.preparedQuery(
                """
            SELECT code, critical_low, red_low, yellow_low, yellow_high, red_high, critical_high, author, reason,
                   set_at, review_by, group_default
            FROM patient_limits WHERE patient_id = $1 ORDER BY code""")
            .execute(Tuple.of(ref.id()))
            .map(
                rs -> {
                  JsonArray out = new JsonArray();
                  for (Row r : rs) {
                    JsonObject o =
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
                            .put("setAt", Json.text(r.getOffsetDateTime(9)))
                            .put("reviewBy", Json.text(r.getOffsetDateTime(10)))
                            .put("groupDefault", r.getBoolean(11));
                    CriticalFloors.of(r.getString(0))
                        .ifPresent(
                            f ->
                                o.put(
                                    "floor",
                                    new JsonObject().put("low", f.low()).put("high", f.high())));
                    out.add(o);
                  }
                  return out;
                });
    Future<JsonArray> history =
        pool.preparedQuery(
                """
            SELECT code, operation, old_row, new_row, changed_by, reason, changed_at FROM patient_limit_audit
            WHERE patient_id = $1 ORDER BY changed_at DESC LIMIT 50""")
            .execute(Tuple.of(ref.id()))
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
                            .put("changedAt", Json.text(r.getOffsetDateTime(6))));
                  }
                  return out;
                });
    return Future.all(current, history)
        .map(
            x -> new JsonObject().put("limits", current.result()).put("history", history.result()));
  }

  Future<JsonObject> set(PatientRef ref, Principal who, String code, JsonObject body) {
    if (!code.matches("[a-z0-9_]{1,32}")) {
      throw ApiError.badRequest("unknown measurement code '" + code + "'");
    }
    Instant now = Instant.now();
    Instant reviewBy =
        body.getString("reviewBy") == null
            ? now.plus(PatientLimit.DEFAULT_REVIEW)
            : Instant.parse(body.getString("reviewBy"));
    PatientLimit limit =
        new PatientLimit(
            code,
            Json.dbl(body, "criticalLow"),
            Json.dbl(body, "redLow"),
            Json.dbl(body, "yellowLow"),
            Json.dbl(body, "yellowHigh"),
            Json.dbl(body, "redHigh"),
            Json.dbl(body, "criticalHigh"),
            who.email(),
            Json.required(body, "reason"),
            now,
            reviewBy,
            false);
    limit.validate(); // relaxing a CRITICAL floor or thresholds out of order: 400 with the reason
    return pool.withTransaction(tx -> TriageSql.setLimit(tx, ref.id(), limit))
        .compose(x -> list(ref));
  }
}

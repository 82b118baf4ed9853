package dk.telemonitoring.hub.api;

import dk.telemonitoring.hub.access.Principal;
import dk.telemonitoring.hub.store.PatientLimitStore;
import dk.telemonitoring.hub.triage.CriticalFloors;
import dk.telemonitoring.hub.triage.PatientLimit;
import dk.telemonitoring.hub.triage.worker.TriageSql;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Instant;

/**
 * A patient's limits: doctors change them; every change audited by the triage table's trigger too.
 */
final class PatientLimits {

  private final Pool pool;
  private final PatientLimitStore limits;

  PatientLimits(Pool pool) {
    this.pool = pool;
    this.limits = new PatientLimitStore(pool);
  }

  Future<JsonObject> list(PatientRef ref) {
    Future<JsonArray> current =
        limits
            .current(ref.id())
            .map(
                rows -> {
                  rows.forEach(
                      o -> {
                        JsonObject limit = (JsonObject) o;
                        PatientLimit.possible(limit.getString("code"))
                            .ifPresent(
                                r ->
                                    limit.put(
                                        "possible",
                                        new JsonObject().put("min", r.min()).put("max", r.max())));
                        CriticalFloors.of(limit.getString("code"))
                            .ifPresent(
                                f ->
                                    limit.put(
                                        "floor",
                                        new JsonObject()
                                            .put("low", f.low())
                                            .put("high", f.high())));
                      });
                  return rows;
                });
    Future<JsonArray> history = limits.history(ref.id());
    return Future.all(current, history)
        .map(
            x -> new JsonObject().put("limits", current.result()).put("history", history.result()));
  }

  /**
   * The limit a doctor entered, checked: a threshold no reading can reach, relaxing a CRITICAL
   * floor, thresholds out of order or a body that cannot be read are a 400 with the reason.
   */
  static PatientLimit entered(Principal who, String code, JsonObject body) {
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
    return limit.validateEntered();
  }

  /** What the audit log says was set: the code and each threshold given, as the API names them. */
  static String auditTarget(PatientLimit l) {
    StringBuilder out = new StringBuilder(l.code()).append(':');
    l.thresholds()
        .forEach(
            (name, value) -> {
              if (value != null) out.append(' ').append(name).append('=').append(value);
            });
    return out.toString();
  }

  Future<JsonObject> set(PatientRef ref, PatientLimit limit) {
    return pool.withTransaction(tx -> TriageSql.setLimit(tx, ref.id(), limit))
        .compose(x -> list(ref));
  }
}

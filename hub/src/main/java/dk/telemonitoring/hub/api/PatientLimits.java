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
import java.util.Objects;

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

  /** The limit entered, with what the audit log says of it beside the patient's current one. */
  Future<Access.Checked<PatientLimit>> checked(PatientRef ref, PatientLimit entered) {
    return limits
        .current(ref.id())
        .map(
            rows ->
                rows.stream()
                    .map(JsonObject.class::cast)
                    .filter(r -> entered.code().equals(r.getString("code")))
                    .findFirst()
                    .orElse(null))
        .map(before -> new Access.Checked<>(entered, auditTarget(before, entered)));
  }

  /**
   * What the audit log says was set, in the API's names: each threshold given or replaced, a
   * changed one as {@code old->new} ({@code none} where there was or is none), for example {@code
   * temperature: criticalLow=35.0->34.0 redLow=35.0 yellowHigh=none->38.4}.
   */
  static String auditTarget(JsonObject before, PatientLimit l) {
    StringBuilder out = new StringBuilder(l.code()).append(':');
    l.thresholds()
        .forEach(
            (name, value) -> {
              Double old = before == null ? null : before.getDouble(name);
              if (value == null && old == null) return;
              out.append(' ').append(name).append('=');
              if (!Objects.equals(old, value)) {
                out.append(old == null ? "none" : old).append("->");
              }
              out.append(value == null ? "none" : value);
            });
    return out.toString();
  }

  Future<JsonObject> set(PatientRef ref, PatientLimit limit) {
    return pool.withTransaction(tx -> TriageSql.setLimit(tx, ref.id(), limit))
        .compose(x -> list(ref));
  }
}

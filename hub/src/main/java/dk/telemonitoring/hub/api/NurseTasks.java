package dk.telemonitoring.hub.api;

import dk.telemonitoring.hub.access.Principal;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The nurses' open tasks (missed measurements, offline devices) and resolving one. */
final class NurseTasks {

  private final Pool pool;
  private final Access access;

  NurseTasks(Pool pool, Access access) {
    this.pool = pool;
    this.access = access;
  }

  Future<JsonArray> open(List<String> clinics) {
    return pool.preparedQuery(
            """
            SELECT t.id, t.patient_id, t.clinic_id, t.kind, t.since, t.details, t.text_en, t.text_da, t.opened_at,
                   p.display_name
            FROM nurse_tasks t JOIN patients p ON p.id = t.patient_id
            WHERE t.clinic_id = ANY($1) AND t.status = 'OPEN' ORDER BY t.since""")
        .execute(Tuple.of(clinics.toArray(String[]::new)))
        .map(
            rs -> {
              JsonArray out = new JsonArray();
              Instant now = Instant.now();
              for (Row r : rs) {
                Object details = r.getValue(5);
                out.add(
                    new JsonObject()
                        .put("id", r.getLong(0))
                        .put("patientId", r.getUUID(1).toString())
                        .put("clinicId", r.getString(2))
                        .put("kind", r.getString(3))
                        .put("since", Json.text(r.getOffsetDateTime(4)))
                        .put("details", details instanceof JsonObject ? details : null)
                        .put(
                            "text",
                            new JsonObject().put("en", r.getString(6)).put("da", r.getString(7)))
                        .put("openedAt", Json.text(r.getOffsetDateTime(8)))
                        .put("patientName", r.getString(9))
                        .put(
                            "waitingSeconds",
                            Duration.between(r.getOffsetDateTime(4).toInstant(), now).toSeconds()));
              }
              return out;
            });
  }

  static List<PatientRef> refs(JsonArray tasks) {
    Map<UUID, PatientRef> out = new LinkedHashMap<>();
    for (Object o : tasks) {
      JsonObject t = (JsonObject) o;
      UUID id = UUID.fromString(t.getString("patientId"));
      out.putIfAbsent(id, new PatientRef(id, t.getString("clinicId")));
    }
    return new ArrayList<>(out.values());
  }

  Future<JsonObject> resolve(RoutingContext ctx, Principal who) {
    long id;
    try {
      id = Long.parseLong(ctx.pathParam("taskId"));
    } catch (NumberFormatException e) {
      throw ApiError.notFound("task not found");
    }
    String note = Json.optionalNote(ctx);
    return pool.preparedQuery(
            "SELECT patient_id FROM nurse_tasks WHERE id = $1 AND clinic_id = ANY($2)")
        .execute(Tuple.of(id, (Object) who.clinics().toArray(String[]::new)))
        .compose(
            rs ->
                rs.size() == 0
                    ? Future.failedFuture(ApiError.notFound("task not found"))
                    : access.patient(ctx, who, rs.iterator().next().getUUID(0), "task.resolve"))
        .compose(
            ref ->
                pool.preparedQuery(
                        """
                UPDATE nurse_tasks SET status = 'RESOLVED', resolved_at = now(), updated_at = now(), resolved_by = $2,
                  details = details || jsonb_build_object('resolutionNote', $3::text)
                WHERE id = $1 AND status = 'OPEN'""")
                    .execute(Tuple.of(id, who.actorId(), note)))
        .compose(
            rs ->
                rs.rowCount() == 0
                    ? Future.failedFuture(new ApiError(409, "the task is already resolved"))
                    : Future.succeededFuture(
                        new JsonObject().put("id", id).put("status", "RESOLVED")));
  }
}

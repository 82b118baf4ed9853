package dk.telemonitoring.hub.api;

import dk.telemonitoring.hub.access.Principal;
import dk.telemonitoring.hub.store.NurseTaskStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The nurses' open tasks (missed measurements, offline devices) and resolving one. */
final class NurseTasks {

  private final NurseTaskStore tasks;
  private final Access access;

  NurseTasks(Pool pool, Access access) {
    this.tasks = new NurseTaskStore(pool);
    this.access = access;
  }

  Future<JsonArray> open(List<String> clinics) {
    return tasks.open(clinics);
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
    return tasks
        .patientOf(id, who.clinics())
        .compose(
            patient ->
                patient.isEmpty()
                    ? Future.failedFuture(ApiError.notFound("task not found"))
                    : access.patient(ctx, who, patient.get(), "task.resolve"))
        .compose(ref -> tasks.resolve(id, who.actorId(), note))
        .compose(
            resolved ->
                !resolved
                    ? Future.failedFuture(new ApiError(409, "the task is already resolved"))
                    : Future.succeededFuture(
                        new JsonObject().put("id", id).put("status", "RESOLVED")));
  }
}

package dk.telemonitoring.hub.api;

import dk.telemonitoring.hub.access.Principal;
import dk.telemonitoring.hub.store.PatientScheduleStore;
import dk.telemonitoring.hub.triage.worker.SchedulePhases;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.LocalDate;

/** A patient's measurement schedules, one per code. */
final class PatientSchedules {

  private final PatientScheduleStore schedules;

  PatientSchedules(Pool pool) {
    this.schedules = new PatientScheduleStore(pool);
  }

  Future<JsonObject> list(PatientRef ref) {
    return schedules.list(ref.id()).map(out -> new JsonObject().put("schedules", out));
  }

  Future<JsonObject> set(PatientRef ref, Principal who, String code, JsonObject body) {
    String phases = Json.required(body, "phases");
    try {
      SchedulePhases.parse(phases);
    } catch (RuntimeException e) {
      throw ApiError.badRequest(
          "'phases' is not a schedule such as TWICE_DAILY:0-14,TWICE_WEEKLY:14- ("
              + e.getMessage()
              + ")");
    }
    LocalDate start =
        body.getString("startDate") == null
            ? LocalDate.now()
            : LocalDate.parse(body.getString("startDate"));
    int grace = body.getInteger("graceMinutes", 120);
    if (grace < 0 || grace > 24 * 60) {
      throw ApiError.badRequest("'graceMinutes' must be between 0 and 1440");
    }
    return schedules.set(ref.id(), code, start, phases, grace, who.email()).compose(x -> list(ref));
  }
}

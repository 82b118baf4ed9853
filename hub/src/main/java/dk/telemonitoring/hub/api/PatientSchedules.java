package dk.telemonitoring.hub.api;

import dk.telemonitoring.hub.access.Principal;
import dk.telemonitoring.hub.triage.worker.SchedulePhases;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;

/** A patient's measurement schedules, one per code. */
final class PatientSchedules {

  private final Pool pool;

  PatientSchedules(Pool pool) {
    this.pool = pool;
  }

  Future<JsonObject> list(PatientRef ref) {
    return pool.preparedQuery(
            """
            SELECT code, start_date, phases, grace_minutes, zone, created_by, created_at
            FROM patient_schedules WHERE patient_id = $1 ORDER BY code""")
        .execute(Tuple.of(ref.id()))
        .map(
            rs -> {
              JsonArray out = new JsonArray();
              for (Row r : rs) {
                out.add(
                    new JsonObject()
                        .put("code", r.getString(0))
                        .put("startDate", r.getLocalDate(1).toString())
                        .put("phases", r.getString(2))
                        .put("graceMinutes", r.getInteger(3))
                        .put("zone", r.getString(4))
                        .put("createdBy", r.getString(5))
                        .put("createdAt", Json.text(r.getOffsetDateTime(6))));
              }
              return new JsonObject().put("schedules", out);
            });
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
    return pool.preparedQuery(
            """
            INSERT INTO patient_schedules (patient_id, code, start_date, phases, grace_minutes, created_by)
            VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (patient_id, code) DO UPDATE SET start_date = EXCLUDED.start_date, phases = EXCLUDED.phases,
              grace_minutes = EXCLUDED.grace_minutes, created_by = EXCLUDED.created_by, created_at = now()""")
        .execute(Tuple.of(ref.id(), code, start, phases, grace, who.email()))
        .compose(x -> list(ref));
  }
}

package dk.telemonitoring.hub.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.util.UUID;

/** A patient's measurement schedules ({@code patient_schedules}), one per code. */
public final class PatientScheduleStore {

  private final Pool pool;

  public PatientScheduleStore(Pool pool) {
    this.pool = pool;
  }

  /** The patient's schedules ordered by code. */
  public Future<JsonArray> list(UUID patientId) {
    return pool.preparedQuery(
            """
            SELECT code, start_date, phases, grace_minutes, zone, created_by, created_at
            FROM patient_schedules WHERE patient_id = $1 ORDER BY code""")
        .execute(Tuple.of(patientId))
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
                        .put("createdAt", IsoTimes.text(r.getOffsetDateTime(6))));
              }
              return out;
            });
  }

  /** Sets (or replaces) the patient's schedule for a code. */
  public Future<Void> set(
      UUID patientId, String code, LocalDate start, String phases, int graceMinutes, String by) {
    return pool.preparedQuery(
            """
            INSERT INTO patient_schedules (patient_id, code, start_date, phases, grace_minutes, created_by)
            VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (patient_id, code) DO UPDATE SET start_date = EXCLUDED.start_date, phases = EXCLUDED.phases,
              grace_minutes = EXCLUDED.grace_minutes, created_by = EXCLUDED.created_by, created_at = now()""")
        .execute(Tuple.of(patientId, code, start, phases, graceMinutes, by))
        .mapEmpty();
  }
}

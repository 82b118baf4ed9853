package dk.telemonitoring.hub.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

  /** One patient's schedule for one code, as stored. */
  public record Scheduled(
      UUID patientId,
      String code,
      LocalDate startDate,
      String phases,
      int graceMinutes,
      String zone) {}

  /** Slots due and slots with a spot check of the slot's code, for one patient. */
  public record SlotCounts(long due, long met) {}

  /** The schedules of the clinic's patients enrolled before {@code enrolledBefore}. */
  public Future<List<Scheduled>> ofClinic(String clinic, Instant enrolledBefore) {
    return pool.preparedQuery(
            """
            SELECT s.patient_id, s.code, s.start_date, s.phases, s.grace_minutes, s.zone
            FROM patient_schedules s JOIN patients p ON p.id = s.patient_id
            WHERE p.clinic_id = $1 AND p.enrolled_at < $2""")
        .execute(Tuple.of(clinic, enrolledBefore.atOffset(ZoneOffset.UTC)))
        .map(
            rs -> {
              List<Scheduled> out = new ArrayList<>();
              for (Row r : rs) {
                out.add(
                    new Scheduled(
                        r.getUUID(0),
                        r.getString(1),
                        r.getLocalDate(2),
                        r.getString(3),
                        r.getInteger(4),
                        r.getString(5)));
              }
              return out;
            });
  }

  /**
   * Per patient, how many of the given slots (slot i: {@code patients[i]}, {@code codes[i]}, [
   * {@code starts[i]}, {@code ends[i]})) were due and how many hold a spot check of the code (a
   * wearable's continuous samples do not count). Slots while the patient was passive, beginning
   * before the patient was enrolled, or ending after the end of enrolment are not due.
   */
  public Future<Map<UUID, SlotCounts>> slotCounts(
      UUID[] patients, String[] codes, OffsetDateTime[] starts, OffsetDateTime[] ends) {
    return pool.preparedQuery(
            """
            SELECT u.patient, count(*),
                   count(*) FILTER (WHERE EXISTS (SELECT 1 FROM readings r WHERE r.patient_id = u.patient
                     AND r.code = u.code AND r.measured_at >= u.s AND r.measured_at < u.e
                     AND NOT (r.flags @> ARRAY['continuous'])))
            FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::timestamptz[]) AS u (patient, code, s, e)
            WHERE NOT EXISTS (SELECT 1 FROM passive_intervals pi WHERE pi.patient_id = u.patient
              AND pi.from_at < u.e AND (pi.to_at IS NULL OR pi.to_at > u.s))
              AND NOT EXISTS (SELECT 1 FROM patients p WHERE p.id = u.patient
                AND (p.enrolment_ended_at < u.e OR p.enrolled_at > u.s))
            GROUP BY u.patient""")
        .execute(
            Tuple.tuple()
                .addArrayOfUUID(patients)
                .addArrayOfString(codes)
                .addArrayOfOffsetDateTime(starts)
                .addArrayOfOffsetDateTime(ends))
        .map(
            counts -> {
              Map<UUID, SlotCounts> out = new HashMap<>();
              counts.forEach(
                  c -> out.put(c.getUUID(0), new SlotCounts(c.getLong(1), c.getLong(2))));
              return out;
            });
  }
}

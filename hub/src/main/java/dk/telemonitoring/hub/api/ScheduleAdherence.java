package dk.telemonitoring.hub.api;

import dk.telemonitoring.hub.triage.schedule.MeasurementSchedule;
import dk.telemonitoring.hub.triage.schedule.Slot;
import dk.telemonitoring.hub.triage.worker.SchedulePhases;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Who measures as scheduled: per patient, the scheduled slots that fell due in a period (window
 * wholly inside it and its grace passed, the same slots the missed-measurement scanner judges) and
 * how many of them hold a spot check of the scheduled code (a wearable's continuous samples do not
 * count). Slots while the patient was passive (admitted, on holiday) are not due: nobody measures
 * in a hospital bed; nor are slots ending after the end of enrolment: the schedule stops there.
 */
final class ScheduleAdherence {

  /** Slots due and slots measured for one patient. */
  record Counts(long due, long met) {
    static final Counts NONE = new Counts(0, 0);

    Counts plus(Counts o) {
      return new Counts(due + o.due, met + o.met);
    }

    /** Share of due slots measured, or null with none due. */
    Double share() {
      return due == 0 ? null : met / (double) due;
    }
  }

  private final Pool pool;

  ScheduleAdherence(Pool pool) {
    this.pool = pool;
  }

  Future<Map<UUID, Counts>> perPatient(String clinic, Instant from, Instant to) {
    return pool.preparedQuery(
            """
            SELECT s.patient_id, s.code, s.start_date, s.phases, s.grace_minutes, s.zone
            FROM patient_schedules s JOIN patients p ON p.id = s.patient_id
            WHERE p.clinic_id = $1 AND p.enrolled_at < $2""")
        .execute(Tuple.of(clinic, to.atOffset(ZoneOffset.UTC)))
        .compose(
            rs -> {
              List<UUID> patients = new ArrayList<>();
              List<String> codes = new ArrayList<>();
              List<OffsetDateTime> starts = new ArrayList<>();
              List<OffsetDateTime> ends = new ArrayList<>();
              for (Row r : rs) {
                MeasurementSchedule schedule =
                    new MeasurementSchedule(
                        r.getString(1),
                        r.getLocalDate(2),
                        SchedulePhases.parse(r.getString(3)),
                        Duration.ofMinutes(r.getInteger(4)),
                        ZoneId.of(r.getString(5)));
                for (Slot s : schedule.slots(from, to)) {
                  if (!s.start().isBefore(from) && !s.end().plus(schedule.grace()).isAfter(to)) {
                    patients.add(r.getUUID(0));
                    codes.add(schedule.code());
                    starts.add(s.start().atOffset(ZoneOffset.UTC));
                    ends.add(s.end().atOffset(ZoneOffset.UTC));
                  }
                }
              }
              if (patients.isEmpty()) {
                return Future.succeededFuture(Map.<UUID, Counts>of());
              }
              return pool.preparedQuery(
                      """
                  SELECT u.patient, count(*),
                         count(*) FILTER (WHERE EXISTS (SELECT 1 FROM readings r WHERE r.patient_id = u.patient
                           AND r.code = u.code AND r.measured_at >= u.s AND r.measured_at < u.e
                           AND NOT (r.flags @> ARRAY['continuous'])))
                  FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::timestamptz[]) AS u (patient, code, s, e)
                  WHERE NOT EXISTS (SELECT 1 FROM passive_intervals pi WHERE pi.patient_id = u.patient
                    AND pi.from_at < u.e AND (pi.to_at IS NULL OR pi.to_at > u.s))
                    AND NOT EXISTS (SELECT 1 FROM patients p WHERE p.id = u.patient AND p.enrolment_ended_at < u.e)
                  GROUP BY u.patient""")
                  .execute(
                      Tuple.tuple()
                          .addArrayOfUUID(patients.toArray(UUID[]::new))
                          .addArrayOfString(codes.toArray(String[]::new))
                          .addArrayOfOffsetDateTime(starts.toArray(OffsetDateTime[]::new))
                          .addArrayOfOffsetDateTime(ends.toArray(OffsetDateTime[]::new)))
                  .map(
                      counts -> {
                        Map<UUID, Counts> out = new HashMap<>();
                        counts.forEach(
                            c -> out.put(c.getUUID(0), new Counts(c.getLong(1), c.getLong(2))));
                        return out;
                      });
            });
  }
}

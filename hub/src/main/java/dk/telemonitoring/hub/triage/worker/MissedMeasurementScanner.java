package dk.telemonitoring.hub.triage.worker;

import static dk.telemonitoring.hub.store.SqlTimes.utc;
import static dk.telemonitoring.hub.triage.worker.TriageSql.instant;

import dk.telemonitoring.hub.store.TriageLocks;
import dk.telemonitoring.hub.triage.Condition;
import dk.telemonitoring.hub.triage.TimeInterval;
import dk.telemonitoring.hub.triage.schedule.DeviceLiveness;
import dk.telemonitoring.hub.triage.schedule.MeasurementSchedule;
import dk.telemonitoring.hub.triage.schedule.MissedMeasurements;
import dk.telemonitoring.hub.triage.schedule.NurseTask;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Periodic, database-driven scan that opens and resolves nurse tasks: MISSED_MEASUREMENT (a
 * scheduled measurement did not arrive within its grace time) and DEVICE_OFFLINE (a bound device
 * silent beyond its keep-alive). These are not clinical alarms. Idempotent across hubs: one scan at
 * a time via {@code pg_try_advisory_xact_lock}, and at most one open task per patient and kind
 * (unique partial index). Patients in a passive interval (admitted, on holiday) or whose enrolment
 * has ended are skipped and their tasks resolved; slots in a passive interval are never counted as
 * missed, so a discharge does not open a task for the days in hospital.
 */
public final class MissedMeasurementScanner {

  private static final Logger LOG = LoggerFactory.getLogger(MissedMeasurementScanner.class);
  private static final long SCAN_LOCK = 0x7472696167650001L;

  private final Vertx vertx;
  private final Pool pool;
  private final Duration period;
  private final Clock clock;
  private long timerId = -1;

  public MissedMeasurementScanner(Vertx vertx, Pool pool, Duration period, Clock clock) {
    this.vertx = vertx;
    this.pool = pool;
    this.period = period;
    this.clock = clock;
  }

  public MissedMeasurementScanner(Vertx vertx, Pool pool) {
    this(vertx, pool, Duration.ofMinutes(5), Clock.systemUTC());
  }

  public Future<Void> start() {
    timerId =
        vertx.setPeriodic(
            period.toMillis(),
            id ->
                scan()
                    .onFailure(
                        e -> LOG.warn("missed-measurement scan failed [error: {}]", e.toString())));
    return scan().mapEmpty();
  }

  public void stop() {
    if (timerId >= 0) vertx.cancelTimer(timerId);
  }

  /**
   * One scan; returns the number of open tasks after it (0 when another hub held the scan lock).
   */
  public Future<Integer> scan() {
    Instant now = clock.instant();
    return enrolNewPatients().compose(enrolled -> scanTasks(now));
  }

  private Future<Integer> scanTasks(Instant now) {
    return pool.withTransaction(
        tx ->
            tx.preparedQuery("SELECT pg_try_advisory_xact_lock($1) AS got")
                .execute(Tuple.of(SCAN_LOCK))
                .compose(
                    rs -> {
                      if (!rs.iterator().next().getBoolean("got")) return Future.succeededFuture(0);
                      return missed(tx, now)
                          .compose(v -> offline(tx, now))
                          .compose(
                              v ->
                                  tx.query(
                                          "SELECT count(*) AS n FROM nurse_tasks WHERE status = 'OPEN'")
                                      .execute()
                                      .map(r -> r.iterator().next().getLong("n").intValue()));
                    }));
  }

  /**
   * Copies group defaults to patients enrolled since the last scan, so a patient who never measures
   * is missed too. One short transaction per patient under the triage lock, as triage enrols too:
   * never holding one patient's rows while waiting for another's.
   */
  private Future<Void> enrolNewPatients() {
    return pool.preparedQuery(
            "SELECT id, condition, enrolled_at FROM patients WHERE triage_enrolled_at IS NULL ORDER BY id LIMIT 500")
        .execute()
        .compose(
            rs -> {
              List<Row> rows = new ArrayList<>();
              rs.forEach(rows::add);
              return Futures.sequence(
                  rows,
                  r ->
                      pool.withTransaction(
                          tx ->
                              TriageLocks.patient(tx, r.getUUID("id"))
                                  .compose(
                                      v ->
                                          TriageSql.enrol(
                                              tx,
                                              r.getUUID("id"),
                                              Condition.parse(r.getString("condition")),
                                              instant(r, "enrolled_at")))));
            });
  }

  /**
   * Opens a nurse task for each scheduled measurement missed beyond its grace. A schedule asks for
   * spot checks: a wearable's night of continuous samples neither fulfils it nor is read here
   * (30,000 samples a night, through the spot-check index of V36).
   */
  private Future<Void> missed(SqlConnection tx, Instant now) {
    return tx.preparedQuery(
            """
        SELECT s.patient_id, p.clinic_id, p.enrolled_at, s.code, s.start_date, s.phases, s.grace_minutes, s.zone,
          (SELECT array_agg(r.measured_at) FROM readings r
            WHERE r.patient_id = s.patient_id AND r.code = s.code AND r.measured_at >= $1
              AND NOT (r.flags @> ARRAY['continuous'])) AS times,
          EXISTS (SELECT 1 FROM passive_intervals pi WHERE pi.patient_id = s.patient_id
            AND pi.from_at <= $2 AND (pi.to_at IS NULL OR pi.to_at > $2))
            OR coalesce(p.enrolment_ended_at <= $2, false) AS passive
        FROM patient_schedules s JOIN patients p ON p.id = s.patient_id
        ORDER BY s.patient_id, s.code""")
        .execute(Tuple.of(utc(now.minus(Duration.ofDays(15))), utc(now)))
        .compose(rs -> passiveIntervals(tx, now).map(passive -> Map.entry(rs, passive)))
        .compose(
            found -> {
              var rs = found.getKey();
              Map<UUID, List<TimeInterval>> passiveOf = found.getValue();
              Map<UUID, Optional<NurseTask>> perPatient = new HashMap<>();
              Map<UUID, String> clinic = new HashMap<>();
              for (Row r : rs) {
                UUID patient = r.getUUID("patient_id");
                clinic.put(patient, r.getString("clinic_id"));
                if (r.getBoolean("passive")) {
                  perPatient.putIfAbsent(patient, Optional.empty());
                  continue;
                }
                MeasurementSchedule schedule =
                    new MeasurementSchedule(
                        r.getString("code"),
                        r.getLocalDate("start_date"),
                        SchedulePhases.parse(r.getString("phases")),
                        Duration.ofMinutes(r.getInteger("grace_minutes")),
                        ZoneId.of(r.getString("zone")));
                List<Instant> times = new ArrayList<>();
                Object[] arr = r.getArrayOfOffsetDateTimes("times");
                if (arr != null) for (Object t : arr) times.add(((OffsetDateTime) t).toInstant());
                // Slots that began before the patient was enrolled are not due: a schedule starts
                // on the day of enrolment, and the morning's slot of an afternoon's enrolment was
                // the clinic's to skip, not the patient's to miss.
                List<TimeInterval> notDue =
                    new ArrayList<>(passiveOf.getOrDefault(patient, List.of()));
                Instant enrolled = instant(r, "enrolled_at");
                if (enrolled != null) notDue.add(new TimeInterval(Instant.EPOCH, enrolled));
                Optional<NurseTask> task =
                    MissedMeasurements.task(patient, schedule, times, now, notDue);
                // one task per patient and kind: keep the one missing for longest
                perPatient.merge(
                    patient,
                    task,
                    (a, b) ->
                        a.isEmpty()
                            ? b
                            : b.isEmpty() ? a : a.get().since().isBefore(b.get().since()) ? a : b);
              }
              return Futures.sequence(
                  new ArrayList<>(perPatient.entrySet()),
                  e ->
                      upsertOrResolve(
                          tx,
                          e.getKey(),
                          clinic.get(e.getKey()),
                          NurseTask.Kind.MISSED_MEASUREMENT,
                          e.getValue(),
                          now));
            });
  }

  /**
   * Passive intervals of any kind (admitted, on holiday) that reach into the scan's look-back, per
   * patient: their slots are not due.
   */
  private static Future<Map<UUID, List<TimeInterval>>> passiveIntervals(
      SqlConnection tx, Instant now) {
    return tx.preparedQuery(
            """
        SELECT patient_id, from_at, to_at FROM passive_intervals
        WHERE (to_at IS NULL OR to_at > $1) AND from_at <= $2""")
        .execute(Tuple.of(utc(now.minus(Duration.ofDays(15))), utc(now)))
        .map(
            rs -> {
              Map<UUID, List<TimeInterval>> out = new HashMap<>();
              for (Row r : rs) {
                out.computeIfAbsent(r.getUUID("patient_id"), k -> new ArrayList<>())
                    .add(new TimeInterval(instant(r, "from_at"), instant(r, "to_at")));
              }
              return out;
            });
  }

  /**
   * A device of a patient who is passive (admitted, on holiday) or no longer enrolled is expected
   * to be silent: no task.
   */
  private Future<Void> offline(SqlConnection tx, Instant now) {
    return tx.preparedQuery(
            """
        SELECT b.patient_id, p.clinic_id, d.id, d.last_seen_at, b.bound_at, d.keepalive_seconds,
          EXISTS (SELECT 1 FROM passive_intervals pi WHERE pi.patient_id = b.patient_id
            AND pi.from_at <= $1 AND (pi.to_at IS NULL OR pi.to_at > $1))
            OR coalesce(p.enrolment_ended_at <= $1, false) AS passive
        FROM device_bindings b JOIN devices d ON d.id = b.device_id JOIN patients p ON p.id = b.patient_id
        WHERE b.unbound_at IS NULL AND d.status = 'ACTIVE' ORDER BY b.patient_id""")
        .execute(Tuple.of(utc(now)))
        .compose(
            rs -> {
              Map<UUID, List<DeviceLiveness.DeviceSeen>> devices = new HashMap<>();
              Map<UUID, String> clinic = new HashMap<>();
              Set<UUID> passive = new HashSet<>();
              for (Row r : rs) {
                UUID patient = r.getUUID("patient_id");
                clinic.put(patient, r.getString("clinic_id"));
                if (r.getBoolean("passive")) {
                  passive.add(patient);
                }
                devices
                    .computeIfAbsent(patient, k -> new ArrayList<>())
                    .add(
                        new DeviceLiveness.DeviceSeen(
                            r.getString("id"),
                            instant(r, "last_seen_at"),
                            instant(r, "bound_at"),
                            r.getInteger("keepalive_seconds")));
              }
              return Futures.sequence(
                  new ArrayList<>(devices.entrySet()),
                  e ->
                      upsertOrResolve(
                          tx,
                          e.getKey(),
                          clinic.get(e.getKey()),
                          NurseTask.Kind.DEVICE_OFFLINE,
                          passive.contains(e.getKey())
                              ? Optional.empty()
                              : DeviceLiveness.task(e.getKey(), e.getValue(), now),
                          now));
            });
  }

  private static Future<Void> upsertOrResolve(
      SqlConnection tx,
      UUID patientId,
      String clinicId,
      NurseTask.Kind kind,
      Optional<NurseTask> task,
      Instant now) {
    if (task.isEmpty()) {
      return tx.preparedQuery(
              """
          UPDATE nurse_tasks SET status = 'RESOLVED', resolved_at = $3, resolved_by = 'system', updated_at = $3
          WHERE patient_id = $1 AND kind = $2 AND status = 'OPEN'""")
          .execute(Tuple.of(patientId, kind.name(), utc(now)))
          .mapEmpty();
    }
    NurseTask t = task.get();
    return tx.preparedQuery(
            """
        INSERT INTO nurse_tasks (patient_id, clinic_id, kind, since, details, text_en, text_da, opened_at, updated_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)
        ON CONFLICT (patient_id, kind) WHERE status = 'OPEN'
        DO UPDATE SET details = EXCLUDED.details, text_en = EXCLUDED.text_en, text_da = EXCLUDED.text_da,
          since = EXCLUDED.since, updated_at = EXCLUDED.updated_at""")
        .execute(
            Tuple.tuple()
                .addUUID(patientId)
                .addString(clinicId)
                .addString(kind.name())
                .addValue(utc(t.since()))
                .addValue(new JsonObject(new java.util.LinkedHashMap<>(t.details())))
                .addString(t.text().en())
                .addString(t.text().da())
                .addValue(utc(now)))
        .mapEmpty();
  }
}

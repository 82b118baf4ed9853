package dk.telemonitoring.hub.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A patient's status as staff record it: admissions to hospital and other passive intervals ({@code
 * passive_intervals}), the end of enrolment ({@code patients.enrolment_*}) and a doctor's
 * spirometry personal best. Triage ({@code TriageSql.context}) and the missed-measurement scan read
 * the same rows, so each change is written under the patient's triage lock: it applies between two
 * triage batches, never within one. Every change also writes a {@code patient_status_log} row in
 * the same transaction; rows are never deleted (an interval is ended, an end of enrolment recorded
 * in error is cleared with a log row that keeps what it was).
 */
public final class PatientStatusStore {

  /** What the store refuses, with a reason a person can act on; {@code conflict}: 409, else 400. */
  public static final class Refused extends RuntimeException {
    private final boolean conflict;

    Refused(String message, boolean conflict) {
      super(message, null, false, false);
      this.conflict = conflict;
    }

    public boolean conflict() {
      return conflict;
    }
  }

  /** Kinds of passive interval; only ADMISSION silences alerts. */
  public enum Kind {
    ADMISSION,
    HOLIDAY,
    OTHER
  }

  /** Why an enrolment ended. */
  public enum EndReason {
    WITHDRAWN,
    COMPLETED,
    DECEASED,
    MOVED
  }

  /** One passive interval; {@code to} null while it lasts. */
  public record Interval(
      long id,
      Kind kind,
      Instant from,
      Instant to,
      String reason,
      String createdBy,
      Instant createdAt,
      String endedBy) {

    public boolean contains(Instant t) {
      return !t.isBefore(from) && (to == null || t.isBefore(to));
    }
  }

  /** The enrolment: when it began and, once ended, when, why and by whom. */
  public record Enrolment(
      Instant enrolledAt, Instant endedAt, EndReason endReason, String endedBy) {}

  /**
   * A spirometry personal best; {@code setBy} (the doctor's name where a hub user) null when triage
   * raised it from a stable session.
   */
  public record PersonalBest(
      String code, double value, Instant measuredAt, String source, String setBy, String reason) {}

  /**
   * One logged change; {@code changedBy} is the person's name where a hub user, else the author.
   */
  public record LogEntry(String action, JsonObject details, String changedBy, Instant changedAt) {}

  /** Everything the patient page shows about the status. */
  public record Status(
      Enrolment enrolment,
      List<Interval> intervals,
      List<PersonalBest> personalBests,
      List<LogEntry> log) {}

  /** What a list or the board shows per patient at {@code now}. */
  public record Summary(
      Instant admittedSince, Kind passiveNow, Instant enrolmentEndedAt, EndReason endReason) {}

  private final Pool pool;

  public PatientStatusStore(Pool pool) {
    this.pool = pool;
  }

  // ----- reads -----

  public Future<Status> read(UUID patientId) {
    Future<Enrolment> enrolment =
        pool.preparedQuery(
                "SELECT enrolled_at, enrolment_ended_at, enrolment_end_reason, enrolment_ended_by FROM patients WHERE id = $1")
            .execute(Tuple.of(patientId))
            .map(
                rs -> {
                  Row r = rs.iterator().next();
                  return new Enrolment(
                      instant(r.getOffsetDateTime(0)),
                      instant(r.getOffsetDateTime(1)),
                      r.getString(2) == null ? null : EndReason.valueOf(r.getString(2)),
                      r.getString(3));
                });
    Future<List<Interval>> intervals = intervals(pool, patientId);
    Future<List<PersonalBest>> bests =
        pool.preparedQuery(
                """
            SELECT b.code, b.value, b.measured_at, b.source, coalesce(u.display_name, b.set_by), b.reason
            FROM spirometry_personal_best b LEFT JOIN app_users u ON u.email = b.set_by
            WHERE b.patient_id = $1 ORDER BY b.code""")
            .execute(Tuple.of(patientId))
            .map(
                rs -> {
                  List<PersonalBest> out = new ArrayList<>();
                  for (Row r : rs) {
                    out.add(
                        new PersonalBest(
                            r.getString(0),
                            r.getDouble(1),
                            instant(r.getOffsetDateTime(2)),
                            r.getString(3),
                            r.getString(4),
                            r.getString(5)));
                  }
                  return out;
                });
    Future<List<LogEntry>> log =
        pool.preparedQuery(
                """
            SELECT l.action, l.details, coalesce(u.display_name, l.changed_by), l.changed_at
            FROM patient_status_log l LEFT JOIN app_users u ON u.email = l.changed_by
            WHERE l.patient_id = $1 ORDER BY l.changed_at DESC, l.id DESC LIMIT 100""")
            .execute(Tuple.of(patientId))
            .map(
                rs -> {
                  List<LogEntry> out = new ArrayList<>();
                  for (Row r : rs) {
                    out.add(
                        new LogEntry(
                            r.getString(0),
                            json(r.getValue(1)),
                            r.getString(2),
                            instant(r.getOffsetDateTime(3))));
                  }
                  return out;
                });
    return Future.all(enrolment, intervals, bests, log)
        .map(x -> new Status(enrolment.result(), intervals.result(), bests.result(), log.result()));
  }

  /** Per patient in {@code ids}: admitted, passive or no longer enrolled at {@code now}. */
  public Future<Map<UUID, Summary>> summaries(Collection<UUID> ids, Instant now) {
    if (ids.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    return pool.preparedQuery(
            """
            SELECT p.id, a.from_at, o.kind, p.enrolment_ended_at, p.enrolment_end_reason
            FROM patients p
            LEFT JOIN LATERAL (SELECT from_at FROM passive_intervals WHERE patient_id = p.id AND kind = 'ADMISSION'
              AND from_at <= $2 AND (to_at IS NULL OR to_at > $2) ORDER BY from_at DESC LIMIT 1) a ON true
            LEFT JOIN LATERAL (SELECT kind FROM passive_intervals WHERE patient_id = p.id AND kind <> 'ADMISSION'
              AND from_at <= $2 AND (to_at IS NULL OR to_at > $2) ORDER BY from_at DESC LIMIT 1) o ON true
            WHERE p.id = ANY($1)""")
        .execute(Tuple.of(ids.toArray(UUID[]::new), utc(now)))
        .map(
            rs -> {
              Map<UUID, Summary> out = new HashMap<>();
              for (Row r : rs) {
                Instant admitted = instant(r.getOffsetDateTime(1));
                Instant ended = instant(r.getOffsetDateTime(3));
                boolean endedNow = ended != null && !ended.isAfter(now);
                out.put(
                    r.getUUID(0),
                    new Summary(
                        admitted,
                        admitted != null
                            ? Kind.ADMISSION
                            : r.getString(2) == null ? null : Kind.valueOf(r.getString(2)),
                        endedNow ? ended : null,
                        endedNow ? EndReason.valueOf(r.getString(4)) : null));
              }
              return out;
            });
  }

  /**
   * Bed days per patient of the clinic in [from, to): the midnights (in {@code zone}) a patient
   * spent admitted, from admission to discharge, counted only while enrolled. An admission without
   * a discharge is ongoing: it counts up to {@code to} (the figures' period end), and never past
   * the end of the patient's enrolment. A same-day discharge is no bed day.
   */
  public Future<Map<UUID, Long>> bedDays(
      SqlClient client, String clinicId, Instant from, Instant to, ZoneId zone) {
    return client
        .preparedQuery(
            """
            SELECT i.patient_id, sum(greatest(
                (least(coalesce(i.to_at, $3), $3, p.enrolment_ended_at) AT TIME ZONE $4)::date
              - (greatest(i.from_at, $2, p.enrolled_at) AT TIME ZONE $4)::date, 0))
            FROM passive_intervals i JOIN patients p ON p.id = i.patient_id
            WHERE p.clinic_id = $1 AND i.kind = 'ADMISSION' AND i.from_at < $3 AND (i.to_at IS NULL OR i.to_at > $2)
            GROUP BY i.patient_id""")
        .execute(Tuple.of(clinicId, utc(from), utc(to), zone.getId()))
        .map(
            rs -> {
              Map<UUID, Long> out = new HashMap<>();
              rs.forEach(r -> out.put(r.getUUID(0), ((Number) r.getValue(1)).longValue()));
              return out;
            });
  }

  // ----- writes -----

  /**
   * Records an admission from {@code from} (discharged at {@code to}, or still admitted when null).
   * Refused before enrolment, after its end, in the future, or overlapping another admission.
   */
  public Future<Long> admit(UUID patientId, Instant from, Instant to, String note, String by) {
    Instant now = Instant.now();
    if (from.isAfter(now.plusSeconds(300))) {
      return refuse("an admission cannot start in the future");
    }
    if (to != null && (!to.isAfter(from) || to.isAfter(now.plusSeconds(300)))) {
      return refuse("the discharge must be after the admission and not in the future");
    }
    return pool.withTransaction(
        tx ->
            lock(tx, patientId)
                .compose(x -> enrolment(tx, patientId))
                .compose(
                    e -> {
                      if (from.isBefore(e.enrolledAt())) {
                        return refuse("the admission starts before the patient was enrolled");
                      }
                      if (e.endedAt() != null && !from.isBefore(e.endedAt())) {
                        return refuse("the patient's enrolment ended before the admission");
                      }
                      return overlapping(tx, patientId, from, to, -1);
                    })
                .compose(
                    x ->
                        insertInterval(
                            tx, patientId, Kind.ADMISSION, from, to, note == null ? "" : note, by))
                .compose(
                    id ->
                        log(
                                tx,
                                patientId,
                                "admission",
                                new JsonObject()
                                    .put("intervalId", id)
                                    .put("from", from.toString())
                                    .put("to", to == null ? null : to.toString())
                                    .put("note", note),
                                by)
                            .compose(x -> resolveTasksIfPassive(tx, patientId, from, to, by))
                            .map(id)));
  }

  /**
   * Discharges the admission {@code intervalId} at {@code at}; false when it is not this patient's.
   */
  public Future<Boolean> discharge(UUID patientId, long intervalId, Instant at, String by) {
    if (at.isAfter(Instant.now().plusSeconds(300))) {
      return refuse("a discharge cannot be in the future");
    }
    return end(patientId, intervalId, Kind.ADMISSION, at, by, "discharge");
  }

  /**
   * Records a passive interval other than an admission (a holiday, say): no missed-measurement task
   * while it lasts. Alerts are not silenced by it.
   */
  public Future<Long> startPassive(
      UUID patientId, Kind kind, Instant from, Instant to, String reason, String by) {
    if (kind == Kind.ADMISSION) {
      return refuse("record an admission as an admission");
    }
    if (to != null && !to.isAfter(from)) {
      return refuse("the end must be after the start");
    }
    return pool.withTransaction(
        tx ->
            lock(tx, patientId)
                .compose(x -> insertInterval(tx, patientId, kind, from, to, reason, by))
                .compose(
                    id ->
                        log(
                                tx,
                                patientId,
                                "passive.start",
                                new JsonObject()
                                    .put("intervalId", id)
                                    .put("kind", kind.name())
                                    .put("from", from.toString())
                                    .put("to", to == null ? null : to.toString())
                                    .put("reason", reason),
                                by)
                            .compose(x -> resolveTasksIfPassive(tx, patientId, from, to, by))
                            .map(id)));
  }

  /** Ends a passive interval other than an admission at {@code at}. */
  public Future<Boolean> endPassive(UUID patientId, long intervalId, Instant at, String by) {
    return end(patientId, intervalId, null, at, by, "passive.end");
  }

  /**
   * Ends the enrolment at {@code at} for {@code reason}: schedules stop being due, the patient's
   * open nurse tasks are resolved, patient-years stop, and readings after it open no alert.
   */
  public Future<Void> endEnrolment(UUID patientId, EndReason reason, Instant at, String by) {
    if (at.isAfter(Instant.now().plusSeconds(300))) {
      return refuse("an enrolment cannot end in the future");
    }
    return pool.withTransaction(
        tx ->
            lock(tx, patientId)
                .compose(x -> enrolment(tx, patientId))
                .compose(
                    e -> {
                      if (e.endedAt() != null) {
                        return Future.failedFuture(
                            new Refused("the patient's enrolment has already ended", true));
                      }
                      if (!at.isAfter(e.enrolledAt())) {
                        return refuse("the enrolment must end after it began");
                      }
                      return tx.preparedQuery(
                              """
                          UPDATE patients SET enrolment_ended_at = $2, enrolment_end_reason = $3, enrolment_ended_by = $4
                          WHERE id = $1""")
                          .execute(Tuple.of(patientId, utc(at), reason.name(), by))
                          .mapEmpty();
                    })
                .compose(
                    x ->
                        log(
                            tx,
                            patientId,
                            "enrolment.end",
                            new JsonObject().put("at", at.toString()).put("reason", reason.name()),
                            by))
                .compose(x -> resolveTasks(tx, patientId, by)));
  }

  /**
   * Clears an end of enrolment recorded in error; the log keeps what it was. Readings stored
   * meanwhile stay as triage scored them.
   */
  public Future<Void> resumeEnrolment(UUID patientId, String note, String by) {
    return pool.withTransaction(
        tx ->
            lock(tx, patientId)
                .compose(x -> enrolment(tx, patientId))
                .compose(
                    e -> {
                      if (e.endedAt() == null) {
                        return Future.failedFuture(
                            new Refused("the patient's enrolment has not ended", true));
                      }
                      return tx.preparedQuery(
                              """
                          UPDATE patients SET enrolment_ended_at = NULL, enrolment_end_reason = NULL,
                                 enrolment_ended_by = NULL WHERE id = $1""")
                          .execute(Tuple.of(patientId))
                          .compose(
                              x ->
                                  log(
                                      tx,
                                      patientId,
                                      "enrolment.resume",
                                      new JsonObject()
                                          .put("wasEndedAt", e.endedAt().toString())
                                          .put("wasReason", e.endReason().name())
                                          .put("wasEndedBy", e.endedBy())
                                          .put("note", note),
                                      by));
                    }));
  }

  /**
   * A doctor's personal best for {@code code}: it replaces the stored one, higher or lower (a
   * doctor lowers it after a lasting decline). Triage still raises it from a later, higher stable
   * session.
   */
  public Future<Void> setPersonalBest(
      UUID patientId, String code, double value, Instant measuredAt, String reason, String by) {
    return pool.withTransaction(
        tx ->
            lock(tx, patientId)
                .compose(
                    x ->
                        tx.preparedQuery(
                                """
                INSERT INTO spirometry_personal_best (patient_id, code, value, measured_at, source, set_by, reason)
                VALUES ($1, $2, $3, $4, 'doctor', $5, $6)
                ON CONFLICT (patient_id, code) DO UPDATE SET value = EXCLUDED.value, measured_at = EXCLUDED.measured_at,
                  source = EXCLUDED.source, set_by = EXCLUDED.set_by, reason = EXCLUDED.reason, updated_at = now()""")
                            .execute(Tuple.of(patientId, code, value, utc(measuredAt), by, reason)))
                .compose(
                    x ->
                        log(
                            tx,
                            patientId,
                            "personal-best.set",
                            new JsonObject()
                                .put("code", code)
                                .put("value", value)
                                .put("measuredAt", measuredAt.toString())
                                .put("reason", reason),
                            by)));
  }

  // ----- parts -----

  private Future<Boolean> end(
      UUID patientId, long intervalId, Kind kind, Instant at, String by, String action) {
    return pool.withTransaction(
        tx ->
            lock(tx, patientId)
                .compose(x -> intervals(tx, patientId))
                .compose(
                    all -> {
                      Interval i =
                          all.stream().filter(x -> x.id() == intervalId).findFirst().orElse(null);
                      if (i == null || (kind == Kind.ADMISSION) != (i.kind() == Kind.ADMISSION)) {
                        return Future.succeededFuture(false);
                      }
                      if (i.to() != null && !i.to().isAfter(Instant.now())) {
                        return Future.failedFuture(new Refused("it has already ended", true));
                      }
                      if (!at.isAfter(i.from())) {
                        return refuse("the end must be after the start");
                      }
                      return tx.preparedQuery(
                              """
                          UPDATE passive_intervals SET to_at = $3, ended_by = $4, ended_recorded_at = now()
                          WHERE patient_id = $1 AND id = $2""")
                          .execute(Tuple.of(patientId, intervalId, utc(at), by))
                          .compose(
                              x ->
                                  log(
                                      tx,
                                      patientId,
                                      action,
                                      new JsonObject()
                                          .put("intervalId", intervalId)
                                          .put("kind", i.kind().name())
                                          .put("from", i.from().toString())
                                          .put("to", at.toString()),
                                      by))
                          .map(true);
                    }));
  }

  private static Future<List<Interval>> intervals(SqlClient client, UUID patientId) {
    return client
        .preparedQuery(
            """
            SELECT id, kind, from_at, to_at, reason, created_by, created_at, ended_by FROM passive_intervals
            WHERE patient_id = $1 ORDER BY from_at DESC, id DESC""")
        .execute(Tuple.of(patientId))
        .map(
            rs -> {
              List<Interval> out = new ArrayList<>();
              for (Row r : rs) {
                out.add(
                    new Interval(
                        r.getLong(0),
                        Kind.valueOf(r.getString(1)),
                        instant(r.getOffsetDateTime(2)),
                        instant(r.getOffsetDateTime(3)),
                        r.getString(4),
                        r.getString(5),
                        instant(r.getOffsetDateTime(6)),
                        r.getString(7)));
              }
              return out;
            });
  }

  private static Future<Enrolment> enrolment(SqlConnection tx, UUID patientId) {
    return tx.preparedQuery(
            "SELECT enrolled_at, enrolment_ended_at, enrolment_end_reason, enrolment_ended_by FROM patients WHERE id = $1")
        .execute(Tuple.of(patientId))
        .map(
            rs -> {
              Row r = rs.iterator().next();
              return new Enrolment(
                  instant(r.getOffsetDateTime(0)),
                  instant(r.getOffsetDateTime(1)),
                  r.getString(2) == null ? null : EndReason.valueOf(r.getString(2)),
                  r.getString(3));
            });
  }

  /** Refuses an admission that overlaps another one of the patient (other than {@code except}). */
  private static Future<Void> overlapping(
      SqlConnection tx, UUID patientId, Instant from, Instant to, long except) {
    return tx.preparedQuery(
            """
            SELECT count(*) FROM passive_intervals WHERE patient_id = $1 AND kind = 'ADMISSION' AND id <> $4
              AND (to_at IS NULL OR to_at > $2) AND ($3::timestamptz IS NULL OR from_at < $3)""")
        .execute(Tuple.of(patientId, utc(from), to == null ? null : utc(to), except))
        .compose(
            rs ->
                rs.iterator().next().getLong(0) == 0
                    ? Future.<Void>succeededFuture()
                    : Future.failedFuture(
                        new Refused(
                            "the patient is already admitted in that time (discharge the open admission first)",
                            true)));
  }

  private static Future<Long> insertInterval(
      SqlConnection tx,
      UUID patientId,
      Kind kind,
      Instant from,
      Instant to,
      String reason,
      String by) {
    return tx.preparedQuery(
            """
            INSERT INTO passive_intervals (patient_id, kind, from_at, to_at, reason, created_by)
            VALUES ($1, $2, $3, $4, $5, $6) RETURNING id""")
        .execute(
            Tuple.of(patientId, kind.name(), utc(from), to == null ? null : utc(to), reason, by))
        .map(rs -> rs.iterator().next().getLong(0));
  }

  /** The patient's open nurse tasks are resolved when a passive interval holds now. */
  private static Future<Void> resolveTasksIfPassive(
      SqlConnection tx, UUID patientId, Instant from, Instant to, String by) {
    Instant now = Instant.now();
    boolean passiveNow = !from.isAfter(now) && (to == null || to.isAfter(now));
    return passiveNow ? resolveTasks(tx, patientId, by) : Future.succeededFuture();
  }

  private static Future<Void> resolveTasks(SqlConnection tx, UUID patientId, String by) {
    return tx.preparedQuery(
            """
            UPDATE nurse_tasks SET status = 'RESOLVED', resolved_at = now(), resolved_by = $2, updated_at = now()
            WHERE patient_id = $1 AND status = 'OPEN'""")
        .execute(Tuple.of(patientId, by))
        .mapEmpty();
  }

  private static Future<Void> log(
      SqlConnection tx, UUID patientId, String action, JsonObject details, String by) {
    return tx.preparedQuery(
            "INSERT INTO patient_status_log (patient_id, action, details, changed_by) VALUES ($1, $2, $3, $4)")
        .execute(Tuple.of(patientId, action, details, by))
        .mapEmpty();
  }

  /** The lock triage takes per patient ({@code TriageSql.lockPatient}). */
  private static Future<Void> lock(SqlConnection tx, UUID patientId) {
    return tx.preparedQuery("SELECT pg_advisory_xact_lock(hashtextextended($1, 7301))")
        .execute(Tuple.of("triage:" + patientId))
        .mapEmpty();
  }

  private static <T> Future<T> refuse(String message) {
    return Future.failedFuture(new Refused(message, false));
  }

  private static JsonObject json(Object v) {
    if (v instanceof JsonObject o) {
      return o;
    }
    return v == null ? new JsonObject() : new JsonObject(v.toString());
  }

  private static OffsetDateTime utc(Instant t) {
    return t.atOffset(ZoneOffset.UTC);
  }

  private static Instant instant(OffsetDateTime t) {
    return t == null ? null : t.toInstant();
  }
}

package dk.telemonitoring.hub.store;

import static dk.telemonitoring.hub.store.PatientStatusStore.enrolment;
import static dk.telemonitoring.hub.store.PatientStatusStore.intervals;
import static dk.telemonitoring.hub.store.SqlTimes.utc;

import dk.telemonitoring.hub.store.PatientStatusStore.EndReason;
import dk.telemonitoring.hub.store.PatientStatusStore.Interval;
import dk.telemonitoring.hub.store.PatientStatusStore.Kind;
import dk.telemonitoring.hub.store.PatientStatusStore.Refused;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.UUID;

/**
 * What staff change in a patient's status ({@link PatientStatusStore} reads it): admissions and
 * discharges, other passive intervals, the end of enrolment and its resumption, a spirometry
 * personal best. Each change is written under the patient's triage lock, so it applies between two
 * triage batches, and with a {@code patient_status_log} row in the same transaction.
 */
public final class PatientStatusChanges {

  private final Pool pool;

  public PatientStatusChanges(Pool pool) {
    this.pool = pool;
  }

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
            TriageLocks.patient(tx, patientId)
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
            TriageLocks.patient(tx, patientId)
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
            TriageLocks.patient(tx, patientId)
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
            TriageLocks.patient(tx, patientId)
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
            TriageLocks.patient(tx, patientId)
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
            TriageLocks.patient(tx, patientId)
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

  private static <T> Future<T> refuse(String message) {
    return Future.failedFuture(new Refused(message, false));
  }
}

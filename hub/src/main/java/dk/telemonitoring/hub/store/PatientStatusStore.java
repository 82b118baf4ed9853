package dk.telemonitoring.hub.store;

import static dk.telemonitoring.hub.store.SqlTimes.utc;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
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
 * triage batches, never within one ({@link PatientStatusChanges} writes them). Every change also
 * writes a {@code patient_status_log} row in the same transaction; rows are never deleted (an
 * interval is ended, an end of enrolment recorded in error is cleared with a log row that keeps
 * what it was). This class holds what they are and reads them.
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

  public Future<Status> read(UUID patientId) {
    Future<Enrolment> enrolment = enrolment(pool, patientId);
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

  static Future<List<Interval>> intervals(SqlClient client, UUID patientId) {
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

  static Future<Enrolment> enrolment(SqlClient client, UUID patientId) {
    return client
        .preparedQuery(
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

  private static JsonObject json(Object v) {
    if (v instanceof JsonObject o) {
      return o;
    }
    return v == null ? new JsonObject() : new JsonObject(v.toString());
  }

  static Instant instant(OffsetDateTime t) {
    return t == null ? null : t.toInstant();
  }
}

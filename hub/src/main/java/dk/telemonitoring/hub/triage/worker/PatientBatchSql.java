package dk.telemonitoring.hub.triage.worker;

import static dk.telemonitoring.hub.store.SqlTimes.utc;
import static dk.telemonitoring.hub.triage.worker.TriageSql.instant;

import dk.telemonitoring.alerts.domain.Level;
import dk.telemonitoring.hub.reading.MeasurementType;
import dk.telemonitoring.hub.triage.Observation;
import dk.telemonitoring.hub.triage.RuleState;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * What triage reads about all patients of a batch, one statement per kind for all of them: a batch
 * of a fleet of 1 Hz oximeters holds hundreds of patients, and a few dependent round trips per
 * patient, one patient after the other, made triage the hub's bottleneck. Each statement returns,
 * per patient, exactly what the one-patient statement it replaces returned.
 */
final class PatientBatchSql {

  private PatientBatchSql() {}

  /**
   * Each patient's latest triaged measurement time (absent when none): one index probe per patient
   * on (patient_id, measured_at), as the one-patient {@code max} was, never all of their results.
   */
  static Future<Map<UUID, Instant>> lastTriaged(SqlConnection tx, List<UUID> patients) {
    return tx.preparedQuery(
            """
            SELECT t.p AS patient_id,
                   (SELECT max(measured_at) FROM triage_results r WHERE r.patient_id = t.p) AS last
            FROM unnest($1::uuid[]) AS t(p)""")
        .execute(Tuple.of(patients.toArray(UUID[]::new)))
        .map(
            rs -> {
              Map<UUID, Instant> out = new HashMap<>();
              rs.forEach(
                  r -> {
                    Instant last = instant(r, "last");
                    if (last != null) out.put(r.getUUID("patient_id"), last);
                  });
              return out;
            });
  }

  /**
   * Each patient's stored rule states (every patient always has an entry, empty when none). Read
   * without row locks: the caller holds the patients' triage locks, which every writer of a rule
   * state takes first ({@code TriageLocks}), and a row lock would write to every state it reads.
   */
  static Future<Map<UUID, Map<String, RuleState>>> ruleStates(
      SqlConnection tx, List<UUID> patients) {
    return tx.preparedQuery("SELECT * FROM triage_rule_state WHERE patient_id = ANY($1)")
        .execute(Tuple.of(patients.toArray(UUID[]::new)))
        .map(
            rs -> {
              Map<UUID, Map<String, RuleState>> out = new HashMap<>();
              patients.forEach(p -> out.put(p, new HashMap<>()));
              rs.forEach(
                  r ->
                      out.computeIfAbsent(r.getUUID("patient_id"), k -> new HashMap<>())
                          .put(r.getString("rule_id"), ruleState(r)));
              return out;
            });
  }

  static RuleState ruleState(Row r) {
    return new RuleState(
        r.getString("rule_id"),
        Level.valueOf(r.getString("level")),
        r.getInteger("lower_streak"),
        Level.valueOf(r.getString("lower_level")),
        instant(r, "opened_at"),
        instant(r, "last_at"),
        r.getInteger("raise_streak"),
        Level.valueOf(r.getString("raise_level")));
  }

  /** One patient's history window, as {@link TriageSql#history} takes it. */
  record Window(UUID patientId, Instant from, Instant to, Instant continuousFrom) {}

  /**
   * Parameters: patients, froms, tos, continuous froms (one element per patient), catalogue codes.
   * For each patient the very statement of {@link TriageSql#HISTORY} with the patient's own window,
   * so each patient's observations come in the order they did one patient at a time (no outer sort:
   * the nested loop keeps the inner order, which a sort by patient could shuffle among readings
   * measured at the same instant).
   */
  static final String HISTORIES =
      """
      SELECT w.p AS patient_id, h.* FROM unnest($1::uuid[], $2::timestamptz[], $3::timestamptz[], $4::timestamptz[])
        WITH ORDINALITY AS w(p, from_at, to_at, continuous_from, i)
      CROSS JOIN LATERAL (
        SELECT code, value, measured_at, flags, context, detail, device_id, msg_id FROM readings
        WHERE patient_id = w.p AND measured_at >= w.from_at AND measured_at <= w.to_at
          AND NOT (flags @> ARRAY['continuous'])
        UNION ALL
        SELECT code, value, measured_at, flags, context, detail, device_id, msg_id FROM readings
        WHERE patient_id = w.p AND code = ANY($5) AND measured_at >= w.continuous_from AND measured_at <= w.to_at
          AND flags @> ARRAY['continuous']
        ORDER BY measured_at) h""";

  /**
   * Each patient's spot checks in [from, to] and continuous samples in [continuousFrom, to], by
   * event time: per patient exactly what {@link TriageSql#history} returns.
   */
  static Future<Map<UUID, List<Observation>>> histories(SqlConnection tx, List<Window> windows) {
    Map<UUID, List<Observation>> out = new HashMap<>();
    windows.forEach(w -> out.put(w.patientId(), new ArrayList<>()));
    if (windows.size() == 1) {
      Window w = windows.get(0);
      return TriageSql.history(tx, w.patientId(), w.from(), w.to(), w.continuousFrom())
          .map(
              h -> {
                out.put(w.patientId(), h);
                return out;
              });
    }
    return tx.preparedQuery(HISTORIES)
        .execute(
            Tuple.of(
                windows.stream().map(Window::patientId).toArray(UUID[]::new),
                column(windows, Window::from),
                column(windows, Window::to),
                column(windows, Window::continuousFrom),
                TriageSql.CATALOGUE_CODES))
        .map(
            rs -> {
              for (Row r : rs) {
                List<Observation> h = out.get(r.getUUID("patient_id"));
                MeasurementType.byCode(r.getString("code"))
                    .ifPresent(type -> h.add(TriageSql.observation(r, type)));
              }
              return out;
            });
  }

  /**
   * Parameters: patients, window ends. Each patient's outbox rows measured up to the window's end:
   * messages stored but not triaged yet, the batch's own among them, by the outbox's (patient,
   * time) index, so a backlog's later rows are not read.
   */
  static final String WAITING =
      """
      SELECT o.patient_id, o.device_id, o.msg_id, o.measured_at FROM unnest($1::uuid[], $2::timestamptz[]) AS w(p, to_at)
      JOIN triage_outbox o ON o.patient_id = w.p AND o.measured_at <= w.to_at AND o.kind = 'reading'""";

  /**
   * Parameters: the waiting messages' patients, device ids and message ids, and the earliest of
   * their outbox times. Each message's readings by the readings' primary key ({@code
   * TriageSqlPlanTest}; the reading's patient is compared afterwards: as a join condition it let
   * the planner scan the patient's every reading instead). An outbox row holds the earliest time of
   * its message's waiting readings ({@code BatchSql}), so the readings are looked up from the
   * earliest row's time on: on a hypertable the chunks before it are left out when the statement is
   * planned. Without that bound the key, which has no time the planner can use, was looked up in
   * every chunk (14 for 90 days), the largest read of a drain.
   */
  static final String PENDING =
      """
      SELECT k.p AS patient_id, r.patient_id AS reading_patient_id, r.code, r.value, r.measured_at, r.flags,
             r.context, r.detail, r.device_id, r.msg_id
      FROM unnest($1::uuid[], $2::text[], $3::text[]) AS k(p, d, m)
      JOIN readings r ON r.device_id = k.d AND r.msg_id = k.m
      WHERE r.measured_at >= $4""";

  /** Per patient, the readings still in the outbox up to the window's end ({@link #PENDING}). */
  static Future<Map<UUID, List<Observation>>> pendingReadings(
      SqlConnection tx, List<Window> windows) {
    return tx.preparedQuery(WAITING)
        .execute(
            Tuple.tuple()
                .addValue(windows.stream().map(Window::patientId).toArray(UUID[]::new))
                .addValue(column(windows, Window::to)))
        .compose(
            waiting -> {
              int n = waiting.size();
              if (n == 0) return Future.succeededFuture(new HashMap<>());
              UUID[] patients = new UUID[n];
              String[] devices = new String[n];
              String[] messages = new String[n];
              OffsetDateTime earliest = null;
              int i = 0;
              for (Row w : waiting) {
                patients[i] = w.getUUID("patient_id");
                devices[i] = w.getString("device_id");
                messages[i] = w.getString("msg_id");
                OffsetDateTime at = w.getOffsetDateTime("measured_at");
                if (earliest == null || at.isBefore(earliest)) earliest = at;
                i++;
              }
              return tx.preparedQuery(PENDING)
                  .execute(Tuple.of(patients, devices, messages, earliest))
                  .map(PatientBatchSql::byPatientObservations);
            });
  }

  private static Map<UUID, List<Observation>> byPatientObservations(RowSet<Row> rs) {
    Map<UUID, List<Observation>> out = new HashMap<>();
    for (Row r : rs) {
      if (!r.getUUID("patient_id").equals(r.getUUID("reading_patient_id"))) continue;
      MeasurementType.byCode(r.getString("code"))
          .ifPresent(
              type ->
                  out.computeIfAbsent(r.getUUID("patient_id"), k -> new ArrayList<>())
                      .add(TriageSql.observation(r, type)));
    }
    return out;
  }

  /** Each patient's triage stamp (absent when never stamped). */
  static Future<Map<UUID, UUID>> stamps(SqlConnection tx, List<UUID> patients) {
    return tx.preparedQuery(
            "SELECT patient_id, stamp FROM triage_patient_stamps WHERE patient_id = ANY($1)")
        .execute(Tuple.of(patients.toArray(UUID[]::new)))
        .map(
            rs -> {
              Map<UUID, UUID> out = new HashMap<>();
              rs.forEach(r -> out.put(r.getUUID("patient_id"), r.getUUID("stamp")));
              return out;
            });
  }

  /**
   * Stamps the patients with the batch's stamp, in the order given (sorted, as the locks): every
   * triage writes it, with the memory on or off, so that any hub's memory of a patient another
   * triage has moved on from is no longer current.
   */
  static Future<Void> saveStamps(SqlConnection tx, List<UUID> sortedPatients, UUID stamp) {
    if (sortedPatients.isEmpty()) return Future.succeededFuture();
    return tx.preparedQuery(
            """
            INSERT INTO triage_patient_stamps (patient_id, stamp)
            SELECT p, $2 FROM unnest($1::uuid[]) WITH ORDINALITY AS t(p, i) ORDER BY t.i
            ON CONFLICT (patient_id) DO UPDATE SET stamp = EXCLUDED.stamp""")
        .execute(Tuple.of(sortedPatients.toArray(UUID[]::new), stamp))
        .mapEmpty();
  }

  private static OffsetDateTime[] column(List<Window> windows, Function<Window, Instant> field) {
    return windows.stream().map(w -> utc(field.apply(w))).toArray(OffsetDateTime[]::new);
  }

  /** Rows of a statement over an array of patient ids ($1), grouped by {@code patient_id}. */
  static Future<Map<UUID, List<Row>>> byPatient(SqlConnection tx, String sql, UUID[] ids) {
    return tx.preparedQuery(sql).execute(Tuple.of(ids)).map(PatientBatchSql::group);
  }

  private static Map<UUID, List<Row>> group(RowSet<Row> rs) {
    Map<UUID, List<Row>> out = new HashMap<>();
    rs.forEach(r -> out.computeIfAbsent(r.getUUID("patient_id"), k -> new ArrayList<>()).add(r));
    return out;
  }
}

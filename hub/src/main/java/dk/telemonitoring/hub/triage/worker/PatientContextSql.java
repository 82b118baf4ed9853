package dk.telemonitoring.hub.triage.worker;

import static dk.telemonitoring.hub.triage.worker.TriageSql.instant;

import dk.telemonitoring.alerts.domain.Level;
import dk.telemonitoring.hub.reading.MeasurementType;
import dk.telemonitoring.hub.triage.Baseline;
import dk.telemonitoring.hub.triage.Condition;
import dk.telemonitoring.hub.triage.PatientContext;
import dk.telemonitoring.hub.triage.PatientLimit;
import dk.telemonitoring.hub.triage.Spo2Prescription;
import dk.telemonitoring.hub.triage.TimeInterval;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The patients' triage context for a batch (condition, limits, oxygen prescriptions, admissions,
 * episodes, personal bests), one statement per kind for all of them ({@link PatientBatchSql}).
 */
final class PatientContextSql {

  private PatientContextSql() {}

  /**
   * What triage needs to know about each patient ({@link PatientContext}), enrolling first (group
   * defaults) any patient not yet enrolled. Fails when a patient is unknown.
   */
  static Future<Map<UUID, PatientContext>> contexts(SqlConnection tx, List<UUID> patients) {
    UUID[] ids = patients.toArray(UUID[]::new);
    return tx.preparedQuery(
            "SELECT id, clinic_id, condition, language, enrolled_at, triage_enrolled_at, enrolment_ended_at FROM patients WHERE id = ANY($1)")
        .execute(Tuple.of(ids))
        .compose(
            rs -> {
              Map<UUID, Row> byId = new HashMap<>();
              rs.forEach(r -> byId.put(r.getUUID("id"), r));
              List<UUID> unenrolled = new ArrayList<>();
              for (UUID id : patients) {
                Row p = byId.get(id);
                if (p == null) {
                  return Future.failedFuture(new IllegalStateException("unknown patient " + id));
                }
                if (p.getValue("triage_enrolled_at") == null) unenrolled.add(id);
              }
              return Futures.sequence(
                      unenrolled,
                      id ->
                          TriageSql.enrol(
                              tx,
                              id,
                              Condition.parse(byId.get(id).getString("condition")),
                              instant(byId.get(id), "enrolled_at")))
                  .compose(v -> contexts(tx, patients, ids, byId));
            });
  }

  private static Future<Map<UUID, PatientContext>> contexts(
      SqlConnection tx, List<UUID> patients, UUID[] ids, Map<UUID, Row> byId) {
    Future<Map<UUID, List<Row>>> limits =
        PatientBatchSql.byPatient(
            tx,
            """
            SELECT l.*, coalesce(u.display_name, l.author) AS author_name FROM patient_limits l
            LEFT JOIN app_users u ON u.email = l.author WHERE l.patient_id = ANY($1)""",
            ids);
    Future<Map<UUID, List<Row>>> prescriptions =
        PatientBatchSql.byPatient(
            tx,
            "SELECT patient_id, prescribed_by, reason, prescribed_at, revoked_at FROM spo2_prescriptions WHERE patient_id = ANY($1)",
            ids);
    Future<Map<UUID, List<Row>>> admissions =
        PatientBatchSql.byPatient(
            tx,
            "SELECT patient_id, from_at, to_at FROM passive_intervals WHERE patient_id = ANY($1) AND kind = 'ADMISSION'",
            ids);
    Future<Map<UUID, List<Row>>> episodes =
        PatientBatchSql.byPatient(
            tx,
            """
            SELECT patient_id, rule_id, max_level, opened_at, closed_at FROM triage_episodes
            WHERE patient_id = ANY($1) AND (closed_at IS NULL OR closed_at > now() - interval '120 days')""",
            ids);
    Future<Map<UUID, List<Row>>> best =
        PatientBatchSql.byPatient(
            tx,
            "SELECT patient_id, code, value FROM spirometry_personal_best WHERE patient_id = ANY($1)",
            ids);
    return Future.all(limits, prescriptions, admissions, episodes, best)
        .map(
            all -> {
              Map<UUID, PatientContext> out = new LinkedHashMap<>();
              for (UUID id : patients) {
                Row p = byId.get(id);
                out.put(
                    id,
                    new PatientContext(
                        id,
                        p.getString("clinic_id"),
                        Condition.parse(p.getString("condition")),
                        p.getString("language"),
                        limits(limits.result().getOrDefault(id, List.of())),
                        prescriptions(prescriptions.result().getOrDefault(id, List.of())),
                        passive(
                            instant(p, "enrolment_ended_at"),
                            admissions.result().getOrDefault(id, List.of())),
                        episodes(episodes.result().getOrDefault(id, List.of())),
                        best(best.result().getOrDefault(id, List.of()))));
              }
              return out;
            });
  }

  /**
   * The patient's limits, each authored one named by its author's display name (a person reads the
   * finding's "set by"; the limit stores the e-mail she signed in with).
   */
  static Map<String, PatientLimit> limits(Iterable<Row> rows) {
    Map<String, PatientLimit> out = new HashMap<>();
    rows.forEach(
        r ->
            out.put(
                r.getString("code"),
                new PatientLimit(
                    r.getString("code"),
                    r.getDouble("critical_low"),
                    r.getDouble("red_low"),
                    r.getDouble("yellow_low"),
                    r.getDouble("yellow_high"),
                    r.getDouble("red_high"),
                    r.getDouble("critical_high"),
                    r.getString("author_name"),
                    r.getString("reason"),
                    instant(r, "set_at"),
                    instant(r, "review_by"),
                    r.getBoolean("group_default"))));
    return out;
  }

  private static List<Spo2Prescription> prescriptions(List<Row> rows) {
    List<Spo2Prescription> out = new ArrayList<>();
    rows.forEach(
        r ->
            out.add(
                new Spo2Prescription(
                    88,
                    92,
                    r.getString("prescribed_by"),
                    r.getString("reason"),
                    instant(r, "prescribed_at"),
                    instant(r, "revoked_at"))));
    return out;
  }

  /**
   * Only an admission silences alerts (a holiday only stops missed-measurement tasks); after the
   * end of enrolment readings are stored and scored, never alarmed.
   */
  private static List<TimeInterval> passive(Instant enrolmentEnded, List<Row> admissions) {
    List<TimeInterval> out = new ArrayList<>();
    if (enrolmentEnded != null) {
      out.add(new TimeInterval(enrolmentEnded, null));
    }
    admissions.forEach(r -> out.add(new TimeInterval(instant(r, "from_at"), instant(r, "to_at"))));
    return out;
  }

  /** Only suspected deteriorations keep readings out of baselines (Baseline.suspectedEpisode). */
  private static List<TimeInterval> episodes(List<Row> rows) {
    List<TimeInterval> out = new ArrayList<>();
    rows.forEach(
        r -> {
          if (Baseline.suspectedEpisode(
              r.getString("rule_id"), Level.valueOf(r.getString("max_level")))) {
            out.add(new TimeInterval(instant(r, "opened_at"), instant(r, "closed_at")));
          }
        });
    return out;
  }

  private static Map<MeasurementType, Double> best(List<Row> rows) {
    Map<MeasurementType, Double> out = new HashMap<>();
    rows.forEach(
        r ->
            MeasurementType.byCode(r.getString("code"))
                .ifPresent(t -> out.put(t, r.getDouble("value"))));
    return out;
  }
}

package dk.telemonitoring.hub.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What the on-call doctor's alert page reads about the patient besides the alert: who the patient
 * is and how to call them and the clinic, the patient's limits of the charted measurements, and the
 * personal baseline triage last judged each against.
 */
public final class AlertPageStore {

  /** The patient as the page shows them; phones and birth date null when not recorded. */
  public record PatientFacts(
      UUID id,
      String clinicId,
      String displayName,
      String condition,
      LocalDate birthDate,
      String phone,
      String clinicName,
      String clinicPhone,
      String clinicZone,
      String contactNurse,
      String contactNursePhone) {}

  /**
   * A personal baseline as the last triage result that judged against it stored it.
   *
   * @param mad null when the rule stored its sigma instead
   * @param sigma null when the rule stored the MAD instead
   */
  public record StoredBaseline(String code, double median, Double mad, Double sigma) {}

  private final Pool pool;

  public AlertPageStore(Pool pool) {
    this.pool = pool;
  }

  public Future<Optional<PatientFacts>> patient(UUID patientId) {
    return pool.preparedQuery(
            """
            SELECT p.id, p.clinic_id, p.display_name, p.condition, p.birth_date, p.phone,
                   k.name, k.phone, k.timezone, n.display_name, n.phone
            FROM patients p JOIN clinics k ON k.id = p.clinic_id
            LEFT JOIN patient_care c ON c.patient_id = p.id LEFT JOIN app_users n ON n.id = c.contact_nurse_id
            WHERE p.id = $1""")
        .execute(Tuple.of(patientId))
        .map(
            rs -> {
              if (rs.size() == 0) {
                return Optional.empty();
              }
              Row r = rs.iterator().next();
              return Optional.of(
                  new PatientFacts(
                      r.getUUID(0),
                      r.getString(1),
                      r.getString(2),
                      r.getString(3),
                      r.getLocalDate(4),
                      r.getString(5),
                      r.getString(6),
                      r.getString(7),
                      r.getString(8),
                      r.getString(9),
                      r.getString(10)));
            });
  }

  /** The patient's limits of each of {@code codes} that has any: code -> {criticalLow, ...}. */
  public Future<Map<String, JsonObject>> limits(UUID patientId, List<String> codes) {
    return pool.preparedQuery(
            """
            SELECT code, critical_low, red_low, yellow_low, yellow_high, red_high, critical_high
            FROM patient_limits WHERE patient_id = $1 AND code = ANY($2)""")
        .execute(Tuple.of(patientId, (Object) codes.toArray(String[]::new)))
        .map(
            rs -> {
              Map<String, JsonObject> out = new HashMap<>();
              for (Row r : rs) {
                out.put(
                    r.getString(0),
                    new JsonObject()
                        .put("criticalLow", r.getDouble(1))
                        .put("redLow", r.getDouble(2))
                        .put("yellowLow", r.getDouble(3))
                        .put("yellowHigh", r.getDouble(4))
                        .put("redHigh", r.getDouble(5))
                        .put("criticalHigh", r.getDouble(6)));
              }
              return out;
            });
  }

  /**
   * The newest personal baseline of each code among {@code codes} that triage judged in the last 30
   * days: the baseline-deviation rules (SpO2, pulse) and the trend rules store the median with
   * their findings.
   */
  public Future<Map<String, StoredBaseline>> baselines(UUID patientId, List<String> codes) {
    return pool.preparedQuery(
            """
            SELECT DISTINCT ON (code) code, (inputs->>'baselineMedian')::float8, (inputs->>'baselineMad')::float8,
                   (inputs->>'sigma')::float8
            FROM (SELECT CASE rule_id WHEN 'baseline.spo2-drop' THEN 'spo2' WHEN 'baseline.pulse-rise' THEN 'pulse'
                         ELSE substr(rule_id, length('trend.ewma.') + 1) END AS code, inputs, measured_at
                  FROM triage_findings
                  WHERE patient_id = $1 AND measured_at > now() - interval '30 days'
                    AND (rule_id IN ('baseline.spo2-drop', 'baseline.pulse-rise') OR rule_id LIKE 'trend.ewma.%')
                    AND inputs ? 'baselineMedian') b
            WHERE code = ANY($2)
            ORDER BY code, measured_at DESC""")
        .execute(Tuple.of(patientId, (Object) codes.toArray(String[]::new)))
        .map(
            rs -> {
              Map<String, StoredBaseline> out = new HashMap<>();
              for (Row r : rs) {
                out.put(
                    r.getString(0),
                    new StoredBaseline(
                        r.getString(0), r.getDouble(1), r.getDouble(2), r.getDouble(3)));
              }
              return out;
            });
  }
}

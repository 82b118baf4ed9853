package dk.telemonitoring.alerts.query;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A patient's alerts as a whole, for the patient's right of access and right to erasure: the
 * module's own query for the export and its own deletes, run inside the caller's transaction so
 * they agree with the rest of the patient's record.
 */
public final class PatientAlertRecords {

  /**
   * One row per alert of the patient ({@code $1}), oldest first: a JSON text of the alert with its
   * history, its findings, the doctors' advice and its notifications (without acknowledgement token
   * hashes and addresses, which are secrets and other people's data).
   */
  public static final String EXPORT_SQL =
      """
      SELECT (to_jsonb(a) || jsonb_build_object(
        'history', coalesce((SELECT jsonb_agg(to_jsonb(t) ORDER BY t.seq) FROM alert_transitions t WHERE t.alert_id = a.id), '[]'::jsonb),
        'findings', coalesce((SELECT jsonb_agg(to_jsonb(f) ORDER BY f.rule_id) FROM alert_findings f WHERE f.alert_id = a.id), '[]'::jsonb),
        'advice', coalesce((SELECT jsonb_agg(to_jsonb(v) ORDER BY v.id) FROM alert_advice v WHERE v.alert_id = a.id), '[]'::jsonb),
        'notifications', coalesce((SELECT jsonb_agg(to_jsonb(n) - 'ack_token_hash' - 'address' ORDER BY n.created_at)
                                   FROM notifications n WHERE n.alert_id = a.id), '[]'::jsonb)))::text
      FROM alerts a WHERE a.patient_id = $1 ORDER BY a.opened_at""";

  /** The table whose presence tells that the module's schema exists. */
  public static final String ALERTS_TABLE = "alerts";

  private PatientAlertRecords() {}

  /**
   * Deletes the patient's alerts and everything hanging off them (notifications and their attempts,
   * escalation timers, histories, advice) on the caller's JDBC connection and transaction. Returns
   * the rows deleted per table.
   */
  public static Map<String, Long> erase(Connection c, UUID patient) throws SQLException {
    String ofAlerts = "SELECT id FROM alerts WHERE patient_id = ?";
    String ofNotifications = "SELECT id FROM notifications WHERE alert_id IN (" + ofAlerts + ")";
    Map<String, Long> counts = new LinkedHashMap<>();
    counts.put(
        "notification_attempts",
        delete(
            c,
            "DELETE FROM notification_attempts WHERE notification_id IN (" + ofNotifications + ")",
            patient));
    counts.put(
        "notifications",
        delete(c, "DELETE FROM notifications WHERE alert_id IN (" + ofAlerts + ")", patient));
    counts.put(
        "escalation_timers",
        delete(c, "DELETE FROM escalation_timers WHERE alert_id IN (" + ofAlerts + ")", patient));
    counts.put(
        "alert_transitions",
        delete(c, "DELETE FROM alert_transitions WHERE alert_id IN (" + ofAlerts + ")", patient));
    counts.put(
        "alert_advice",
        delete(c, "DELETE FROM alert_advice WHERE alert_id IN (" + ofAlerts + ")", patient));
    counts.put(
        "alert_findings",
        delete(c, "DELETE FROM alert_findings WHERE alert_id IN (" + ofAlerts + ")", patient));
    counts.put("alerts", delete(c, "DELETE FROM alerts WHERE patient_id = ?", patient));
    return counts;
  }

  private static long delete(Connection c, String sql, UUID patient) throws SQLException {
    try (PreparedStatement st = c.prepareStatement(sql)) {
      st.setObject(1, patient);
      return st.executeUpdate();
    }
  }
}

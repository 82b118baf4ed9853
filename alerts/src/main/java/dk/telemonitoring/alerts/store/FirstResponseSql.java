package dk.telemonitoring.alerts.store;

/**
 * When an alert reached the level it has, and the first acknowledgement after that: what a response
 * time counts. An alert opened YELLOW and raised to CRITICAL 8 minutes later, acknowledged a minute
 * after the raise, was answered in 1 minute at CRITICAL, not 9 (the raise set its response deadline
 * anew and cleared any acknowledgement); a later acknowledgement (the doctor's, after the nurse
 * sent her the alert) is no first response. Alerts without a history (written before the history
 * existed) fall back on their opening and their acknowledgement.
 */
public final class FirstResponseSql {

  private FirstResponseSql() {}

  /**
   * Joins to an {@code alerts} row aliased {@code a}: {@code lv.level_at} (when it reached its
   * level) and {@code fr.responded_at} (its first acknowledgement since, null while none).
   */
  public static final String JOINS =
      """
       CROSS JOIN LATERAL (SELECT coalesce(max(t.at), a.opened_at) AS level_at FROM alert_transitions t
                           WHERE t.alert_id = a.id AND t.action IN ('OPEN', 'RAISE')) lv
       CROSS JOIN LATERAL (SELECT coalesce(min(t.at),
                                           CASE WHEN a.acknowledged_at >= lv.level_at THEN a.acknowledged_at END)
                                    AS responded_at FROM alert_transitions t
                           WHERE t.alert_id = a.id AND t.action = 'ACKNOWLEDGE' AND t.at >= lv.level_at) fr
      """;
}

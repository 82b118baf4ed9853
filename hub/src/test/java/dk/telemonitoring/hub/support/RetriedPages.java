package dk.telemonitoring.hub.support;

import dk.telemonitoring.hub.config.DbUrl;
import java.util.UUID;

/** Delivery-log rows as the alerts module's dispatcher leaves them, for the board's tests. */
public final class RetriedPages {

  private RetriedPages() {}

  /**
   * Beside the alert's e-mail page, a webhook page to the same person whose first attempt failed
   * (HTTP 503) and which the dispatcher will try again later.
   */
  public static void webhookBesideTheEmailPage(DbUrl db, UUID alertId) {
    Sql.exec(
        db,
        "INSERT INTO notifications (id, alert_id, dedup_key, person_id, channel, recipient_role,"
            + " status, attempts, next_attempt_at, created_at, last_error, ack_token_hash,"
            + " ack_token_expires_at) SELECT gen_random_uuid(), alert_id, dedup_key || ':retried',"
            + " person_id, 'WEBHOOK', recipient_role, 'PENDING', 1, now() + interval '1 hour',"
            + " created_at, 'HTTP 503', sha256(ack_token_hash), ack_token_expires_at"
            + " FROM notifications WHERE alert_id = ? AND channel = 'EMAIL'",
        alertId);
  }
}

package dk.telemonitoring.alerts.domain;

import java.time.Instant;
import java.util.UUID;

/**
 * What the signed link of one notification opens: that notification's alert, for its recipient,
 * until the link expires.
 *
 * @param recipientRole the role the person was paged as (ONCALL_DOCTOR, ...)
 * @param displayName the recipient's name from the alert contacts (null when unknown)
 * @param email the recipient's e-mail from the alert contacts (null when none)
 */
public record LinkTarget(
    UUID notificationId,
    UUID alertId,
    String personId,
    String recipientRole,
    String displayName,
    String email,
    Instant expiresAt) {

  public boolean expired(Instant now) {
    return !expiresAt.isAfter(now);
  }
}

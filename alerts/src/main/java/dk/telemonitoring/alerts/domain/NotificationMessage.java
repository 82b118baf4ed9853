package dk.telemonitoring.alerts.domain;

import java.time.Instant;
import java.util.UUID;

/**
 * One notification ready to deliver: to whom, by which channel, about which alert, with the acknowledge link.
 * Carries the patient's pseudonymous id only, never a name.
 *
 * @param attempt 1 for the first delivery attempt
 * @param address e-mail address, webhook URL, MQTT topic, or the person id for in-app
 * @param webhookSecret the target's HMAC secret (webhook only); never logged
 * @param ackToken the single-purpose acknowledge token (derived, never stored)
 * @param explanationDa the explanation in Danish, or null (alerts opened before it was stored)
 */
public record NotificationMessage(
    UUID notificationId, int attempt, UUID alertId, String clinicId, UUID patientId, String ruleId, Level level,
    AlertState state, String explanation, String explanationDa, Instant openedAt, String personId, String displayName,
    String recipientRole, boolean reminder, Channel channel, String address, String webhookSecret, String ackToken,
    String ackUrl, Instant createdAt) {

  public String subject() {
    return "[" + level + "] " + (reminder ? "reminder: " : "") + "telemonitoring alert " + ruleId + " for patient "
        + patientId.toString().substring(0, 8);
  }

  /** Danish first (the clinic's language; the triage screen's default), then English. */
  public String text() {
    return subject() + "\n\n" + sentence(explanationDa) + sentence(explanation) + "Opened: " + openedAt
        + "\nPaged as: " + recipientRole + "\n\nAcknowledge: " + ackUrl + "\n";
  }

  private static String sentence(String s) {
    return s == null || s.isBlank() ? "" : s + "\n\n";
  }
}

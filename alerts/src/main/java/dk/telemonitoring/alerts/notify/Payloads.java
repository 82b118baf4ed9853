package dk.telemonitoring.alerts.notify;

import dk.telemonitoring.alerts.domain.NotificationMessage;
import io.vertx.core.json.JsonObject;

/** The JSON body of webhook and push notifications. Pseudonymous patient id only; never the target's secret. */
public final class Payloads {
  private Payloads() {}

  public static JsonObject json(NotificationMessage m) {
    return new JsonObject()
        .put("notificationId", m.notificationId().toString())
        .put("alertId", m.alertId().toString())
        .put("clinicId", m.clinicId())
        .put("patientId", m.patientId().toString())
        .put("ruleId", m.ruleId())
        .put("level", m.level().name())
        .put("state", m.state().name())
        .put("explanation", m.explanation())
        .put("explanations", new JsonObject().put("en", m.explanation()).put("da", m.explanationDa()))
        .put("openedAt", m.openedAt().toString())
        .put("recipient", m.personId())
        .put("pagedAs", m.recipientRole())
        .put("reminder", m.reminder())
        .put("ackUrl", m.ackUrl())
        .put("createdAt", m.createdAt().toString());
  }
}

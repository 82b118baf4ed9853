package dk.telemonitoring.alerts.notify;

import dk.telemonitoring.alerts.domain.NotificationMessage;
import dk.telemonitoring.alerts.domain.PageWords;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The JSON body of webhook and push notifications: the patient's label (name or pseudonym, as the
 * clinic allows), the level and each live finding in words with its values, the link. No rule ids
 * and no unit codes: what a doctor reads on the phone. Never the target's secret.
 */
public final class Payloads {
  private Payloads() {}

  public static JsonObject json(NotificationMessage m) {
    JsonArray findings = new JsonArray();
    m.findings()
        .forEach(
            f ->
                findings.add(
                    new JsonObject()
                        .put("level", f.level().name())
                        .put("levelText", words(PageWords.da(f.level()), PageWords.en(f.level())))
                        .put("values", words(f.valuesDa(), f.valuesEn()))
                        .put("explanation", words(f.explanationDa(), f.explanationEn()))));
    return new JsonObject()
        .put("notificationId", m.notificationId().toString())
        .put("alertId", m.alertId().toString())
        .put("clinicId", m.clinicId())
        .put("patientId", m.patientId().toString())
        .put(
            "patient",
            new JsonObject()
                .put("label", m.patient().shown())
                .put("isName", m.patient().isName())
                .put("condition", words(m.patient().conditionDa(), m.patient().conditionEn()))
                .put("clinicTimeZone", m.patient().zone().getId()))
        .put("level", m.level().name())
        .put("levelText", words(PageWords.da(m.level()), PageWords.en(m.level())))
        .put("subject", m.subject())
        .put("state", m.state().name())
        .put("explanation", m.explanation())
        .put("explanations", words(m.explanationDa(), m.explanation()))
        .put("findings", findings)
        .put("openedAt", m.openedAt().toString())
        .put("recipient", m.personId())
        .put("pagedAs", m.recipientRole())
        .put("reminder", m.reminder())
        .put("ackUrl", m.ackUrl())
        .put("createdAt", m.createdAt().toString());
  }

  private static JsonObject words(String da, String en) {
    return new JsonObject().put("da", da).put("en", en);
  }
}

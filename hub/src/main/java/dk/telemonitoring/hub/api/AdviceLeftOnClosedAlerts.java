package dk.telemonitoring.hub.api;

import dk.telemonitoring.alerts.AlertService;
import dk.telemonitoring.alerts.domain.Advice;
import dk.telemonitoring.alerts.domain.AdviceOnClosedAlert;
import dk.telemonitoring.alerts.domain.Alert;
import dk.telemonitoring.hub.store.PatientHeadlines;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The board's list of a doctor's advice that no nurse has carried out on alerts that closed without
 * one (the doctor closed the alert, or it closed itself when the readings were normal again):
 * "start the rescue pack" must not leave the board with its alert.
 */
final class AdviceLeftOnClosedAlerts {

  /** The list's rows, and the patients they show (for the audit). */
  record Listing(JsonArray rows, List<PatientRef> patients) {}

  private final Pool pool;
  private final Supplier<AlertService> alerts;

  AdviceLeftOnClosedAlerts(Pool pool, Supplier<AlertService> alerts) {
    this.pool = pool;
    this.alerts = alerts;
  }

  Future<Listing> of(List<String> clinics) {
    return alerts
        .get()
        .adviceOnClosedAlerts(clinics)
        .compose(
            left -> {
              Set<UUID> patients = new LinkedHashSet<>();
              Set<String> people = new LinkedHashSet<>();
              for (AdviceOnClosedAlert a : left) {
                patients.add(a.alert().patientId());
                people.add(a.advice().actorId());
                if (a.alert().resolvedBy() != null) people.add(a.alert().resolvedBy());
              }
              Future<Map<UUID, JsonObject>> headlines = PatientHeadlines.of(pool, patients);
              Future<Map<String, String>> names = DisplayNames.of(pool, people);
              return Future.all(headlines, names)
                  .map(x -> listing(left, headlines.result(), names.result()));
            });
  }

  private static Listing listing(
      List<AdviceOnClosedAlert> left, Map<UUID, JsonObject> headlines, Map<String, String> names) {
    JsonArray rows = new JsonArray();
    List<PatientRef> refs = new ArrayList<>();
    for (AdviceOnClosedAlert a : left) {
      Alert alert = a.alert();
      Advice advice = a.advice();
      refs.add(new PatientRef(alert.patientId(), alert.clinicId()));
      rows.add(
          new JsonObject()
              .put("alertId", alert.id().toString())
              .put("adviceId", advice.id())
              .put(
                  "patient",
                  headlines.getOrDefault(
                      alert.patientId(), new JsonObject().put("id", alert.patientId().toString())))
              .put("level", alert.level().name())
              .put("advice", AlertPageView.adviceJson(advice))
              .put("closedAt", Json.text(alert.resolvedAt()))
              .put("closedBy", closer(alert.resolvedBy(), names))
              .put("outcome", alert.outcome() == null ? null : alert.outcome().name()));
    }
    return new Listing(rows, refs);
  }

  /** Who closed the alert; null when it closed itself (the readings were normal again). */
  private static JsonObject closer(String actorId, Map<String, String> names) {
    if (actorId == null || AlertService.SYSTEM_ACTOR.equals(actorId)) return null;
    return new JsonObject()
        .put("id", actorId)
        .put("displayName", names.getOrDefault(actorId, actorId));
  }
}

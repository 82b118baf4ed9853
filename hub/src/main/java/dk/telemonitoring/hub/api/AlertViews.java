package dk.telemonitoring.hub.api;

import dk.telemonitoring.alerts.AlertService;
import dk.telemonitoring.alerts.domain.Alert;
import dk.telemonitoring.alerts.domain.AlertFinding;
import dk.telemonitoring.alerts.domain.AlertKind;
import dk.telemonitoring.alerts.domain.AlertStateMachine;
import dk.telemonitoring.alerts.domain.AlertTransition;
import dk.telemonitoring.alerts.domain.EscalationStepNote;
import dk.telemonitoring.hub.store.TriageResultQueries;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Alerts and their history as the API shows them, with the display names of the people who acted on
 * them and the rules' findings inside each alert (one alert per patient: the case; its findings say
 * what each rule saw).
 */
final class AlertViews {

  private final Pool pool;
  private final Supplier<AlertService> alerts;
  private final TriageResultQueries triageResults;

  AlertViews(Pool pool, Supplier<AlertService> alerts) {
    this.pool = pool;
    this.triageResults = new TriageResultQueries(pool);
    this.alerts = alerts;
  }

  /**
   * What an alert's JSON shows besides the alert: who acted (display names), its explanation in
   * Danish, and its findings.
   */
  record Labels(
      Map<String, String> names,
      Map<UUID, String> danish,
      Map<UUID, List<AlertFinding>> findings) {}

  Future<JsonObject> withNames(Alert a) {
    return labels(List.of(a), actors(List.of(a))).map(l -> alertJson(a, Instant.now(), l));
  }

  Future<Labels> labels(List<Alert> alerts, Set<String> actorIds) {
    Future<Map<String, String>> names = DisplayNames.of(pool, actorIds);
    Future<Map<UUID, String>> danish = danish(alerts);
    Future<Map<UUID, List<AlertFinding>>> findings =
        this.alerts.get().findings(alerts.stream().map(Alert::id).toList());
    return Future.all(names, danish, findings)
        .map(x -> new Labels(names.result(), danish.result(), findings.result()));
  }

  /**
   * The Danish wording of the explanation of each alert opened before the alerts module stored
   * Danish (explanation_da), from the triage result of the reading and rule that last set it.
   * Alerts without a triage result (a patient's "call me", alerts raised by other means) have none
   * and show the stored wording.
   */
  private Future<Map<UUID, String>> danish(List<Alert> alerts) {
    List<Alert> triaged =
        alerts.stream()
            .filter(a -> a.explanationDa() == null)
            .filter(a -> a.readingRef() != null && a.readingRef().indexOf('/') > 0)
            .toList();
    if (triaged.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    String[] refs = triaged.stream().map(Alert::readingRef).toArray(String[]::new);
    return triageResults.danishExplanations(
        triaged.stream().map(Alert::id).toArray(UUID[]::new),
        refs,
        triaged.stream().map(Alert::ruleId).toArray(String[]::new));
  }

  static JsonObject alertJson(Alert a, Instant now, Labels labels) {
    Map<String, String> names = labels.names();
    Duration until = a.timeToDeadline(now);
    String danish =
        a.explanationDa() != null
            ? a.explanationDa()
            : labels.danish().getOrDefault(a.id(), danishContactRequest(a));
    return new JsonObject()
        .put("id", a.id().toString())
        .put("patientId", a.patientId().toString())
        .put("clinicId", a.clinicId())
        .put("ruleId", a.ruleId())
        .put("kind", a.kind().name())
        .put("level", a.level().name())
        .put("state", a.state().name())
        .put("explanation", a.explanation())
        .put("explanations", new JsonObject().put("en", a.explanation()).put("da", danish))
        .put("readingRef", a.readingRef())
        .put("firstMeasuredAt", Json.text(a.firstMeasuredAt()))
        .put("lastMeasuredAt", Json.text(a.lastMeasuredAt()))
        .put("openedAt", Json.text(a.openedAt()))
        .put("responseDeadline", Json.text(a.responseDeadline()))
        .put(
            "waitingSeconds",
            Duration.between(a.openedAt(), a.resolvedAt() != null ? a.resolvedAt() : now)
                .toSeconds())
        .put("untilDeadlineSeconds", until.toSeconds())
        .put("overdue", a.state().isOpen() && until.isNegative())
        .put("snoozed", a.isSnoozed(now))
        .put("snoozedUntil", a.isSnoozed(now) ? Json.text(a.snoozedUntil()) : null)
        .put("snoozedUntilClear", a.isSnoozed(now) && a.snoozedUntilClear())
        .put("snoozable", AlertStateMachine.canSnooze(a.state(), a.level()))
        .put("acknowledgedAt", Json.text(a.acknowledgedAt()))
        .put("acknowledgedBy", person(a.acknowledgedBy(), names))
        .put("escalatedAt", Json.text(a.escalatedAt()))
        // Who sent it to the doctor (null: the escalation plan did): her hand-over waits for the
        // doctor, so her board does not offer to acknowledge it.
        .put("escalatedBy", person(a.escalatedBy(), names))
        .put("resolvedAt", Json.text(a.resolvedAt()))
        .put("resolvedBy", person(a.resolvedBy(), names))
        .put("outcome", a.outcome() == null ? null : a.outcome().name())
        .put("dischargedOn", a.dischargedOn() == null ? null : a.dischargedOn().toString())
        .put(
            "findings", findingsJson(a, danish, labels.findings().getOrDefault(a.id(), List.of())));
  }

  /**
   * The rules' findings inside the alert, live first, then worst first. A finding stored before the
   * alerts module kept Danish shows the alert's Danish sentence when it is the finding that set the
   * alert's level.
   */
  private static JsonArray findingsJson(Alert a, String alertDanish, List<AlertFinding> findings) {
    JsonArray out = new JsonArray();
    for (AlertFinding f : findings) {
      String da =
          f.explanationDa() != null
              ? f.explanationDa()
              : f.ruleId().equals(a.ruleId()) ? alertDanish : f.explanation();
      out.add(
          new JsonObject()
              .put("ruleId", f.ruleId())
              .put("level", f.level().name())
              .put("explanations", new JsonObject().put("en", f.explanation()).put("da", da))
              .put("values", new JsonObject(new HashMap<>(f.inputs())))
              .put("firstMeasuredAt", Json.text(f.firstMeasuredAt()))
              .put("lastMeasuredAt", Json.text(f.lastMeasuredAt()))
              .put("readingRef", f.readingRef())
              .put("cleared", !f.live())
              .put("clearedAt", Json.text(f.clearedAt())));
    }
    return out;
  }

  /**
   * A "call me" alert opened before the alerts module stored Danish was worded in English around
   * the patient's words; those stay as typed.
   */
  private static String danishContactRequest(Alert a) {
    String e = a.explanation();
    if (a.kind() != AlertKind.CONTACT_REQUEST
        || e == null
        || !e.startsWith(AlertService.CONTACT_REQUEST_WORDING)) {
      return e;
    }
    return AlertService.CONTACT_REQUEST_WORDING_DA
        + e.substring(AlertService.CONTACT_REQUEST_WORDING.length());
  }

  private static JsonObject person(String actorId, Map<String, String> names) {
    return actorId == null
        ? null
        : new JsonObject()
            .put("id", actorId)
            .put("displayName", names.getOrDefault(actorId, actorId));
  }

  static JsonArray historyJson(List<AlertTransition> history, Map<String, String> names) {
    JsonArray out = new JsonArray();
    for (AlertTransition t : history) {
      out.add(
          new JsonObject()
              .put("seq", t.seq())
              .put("at", Json.text(t.at()))
              .put("actor", person(t.actorId(), names))
              .put("action", t.action().name())
              .put("fromState", t.fromState() == null ? null : t.fromState().name())
              .put("toState", t.toState().name())
              .put("fromLevel", t.fromLevel() == null ? null : t.fromLevel().name())
              .put("toLevel", t.toLevel().name())
              .put("note", t.note())
              .put("noteDa", t.noteDa())
              .put("paged", paged(t, names)));
    }
    return out;
  }

  /** Whom an escalation step's note says it paged, by name, role and channel; none otherwise. */
  private static JsonArray paged(AlertTransition t, Map<String, String> names) {
    JsonArray out = new JsonArray();
    for (EscalationStepNote.Page p : EscalationStepNote.pages(t.note())) {
      out.add(
          new JsonObject()
              .put("name", names.get(p.personId()))
              .put("role", p.pagedAs())
              .put("channel", p.channel().name()));
    }
    return out;
  }

  /** The person who made the step, and the people it paged. */
  static Set<String> people(AlertTransition t) {
    Set<String> ids = new HashSet<>();
    if (t.actorId() != null) ids.add(t.actorId());
    EscalationStepNote.pages(t.note()).forEach(p -> ids.add(p.personId()));
    return ids;
  }

  static Set<String> actors(List<Alert> alerts, List<AlertTransition> history) {
    Set<String> ids = actors(alerts);
    history.forEach(t -> ids.addAll(people(t)));
    return ids;
  }

  static Set<String> actors(List<Alert> alerts) {
    Set<String> ids = new HashSet<>();
    for (Alert a : alerts) {
      if (a.acknowledgedBy() != null) ids.add(a.acknowledgedBy());
      if (a.resolvedBy() != null) ids.add(a.resolvedBy());
      if (a.escalatedBy() != null) ids.add(a.escalatedBy());
    }
    return ids;
  }
}

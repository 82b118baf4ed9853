package dk.telemonitoring.hub.api;

import dk.telemonitoring.alerts.domain.Alert;
import dk.telemonitoring.alerts.domain.AlertTransition;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Alerts and their history as the API shows them, with the display names of the people who acted on them. */
final class AlertViews {

  private final Pool pool;

  AlertViews(Pool pool) {
    this.pool = pool;
  }

  Future<JsonObject> withNames(Alert a) {
    return names(actors(List.of(a))).map(n -> alertJson(a, Instant.now(), n));
  }

  /** Display names of actors: hub users by id, the alerts module's contacts by person id. */
  Future<Map<String, String>> names(Set<String> actorIds) {
    if (actorIds.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    return pool.preparedQuery("""
            SELECT id::text, display_name FROM app_users WHERE id::text = ANY($1)
            UNION ALL SELECT person_id, display_name FROM alert_contacts WHERE person_id = ANY($1)""")
        .execute(Tuple.of(actorIds.toArray(String[]::new)))
        .map(rs -> {
          Map<String, String> out = new HashMap<>();
          rs.forEach(r -> out.putIfAbsent(r.getString(0), r.getString(1)));
          return out;
        });
  }

  static JsonObject alertJson(Alert a, Instant now, Map<String, String> names) {
    Duration until = a.timeToDeadline(now);
    return new JsonObject().put("id", a.id().toString()).put("patientId", a.patientId().toString())
        .put("clinicId", a.clinicId()).put("ruleId", a.ruleId()).put("kind", a.kind().name())
        .put("level", a.level().name()).put("state", a.state().name()).put("explanation", a.explanation())
        .put("readingRef", a.readingRef())
        .put("firstMeasuredAt", Json.text(a.firstMeasuredAt())).put("lastMeasuredAt", Json.text(a.lastMeasuredAt()))
        .put("openedAt", Json.text(a.openedAt())).put("responseDeadline", Json.text(a.responseDeadline()))
        .put("waitingSeconds", Duration.between(a.openedAt(), a.resolvedAt() != null ? a.resolvedAt() : now).toSeconds())
        .put("untilDeadlineSeconds", until.toSeconds())
        .put("overdue", a.state().isOpen() && until.isNegative()).put("snoozed", a.isSnoozed(now))
        .put("acknowledgedAt", Json.text(a.acknowledgedAt())).put("acknowledgedBy", person(a.acknowledgedBy(), names))
        .put("escalatedAt", Json.text(a.escalatedAt()))
        .put("resolvedAt", Json.text(a.resolvedAt())).put("resolvedBy", person(a.resolvedBy(), names))
        .put("outcome", a.outcome() == null ? null : a.outcome().name())
        .put("dischargedOn", a.dischargedOn() == null ? null : a.dischargedOn().toString());
  }

  private static JsonObject person(String actorId, Map<String, String> names) {
    return actorId == null ? null
        : new JsonObject().put("id", actorId).put("displayName", names.getOrDefault(actorId, actorId));
  }

  static JsonArray historyJson(List<AlertTransition> history, Map<String, String> names) {
    JsonArray out = new JsonArray();
    for (AlertTransition t : history) {
      out.add(new JsonObject().put("seq", t.seq()).put("at", Json.text(t.at())).put("actor", person(t.actorId(), names))
          .put("action", t.action().name())
          .put("fromState", t.fromState() == null ? null : t.fromState().name()).put("toState", t.toState().name())
          .put("fromLevel", t.fromLevel() == null ? null : t.fromLevel().name()).put("toLevel", t.toLevel().name())
          .put("note", t.note()));
    }
    return out;
  }

  static Set<String> actors(List<Alert> alerts, List<AlertTransition> history) {
    Set<String> ids = actors(alerts);
    history.forEach(t -> ids.add(t.actorId()));
    return ids;
  }

  static Set<String> actors(List<Alert> alerts) {
    Set<String> ids = new HashSet<>();
    for (Alert a : alerts) {
      if (a.acknowledgedBy() != null) ids.add(a.acknowledgedBy());
      if (a.resolvedBy() != null) ids.add(a.resolvedBy());
    }
    return ids;
  }
}

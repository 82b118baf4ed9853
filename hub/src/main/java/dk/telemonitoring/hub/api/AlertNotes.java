package dk.telemonitoring.hub.api;

import dk.telemonitoring.alerts.AlertService;
import dk.telemonitoring.alerts.domain.AlertAction;
import dk.telemonitoring.alerts.domain.AlertTransition;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * What people wrote on an alert for whoever takes it next: the nurse's reason for sending it to the
 * doctor, and notes, oldest first, each with who wrote it and when. The doctor's page opens with
 * them, so the doctor reads the nurse's question before deciding; a note the system composes (a
 * snooze, an outcome) is in the alert's history, not here.
 */
final class AlertNotes {

  /** The actions whose note is a person's own words. */
  private static final Set<AlertAction> WRITTEN =
      EnumSet.of(AlertAction.ESCALATE, AlertAction.NOTE);

  private final Pool pool;
  private final AlertService alerts;

  AlertNotes(Pool pool, AlertService alerts) {
    this.pool = pool;
    this.alerts = alerts;
  }

  /** What people wrote, and how the alert was closed (null while it is open). */
  record Written(JsonArray notes, JsonObject closing) {}

  Future<Written> of(UUID alertId) {
    return alerts
        .history(alertId)
        .compose(
            history -> {
              List<AlertTransition> written =
                  history.stream()
                      .filter(t -> WRITTEN.contains(t.action()))
                      .filter(t -> t.note() != null && !t.note().isBlank())
                      .toList();
              Optional<AlertTransition> closed =
                  history.stream()
                      .filter(t -> t.action() == AlertAction.RESOLVE)
                      .reduce((first, second) -> second);
              Set<String> people =
                  written.stream()
                      .map(AlertTransition::actorId)
                      .collect(Collectors.toCollection(HashSet::new));
              closed.ifPresent(t -> people.add(t.actorId()));
              return DisplayNames.of(pool, people)
                  .map(
                      names -> {
                        JsonArray out = new JsonArray();
                        // A person has a name; the escalation engine's own notes (who it paged)
                        // are NOTE transitions too, by no person, and stay in the history.
                        written.stream()
                            .filter(t -> names.containsKey(t.actorId()))
                            .forEach(
                                t ->
                                    out.add(
                                        new JsonObject()
                                            .put("action", t.action().name())
                                            .put("at", Json.text(t.at()))
                                            .put("by", names.get(t.actorId()))
                                            .put("note", t.note())));
                        return new Written(out, closed.map(t -> closing(t, names)).orElse(null));
                      });
            });
  }

  /** When and by whom the alert was closed, with the outcome and the person's words. */
  private static JsonObject closing(AlertTransition t, Map<String, String> names) {
    boolean person = AlertTimelineSteps.isPerson(t.actorId());
    JsonObject out = new JsonObject().put("at", Json.text(t.at()));
    if (person) {
      out.put("by", names.getOrDefault(t.actorId(), null));
    }
    AlertTimelineSteps.resolved(out, t.note(), person);
    out.remove("event");
    return out;
  }
}

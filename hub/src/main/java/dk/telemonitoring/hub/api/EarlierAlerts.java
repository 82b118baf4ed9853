package dk.telemonitoring.hub.api;

import dk.telemonitoring.alerts.AlertService;
import dk.telemonitoring.alerts.domain.Advice;
import dk.telemonitoring.alerts.domain.Alert;
import dk.telemonitoring.alerts.query.AlertReads;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A patient's other alerts of the last year, newest first, as the alert page lists them: each with
 * how it ended (outcome, by whom, the closing words) and the doctor's last advice on it. A doctor
 * paged about today's alert reads what was done about yesterday's: "Råd pr. telefon" alone does not
 * say that the nurse called and what the patient said.
 */
final class EarlierAlerts {

  private static final int SHOWN = 6;

  private final Pool pool;
  private final AlertService alerts;
  private final AlertNotes notes;
  private final AlertReads reads = new AlertReads();

  EarlierAlerts(Pool pool, AlertService alerts, AlertNotes notes) {
    this.pool = pool;
    this.alerts = alerts;
    this.notes = notes;
  }

  Future<JsonArray> of(Alert alert, Instant now) {
    return reads
        .idsOpenedBetween(pool, alert.patientId(), now.minus(Duration.ofDays(365)), now, SHOWN + 1)
        .compose(
            ids -> {
              List<UUID> others =
                  ids.stream().filter(id -> !id.equals(alert.id())).limit(SHOWN).toList();
              List<Future<Alert>> found = others.stream().map(alerts::get).toList();
              List<Future<AlertNotes.Written>> written = others.stream().map(notes::of).toList();
              Future<Map<UUID, Advice>> advice = alerts.latestAdvice(others);
              return Future.all(Future.all(found), Future.all(written), advice)
                  .map(
                      x -> {
                        JsonArray out = new JsonArray();
                        for (int i = 0; i < found.size(); i++) {
                          Alert a = found.get(i).result();
                          Advice given = advice.result().get(a.id());
                          out.add(
                              json(a)
                                  .put("closing", written.get(i).result().closing())
                                  .put(
                                      "advice",
                                      given == null ? null : AlertPageView.adviceJson(given)));
                        }
                        return out;
                      });
            });
  }

  private static JsonObject json(Alert a) {
    return new JsonObject()
        .put("level", a.level().name())
        .put("state", a.state().name())
        .put("openedAt", Json.text(a.openedAt()))
        .put("resolvedAt", Json.text(a.resolvedAt()))
        .put("outcome", a.outcome() == null ? null : a.outcome().name())
        .put(
            "explanations",
            new JsonObject()
                .put("en", a.explanation())
                .put("da", a.explanationDa() != null ? a.explanationDa() : a.explanation()));
  }
}

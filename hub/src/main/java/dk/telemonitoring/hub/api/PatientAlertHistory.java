package dk.telemonitoring.hub.api;

import dk.telemonitoring.alerts.AlertService;
import dk.telemonitoring.alerts.domain.Alert;
import dk.telemonitoring.alerts.domain.AlertTransition;
import dk.telemonitoring.alerts.query.AlertReads;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/** A patient's alert history: every alert in a range, open and resolved, with its transitions. */
final class PatientAlertHistory {

  private final Pool pool;
  private final AlertReads reads = new AlertReads();
  private final Supplier<AlertService> alerts;
  private final AlertViews views;

  PatientAlertHistory(Pool pool, Supplier<AlertService> alerts, AlertViews views) {
    this.pool = pool;
    this.alerts = alerts;
    this.views = views;
  }

  /**
   * Every alert of the patient in the range (open and resolved) with its full history, newest
   * first.
   */
  Future<JsonObject> between(PatientRef ref, Instant from, Instant to) {
    return reads
        .idsOpenedBetween(pool, ref.id(), from, to, 200)
        .compose(
            ids -> {
              List<Future<Alert>> alertsF = ids.stream().map(id -> alerts.get().get(id)).toList();
              List<Future<List<AlertTransition>>> histories =
                  ids.stream().map(id -> alerts.get().history(id)).toList();
              List<Future<?>> all = new ArrayList<>(alertsF);
              all.addAll(histories);
              return Future.all(all)
                  .compose(
                      x -> {
                        List<Alert> list = alertsF.stream().map(Future::result).toList();
                        Set<String> actors = AlertViews.actors(list);
                        histories.forEach(
                            h -> h.result().forEach(t -> actors.addAll(AlertViews.people(t))));
                        return views
                            .labels(list, actors)
                            .map(
                                labels -> {
                                  JsonArray out = new JsonArray();
                                  Instant now = Instant.now();
                                  for (int i = 0; i < list.size(); i++) {
                                    out.add(
                                        AlertViews.alertJson(list.get(i), now, labels)
                                            .put(
                                                "history",
                                                AlertViews.historyJson(
                                                    histories.get(i).result(), labels.names())));
                                  }
                                  return new JsonObject().put("alerts", out);
                                });
                      });
            });
  }
}

package dk.telemonitoring.hub.api;

import dk.telemonitoring.alerts.AlertService;
import dk.telemonitoring.alerts.domain.Alert;
import dk.telemonitoring.alerts.domain.AlertTransition;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/** A patient's alert history: every alert in a range, open and resolved, with its transitions. */
final class PatientAlertHistory {

  private final Pool pool;
  private final Supplier<AlertService> alerts;
  private final AlertViews views;

  PatientAlertHistory(Pool pool, Supplier<AlertService> alerts, AlertViews views) {
    this.pool = pool;
    this.alerts = alerts;
    this.views = views;
  }

  /** Every alert of the patient in the range (open and resolved) with its full history, newest first. */
  Future<JsonObject> between(PatientRef ref, Instant from, Instant to) {
    return pool.preparedQuery("""
            SELECT id FROM alerts WHERE patient_id = $1 AND opened_at >= $2 AND opened_at < $3
            ORDER BY opened_at DESC LIMIT 200""")
        .execute(Tuple.of(ref.id(), from.atOffset(ZoneOffset.UTC), to.atOffset(ZoneOffset.UTC)))
        .compose(rs -> {
          List<UUID> ids = new ArrayList<>();
          rs.forEach(r -> ids.add(r.getUUID(0)));
          List<Future<Alert>> alertsF = ids.stream().map(id -> alerts.get().get(id)).toList();
          List<Future<List<AlertTransition>>> histories = ids.stream().map(id -> alerts.get().history(id)).toList();
          List<Future<?>> all = new ArrayList<>(alertsF);
          all.addAll(histories);
          return Future.all(all).compose(x -> {
            List<Alert> list = alertsF.stream().map(Future::result).toList();
            Set<String> actors = AlertViews.actors(list);
            histories.forEach(h -> h.result().forEach(t -> actors.add(t.actorId())));
            return views.labels(list, actors).map(labels -> {
              JsonArray out = new JsonArray();
              Instant now = Instant.now();
              for (int i = 0; i < list.size(); i++) {
                out.add(AlertViews.alertJson(list.get(i), now, labels)
                    .put("history", AlertViews.historyJson(histories.get(i).result(), labels.names())));
              }
              return new JsonObject().put("alerts", out);
            });
          });
        });
  }
}

package dk.telemonitoring.alerts.store;

import static dk.telemonitoring.alerts.store.Sql.instant;
import static dk.telemonitoring.alerts.store.Sql.ts;

import dk.telemonitoring.alerts.domain.Advice;
import dk.telemonitoring.alerts.domain.AdviceInstruction;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A doctor's advice on alerts ({@code alert_advice}). */
public final class AdviceStore {

  private static final String COLUMNS = "id, alert_id, at, actor_id, actor_name, instruction, note";

  public Future<Advice> insert(
      SqlConnection tx,
      UUID alertId,
      Instant at,
      String actorId,
      String actorName,
      AdviceInstruction instruction,
      String note) {
    return tx.preparedQuery(
            "INSERT INTO alert_advice (alert_id, at, actor_id, actor_name, instruction, note)"
                + " VALUES ($1, $2, $3, $4, $5, $6) RETURNING "
                + COLUMNS)
        .execute(Tuple.of(alertId, ts(at), actorId, actorName, instruction.name(), note))
        .map(rows -> advice(rows.iterator().next()));
  }

  /** The newest advice of each alert that has any. */
  public Future<Map<UUID, Advice>> latest(SqlClient client, Collection<UUID> alertIds) {
    if (alertIds.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    return client
        .preparedQuery(
            "SELECT DISTINCT ON (alert_id) "
                + COLUMNS
                + " FROM alert_advice WHERE alert_id = ANY($1) ORDER BY alert_id, id DESC")
        .execute(Tuple.of(alertIds.toArray(UUID[]::new)))
        .map(
            rows -> {
              Map<UUID, Advice> out = new HashMap<>();
              rows.forEach(r -> out.put(r.getUUID("alert_id"), advice(r)));
              return out;
            });
  }

  /** Every advice on the alert, oldest first. */
  public Future<List<Advice>> ofAlert(SqlClient client, UUID alertId) {
    return client
        .preparedQuery("SELECT " + COLUMNS + " FROM alert_advice WHERE alert_id = $1 ORDER BY id")
        .execute(Tuple.of(alertId))
        .map(
            rows -> {
              List<Advice> out = new ArrayList<>();
              rows.forEach(r -> out.add(advice(r)));
              return out;
            });
  }

  private static Advice advice(Row r) {
    return new Advice(
        r.getLong("id"),
        r.getUUID("alert_id"),
        instant(r, "at"),
        r.getString("actor_id"),
        r.getString("actor_name"),
        AdviceInstruction.valueOf(r.getString("instruction")),
        r.getString("note"));
  }
}

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
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** A doctor's advice on alerts ({@code alert_advice}). */
public final class AdviceStore {

  private static final String COLUMNS =
      "id, alert_id, at, actor_id, actor_name, instruction, note, carried_out_at, carried_out_by";

  /** The instructions that leave the nurse something to do. */
  private static final String[] FOR_THE_NURSE =
      Arrays.stream(AdviceInstruction.values())
          .filter(AdviceInstruction::asksTheNurse)
          .map(Enum::name)
          .toArray(String[]::new);

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

  /** A nurse closing the alert carried out its advice (in the closing's transaction). */
  public Future<Void> carriedOutWithAlert(
      SqlConnection tx, UUID alertId, String actorId, Instant at) {
    return tx.preparedQuery(
            "UPDATE alert_advice SET carried_out_at = $3, carried_out_by = $2"
                + " WHERE alert_id = $1 AND carried_out_at IS NULL")
        .execute(Tuple.of(alertId, actorId, ts(at)))
        .mapEmpty();
  }

  /**
   * Marks one advice of the alert carried out; empty when there is no such advice or somebody
   * already did.
   */
  public Future<Optional<Advice>> carryOut(
      SqlClient client, UUID alertId, long adviceId, String actorId, Instant at) {
    return client
        .preparedQuery(
            "UPDATE alert_advice SET carried_out_at = $4, carried_out_by = $3"
                + " WHERE id = $1 AND alert_id = $2 AND carried_out_at IS NULL RETURNING "
                + COLUMNS)
        .execute(Tuple.of(adviceId, alertId, actorId, ts(at)))
        .map(
            rows ->
                rows.size() == 0 ? Optional.empty() : Optional.of(advice(rows.iterator().next())));
  }

  /**
   * The clinics' advice a nurse still has to carry out on alerts that are closed: each closed
   * alert's newest advice, when it asks the nurse for something and nobody has done it; oldest
   * first. (On an open alert the board shows the advice with the alert.)
   */
  public Future<List<Advice>> awaitingOnClosedAlerts(SqlClient client, List<String> clinicIds) {
    return client
        .preparedQuery(
            "SELECT v.id, v.alert_id, v.at, v.actor_id, v.actor_name, v.instruction, v.note,"
                + " v.carried_out_at, v.carried_out_by FROM alert_advice v"
                + " JOIN alerts a ON a.id = v.alert_id"
                + " WHERE v.carried_out_at IS NULL AND v.instruction = ANY($2)"
                + " AND a.state = 'RESOLVED' AND a.clinic_id = ANY($1)"
                + " AND NOT EXISTS (SELECT 1 FROM alert_advice n WHERE n.alert_id = v.alert_id AND n.id > v.id)"
                + " ORDER BY v.at, v.id")
        .execute(Tuple.tuple().addValue(clinicIds.toArray(new String[0])).addValue(FOR_THE_NURSE))
        .map(
            rows -> {
              List<Advice> out = new ArrayList<>();
              rows.forEach(r -> out.add(advice(r)));
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
        r.getString("note"),
        instant(r, "carried_out_at"),
        r.getString("carried_out_by"));
  }
}

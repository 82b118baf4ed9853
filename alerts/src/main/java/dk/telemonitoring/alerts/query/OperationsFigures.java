package dk.telemonitoring.alerts.query;

import dk.telemonitoring.alerts.AlertService;
import dk.telemonitoring.alerts.domain.AlertAction;
import dk.telemonitoring.alerts.escalation.EscalationEngine;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

/**
 * Running totals an operator watches (the hub exports them on /metrics): escalations to a doctor
 * the engine fired, escalation steps that found nobody on call for a role, and notifications
 * dead-lettered after their last attempt. Read from the database, so every hub shows the clinic's
 * totals, whichever hub's engine did the work.
 */
public final class OperationsFigures {

  /** The totals since the database began; they only grow. */
  public record Totals(long escalations, long unstaffedSteps, long deadLettered) {}

  private final Pool pool;

  public OperationsFigures(Pool pool) {
    this.pool = pool;
  }

  public Future<Totals> totals() {
    // The engine's actor id is written into the statement, not bound, so that a generic plan can
    // still use the partial indexes on the engine's transitions and the dead letters (alerts V7).
    return pool.preparedQuery(
            "SELECT (SELECT count(*) FROM alert_transitions WHERE actor_id = '"
                + AlertService.ENGINE_ACTOR
                + "' AND action = $1),"
                + " (SELECT count(*) FROM alert_transitions WHERE actor_id = '"
                + AlertService.ENGINE_ACTOR
                + "' AND strpos(note, $2) > 0),"
                + " (SELECT count(*) FROM notifications WHERE status = 'DEAD')")
        .execute(Tuple.of(AlertAction.ESCALATE.name(), EscalationEngine.NOBODY_ON_CALL))
        .map(
            rows -> {
              Row r = rows.iterator().next();
              return new Totals(r.getLong(0), r.getLong(1), r.getLong(2));
            });
  }
}

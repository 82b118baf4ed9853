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
    return pool.preparedQuery(
            """
            SELECT (SELECT count(*) FROM alert_transitions WHERE actor_id = $1 AND action = $2),
                   (SELECT count(*) FROM alert_transitions WHERE actor_id = $1 AND strpos(note, $3) > 0),
                   (SELECT count(*) FROM notifications WHERE status = 'DEAD')""")
        .execute(
            Tuple.of(
                AlertService.ENGINE_ACTOR,
                AlertAction.ESCALATE.name(),
                EscalationEngine.NOBODY_ON_CALL))
        .map(
            rows -> {
              Row r = rows.iterator().next();
              return new Totals(r.getLong(0), r.getLong(1), r.getLong(2));
            });
  }
}

package dk.telemonitoring.alerts.query;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Pages that have not arrived: notifications the delivery gave up on (every attempt failed, or the
 * channel cannot deliver at all), and those whose attempts failed so far and are still retried. The
 * alert's history says whom the escalation notified, which is when the page was queued; a nurse
 * must also see that the doctor was not reached, or she waits for a doctor who never heard of the
 * alert, and with a mail server down the retries alone take minutes.
 */
public final class UndeliveredPages {

  /**
   * One page not arrived: to whom by role and person, over which channel, why, when the escalation
   * queued it (the time of the step in the alert's history that names it), and whether the delivery
   * still tries (false: given up on).
   */
  public record Page(
      String recipientRole,
      String personId,
      String channel,
      String error,
      Instant queuedAt,
      boolean stillTrying) {}

  /** Per alert, its undelivered pages, oldest first; alerts without any are absent. */
  public Future<Map<UUID, List<Page>>> of(SqlClient client, Collection<UUID> alertIds) {
    if (alertIds.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    return client
        .preparedQuery(
            "SELECT alert_id, recipient_role, person_id, channel, last_error, created_at,"
                + " status <> 'DEAD' FROM notifications WHERE alert_id = ANY($1)"
                + " AND (status = 'DEAD' OR status IN ('PENDING', 'SENDING') AND last_error IS NOT NULL)"
                + " ORDER BY alert_id, created_at")
        .execute(Tuple.of(alertIds.toArray(UUID[]::new)))
        .map(
            rows -> {
              Map<UUID, List<Page>> out = new HashMap<>();
              rows.forEach(
                  r ->
                      out.computeIfAbsent(r.getUUID(0), k -> new ArrayList<>())
                          .add(
                              new Page(
                                  r.getString(1),
                                  r.getString(2),
                                  r.getString(3),
                                  r.getString(4),
                                  r.getOffsetDateTime(5).toInstant(),
                                  r.getBoolean(6))));
              return out;
            });
  }
}

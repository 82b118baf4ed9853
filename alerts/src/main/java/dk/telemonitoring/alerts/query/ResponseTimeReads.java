package dk.telemonitoring.alerts.query;

import static dk.telemonitoring.alerts.store.Sql.ts;

import dk.telemonitoring.alerts.store.FirstResponseSql;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * How fast alerts were answered, counted from the level each alert has to its first acknowledgement
 * since ({@link FirstResponseSql}): per level for the clinic's overview, per alert for the board's
 * "acknowledged after".
 */
public final class ResponseTimeReads {

  /**
   * Alerts of one level opened in a period and how they were answered.
   *
   * @param medianSecondsToResponse to the acknowledgement, or to the resolution by a person when
   *     there was none; null when no alert was answered
   */
  public record Responses(
      String level, long alerts, Double medianSecondsToResponse, long pastDeadline, long waiting) {}

  /**
   * Alerts opened since {@code since}, per level, worst level first. The first response is the
   * first acknowledgement since the alert reached its level ({@link FirstResponseSql}), or the
   * resolution by a person (an outcome recorded) when the nurse dealt with the alert at once
   * without acknowledging it first; a resolution by the system is no response. An alert still
   * unanswered at {@code now} counts as past its deadline once the deadline is before {@code now}.
   * Merged alerts are left out.
   */
  public Future<List<Responses>> responsesSince(
      SqlClient client, String clinicId, Instant since, Instant now) {
    return client
        .preparedQuery(
            """
            SELECT a.level, count(*),
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM
                     coalesce(fr.responded_at, CASE WHEN a.outcome IS NOT NULL THEN a.resolved_at END) - lv.level_at))
                     FILTER (WHERE fr.responded_at IS NOT NULL OR a.outcome IS NOT NULL),
                   count(*) FILTER (WHERE coalesce(fr.responded_at, a.resolved_at, $3) > a.response_deadline),
                   count(*) FILTER (WHERE a.acknowledged_at IS NULL AND a.resolved_at IS NULL)
            FROM alerts a"""
                + FirstResponseSql.JOINS
                + """
            WHERE a.clinic_id = $1 AND a.opened_at >= $2 AND a.merged_into IS NULL
            GROUP BY a.level, a.level_rank ORDER BY a.level_rank DESC""")
        .execute(Tuple.of(clinicId, ts(since), ts(now)))
        .map(
            rs -> {
              List<Responses> out = new ArrayList<>();
              for (Row r : rs) {
                out.add(
                    new Responses(
                        r.getString(0), r.getLong(1), r.getDouble(2), r.getLong(3), r.getLong(4)));
              }
              return out;
            });
  }

  /** When an alert reached its level and its first acknowledgement since (null while none). */
  public record FirstResponse(Instant levelAt, Instant respondedAt) {}

  /** {@link FirstResponse} of each of the alerts. */
  public Future<Map<UUID, FirstResponse>> firstResponses(SqlClient client, Collection<UUID> ids) {
    if (ids.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    return client
        .preparedQuery(
            "SELECT a.id, lv.level_at, fr.responded_at FROM alerts a"
                + FirstResponseSql.JOINS
                + " WHERE a.id = ANY($1)")
        .execute(Tuple.of(ids.toArray(UUID[]::new)))
        .map(
            rs -> {
              Map<UUID, FirstResponse> out = new HashMap<>();
              for (Row r : rs) {
                OffsetDateTime responded = r.getOffsetDateTime(2);
                out.put(
                    r.getUUID(0),
                    new FirstResponse(
                        r.getOffsetDateTime(1).toInstant(),
                        responded == null ? null : responded.toInstant()));
              }
              return out;
            });
  }
}

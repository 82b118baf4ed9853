package dk.telemonitoring.hub.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A patient's stored triage results ({@code triage_findings}: every finding, folded or not) with
 * their explanations.
 */
public final class TriageResultQueries {

  private final Pool pool;

  public TriageResultQueries(Pool pool) {
    this.pool = pool;
  }

  /**
   * Results measured in [from, to) at or above the level of rank {@code minRank} (GREEN 0 ..
   * CRITICAL 3), newest first, the decisive result of a reading before the others.
   */
  public Future<JsonArray> list(UUID patientId, Instant from, Instant to, int minRank, int limit) {
    return pool.preparedQuery(
            """
            SELECT id, device_id, msg_id, measured_at, level, message_level, rule_id, rule_version, inputs,
                   explanation_en, explanation_da, decisive, passive, repeat_requested, late, created_at
            FROM triage_findings
            WHERE patient_id = $1 AND measured_at >= $2 AND measured_at < $3
              AND array_position(ARRAY['GREEN','YELLOW','RED','CRITICAL'], level) - 1 >= $4
            ORDER BY measured_at DESC, decisive DESC, id DESC LIMIT $5""")
        .execute(
            Tuple.of(
                patientId,
                from.atOffset(ZoneOffset.UTC),
                to.atOffset(ZoneOffset.UTC),
                minRank,
                limit))
        .map(
            rs -> {
              JsonArray out = new JsonArray();
              for (Row r : rs) {
                Object inputs = r.getValue(8);
                out.add(
                    new JsonObject()
                        .put("id", r.getLong(0))
                        .put("deviceId", r.getString(1))
                        .put("msgId", r.getString(2))
                        .put("measuredAt", IsoTimes.text(r.getOffsetDateTime(3)))
                        .put("level", r.getString(4))
                        .put("messageLevel", r.getString(5))
                        .put("ruleId", r.getString(6))
                        .put("ruleVersion", r.getInteger(7))
                        .put(
                            "inputs",
                            inputs instanceof JsonObject || inputs instanceof JsonArray
                                ? inputs
                                : null)
                        .put(
                            "explanation",
                            new JsonObject().put("en", r.getString(9)).put("da", r.getString(10)))
                        .put("decisive", r.getBoolean(11))
                        .put("passive", r.getBoolean(12))
                        .put("repeatRequested", r.getBoolean(13))
                        .put("late", r.getBoolean(14))
                        .put("triagedAt", IsoTimes.text(r.getOffsetDateTime(15))));
              }
              return out;
            });
  }

  /**
   * The Danish explanation of the triage result behind each alert: alert i was raised by rule
   * {@code ruleIds[i]} for the reading {@code readingRefs[i]} ("deviceId/msgId"). Alerts without
   * such a result are left out. Looked up one alert at a time: joined to the view, or to a LATERAL
   * subquery the planner can flatten (the LIMIT keeps it from that), the lookup would be planned as
   * a scan of every stored result.
   */
  public Future<Map<UUID, String>> danishExplanations(
      UUID[] alertIds, String[] readingRefs, String[] ruleIds) {
    return pool.preparedQuery(
            """
            SELECT a.id, t.explanation_da
            FROM unnest($1::uuid[], $2::text[], $3::text[]) AS a(id, ref, rule_id)
            CROSS JOIN LATERAL (
              SELECT f.explanation_da FROM triage_findings f WHERE f.device_id = split_part(a.ref, '/', 1)
                AND f.msg_id = substr(a.ref, length(split_part(a.ref, '/', 1)) + 2) AND f.rule_id = a.rule_id
              LIMIT 1) t""")
        .execute(Tuple.of(alertIds, readingRefs, ruleIds))
        .map(
            rs -> {
              Map<UUID, String> out = new HashMap<>();
              rs.forEach(r -> out.put(r.getUUID(0), r.getString(1)));
              return out;
            });
  }
}

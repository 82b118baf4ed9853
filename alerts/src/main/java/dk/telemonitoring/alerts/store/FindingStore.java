package dk.telemonitoring.alerts.store;

import static dk.telemonitoring.alerts.store.Sql.instant;
import static dk.telemonitoring.alerts.store.Sql.ts;

import dk.telemonitoring.alerts.domain.AlertChange;
import dk.telemonitoring.alerts.domain.AlertFinding;
import dk.telemonitoring.alerts.domain.AlertSignal;
import dk.telemonitoring.alerts.domain.AlertState;
import dk.telemonitoring.alerts.domain.Level;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * SQL for the rules' findings inside alerts ({@code alert_findings}). Every method runs on the
 * caller's client.
 */
public final class FindingStore {

  private static final String COLUMNS =
      "alert_id, rule_id, level, explanation, explanation_da, inputs,"
          + " first_measured_at, last_measured_at, reading_ref, cleared_at";

  /**
   * Writes the signal as the rule's finding in the alert: a new finding, a cleared one live again
   * (from this reading), or a live one brought up to date (its first measurement kept).
   */
  public Future<Void> upsert(SqlConnection tx, UUID alertId, AlertSignal s, Instant now) {
    return tx.preparedQuery(
            "INSERT INTO alert_findings ("
                + COLUMNS
                + ", level_rank, updated_at) VALUES ($1, $2, $3,"
                + " $4, $5, $6, $7, $7, $8, NULL, $9, $10)"
                + UPSERT_CONFLICT)
        .execute(Tuple.from(upsertValues(alertId, s, now)))
        .mapEmpty();
  }

  /** A finding written again: its first measurement kept while it stays live. */
  private static final String UPSERT_CONFLICT =
      " ON CONFLICT (alert_id, rule_id) DO UPDATE SET"
          + " level = EXCLUDED.level, level_rank = EXCLUDED.level_rank, explanation = EXCLUDED.explanation,"
          + " explanation_da = EXCLUDED.explanation_da, inputs = EXCLUDED.inputs,"
          + " first_measured_at = CASE WHEN alert_findings.cleared_at IS NULL"
          + "   THEN least(alert_findings.first_measured_at, EXCLUDED.first_measured_at)"
          + "   ELSE EXCLUDED.first_measured_at END,"
          + " last_measured_at = greatest(alert_findings.last_measured_at, EXCLUDED.last_measured_at),"
          + " reading_ref = coalesce(EXCLUDED.reading_ref, alert_findings.reading_ref), cleared_at = NULL,"
          + " updated_at = EXCLUDED.updated_at";

  /**
   * The patient's open alert, when it is at least as urgent as the signal, locked and brought up to
   * date (its condition live, its newest measurement; the words and reading of the finding that set
   * its level), with the signal as its rule's finding: {@link #upsert} and the alert's save in one
   * statement. The path of every further reading of a patient whose alert is open (a COPD patient's
   * low SpO2 for days), where a lock, a write and a round trip each counted. The alert's id, level
   * and state, or empty when there is no such alert: no open alert, or one the signal raises (the
   * caller's path).
   */
  public Future<Optional<AlertChange>> joinOpenAtLeastAsUrgent(
      SqlConnection tx, UUID patientId, AlertSignal s, Instant now) {
    return tx.preparedQuery(
            "WITH a AS (UPDATE alerts SET condition_cleared_at = NULL,"
                + " last_measured_at = greatest(last_measured_at, $7::timestamptz),"
                + " explanation = CASE WHEN rule_id = $2::text THEN $4::text ELSE explanation END,"
                + " explanation_da = CASE WHEN rule_id = $2::text THEN $5::text ELSE explanation_da END,"
                + " reading_ref = CASE WHEN rule_id = $2::text THEN coalesce($8::text, reading_ref)"
                + "   ELSE reading_ref END,"
                + " updated_at = $10::timestamptz"
                + " WHERE patient_id = $1::uuid AND state <> 'RESOLVED' AND level_rank >= $9::smallint"
                + " RETURNING id, level, state),"
                + " f AS (INSERT INTO alert_findings ("
                + COLUMNS
                + ", level_rank, updated_at) SELECT a.id, $2::text, $3::text, $4::text, $5::text,"
                + " $6::jsonb, $7::timestamptz, $7::timestamptz, $8::text, NULL, $9::smallint,"
                + " $10::timestamptz FROM a"
                + UPSERT_CONFLICT
                + ") SELECT id, level, state FROM a")
        .execute(Tuple.from(upsertValues(patientId, s, now)))
        .map(
            rows ->
                AlertStore.first(rows)
                    .map(
                        r -> {
                          Level level = Level.valueOf(r.getString("level"));
                          return new AlertChange(
                              AlertChange.Kind.UPDATED,
                              r.getUUID("id"),
                              level,
                              level,
                              AlertState.valueOf(r.getString("state")));
                        }));
  }

  /** The values of {@link #upsert}; the first is the alert's id there, the patient's here. */
  private static Object[] upsertValues(UUID id, AlertSignal s, Instant now) {
    return new Object[] {
      id,
      s.ruleId(),
      s.level().name(),
      s.explanation(),
      s.explanationDa(),
      json(s.inputs()),
      ts(s.measuredAt()),
      s.readingRef(),
      (short) s.level().ordinal(),
      ts(now)
    };
  }

  /**
   * The rule's condition is better but not gone (triage's hysteresis): the finding takes the lower
   * level.
   */
  public Future<Boolean> lower(SqlConnection tx, UUID alertId, AlertSignal lowered, Instant now) {
    Level level = lowered.level();
    // The words only from the finding's newest reading: a late one must not reword it.
    return tx.preparedQuery(
            """
            UPDATE alert_findings SET level = $3, level_rank = $4,
              explanation = CASE WHEN $5 >= last_measured_at THEN coalesce($7, explanation) ELSE explanation END,
              explanation_da = CASE WHEN $5 >= last_measured_at THEN coalesce($8, explanation_da) ELSE explanation_da END,
              reading_ref = CASE WHEN $5 >= last_measured_at THEN coalesce($9, reading_ref) ELSE reading_ref END,
              last_measured_at = greatest(last_measured_at, $5), updated_at = $6
            WHERE alert_id = $1 AND rule_id = $2 AND cleared_at IS NULL""")
        .execute(
            Tuple.of(
                    alertId,
                    lowered.ruleId(),
                    level.name(),
                    (short) level.ordinal(),
                    ts(lowered.measuredAt()),
                    ts(now))
                .addString(lowered.explanation())
                .addString(lowered.explanationDa())
                .addString(lowered.readingRef()))
        .map(rows -> rows.rowCount() > 0);
  }

  /** Marks the rule's live finding cleared; false when there was none. */
  public Future<Boolean> clear(
      SqlConnection tx, UUID alertId, String ruleId, Instant clearedAt, Instant now) {
    return tx.preparedQuery(
            "UPDATE alert_findings SET cleared_at = $3, updated_at = $4"
                + " WHERE alert_id = $1 AND rule_id = $2 AND cleared_at IS NULL")
        .execute(Tuple.of(alertId, ruleId, ts(clearedAt), ts(now)))
        .map(rows -> rows.rowCount() > 0);
  }

  /** How many findings of the alert are still live. */
  public Future<Long> liveCount(SqlConnection tx, UUID alertId) {
    return tx.preparedQuery(
            "SELECT count(*) FROM alert_findings WHERE alert_id = $1 AND cleared_at IS NULL")
        .execute(Tuple.of(alertId))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  /** The rules with a live finding in the patient's open alert. */
  public Future<Set<String>> liveRulesOfOpenAlert(SqlConnection tx, UUID patientId) {
    return tx.preparedQuery(
            "SELECT f.rule_id FROM alerts a JOIN alert_findings f ON f.alert_id = a.id"
                + " WHERE a.patient_id = $1 AND a.state <> 'RESOLVED' AND f.cleared_at IS NULL")
        .execute(Tuple.of(patientId))
        .map(
            rows -> {
              Set<String> out = new HashSet<>();
              rows.forEach(r -> out.add(r.getString("rule_id")));
              return out;
            });
  }

  /**
   * {@link #liveRulesOfOpenAlert} of several patients in one statement; every patient asked for is
   * in the answer, those without an open alert with no rules.
   */
  public Future<Map<UUID, Set<String>>> liveRulesOfOpenAlerts(
      SqlConnection tx, List<UUID> patientIds) {
    return tx.preparedQuery(
            "SELECT a.patient_id, f.rule_id FROM alerts a JOIN alert_findings f ON f.alert_id = a.id"
                + " WHERE a.patient_id = ANY($1) AND a.state <> 'RESOLVED' AND f.cleared_at IS NULL")
        .execute(Tuple.of(patientIds.toArray(UUID[]::new)))
        .map(
            rows -> {
              Map<UUID, Set<String>> out = new HashMap<>();
              patientIds.forEach(p -> out.put(p, new HashSet<>()));
              rows.forEach(r -> out.get(r.getUUID("patient_id")).add(r.getString("rule_id")));
              return out;
            });
  }

  /**
   * The findings of each alert, worst first, then by rule. Alerts without findings map to an empty
   * list.
   */
  public Future<Map<UUID, List<AlertFinding>>> of(SqlClient client, List<UUID> alertIds) {
    Map<UUID, List<AlertFinding>> out = new LinkedHashMap<>();
    alertIds.forEach(id -> out.put(id, new ArrayList<>()));
    if (alertIds.isEmpty()) {
      return Future.succeededFuture(out);
    }
    return client
        .preparedQuery(
            "SELECT "
                + COLUMNS
                + " FROM alert_findings WHERE alert_id = ANY($1)"
                + " ORDER BY alert_id, (cleared_at IS NULL) DESC, level_rank DESC, rule_id")
        .execute(Tuple.of(alertIds.toArray(new UUID[0])))
        .map(
            rows -> {
              rows.forEach(r -> out.get(r.getUUID("alert_id")).add(toFinding(r)));
              return out;
            });
  }

  static AlertFinding toFinding(Row r) {
    Object inputs = r.getValue("inputs");
    // Plain maps and lists for the domain record, not the client's JSON types.
    @SuppressWarnings("unchecked")
    Map<String, Object> map =
        inputs instanceof JsonObject j ? (Map<String, Object>) plain(j) : Map.of();
    return new AlertFinding(
        r.getUUID("alert_id"),
        r.getString("rule_id"),
        Level.valueOf(r.getString("level")),
        r.getString("explanation"),
        r.getString("explanation_da"),
        map,
        instant(r, "first_measured_at"),
        instant(r, "last_measured_at"),
        r.getString("reading_ref"),
        instant(r, "cleared_at"));
  }

  private static Object plain(Object v) {
    if (v instanceof JsonObject o) {
      Map<String, Object> out = new LinkedHashMap<>();
      o.forEach(e -> out.put(e.getKey(), plain(e.getValue())));
      return out;
    }
    if (v instanceof JsonArray a) {
      List<Object> out = new ArrayList<>();
      a.forEach(e -> out.add(plain(e)));
      return out;
    }
    return v;
  }

  /**
   * The inputs as JSON: numbers, text, flags, maps and lists as they are, anything else as its
   * text.
   */
  static JsonObject json(Map<?, ?> inputs) {
    JsonObject out = new JsonObject();
    inputs.forEach((k, v) -> out.put(String.valueOf(k), jsonValue(v)));
    return out;
  }

  private static Object jsonValue(Object v) {
    if (v == null || v instanceof Number || v instanceof Boolean || v instanceof String) {
      return v;
    }
    if (v instanceof Map<?, ?> m) {
      return json(m);
    }
    if (v instanceof Collection<?> c) {
      JsonArray out = new JsonArray();
      c.forEach(e -> out.add(jsonValue(e)));
      return out;
    }
    return String.valueOf(v);
  }
}

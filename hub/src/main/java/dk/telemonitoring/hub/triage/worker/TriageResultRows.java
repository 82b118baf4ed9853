package dk.telemonitoring.hub.triage.worker;

import static dk.telemonitoring.hub.store.SqlTimes.utc;

import dk.telemonitoring.alerts.domain.Level;
import dk.telemonitoring.hub.triage.Finding;
import dk.telemonitoring.hub.triage.TriageOutcome;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.UUID;

/**
 * Triage's results as stored in {@code triage_results}: a row for the finding that decided a
 * message's level and for each abnormal one; the GREEN findings of the other rules ride in the
 * deciding row ({@code green_findings}), because a row each was most of what triage wrote. The view
 * {@code triage_findings} gives every finding back as a row of its own.
 */
final class TriageResultRows {

  private TriageResultRows() {}

  /** The rows of one message's findings, for {@link #insert(SqlConnection, List)}. */
  static List<Tuple> of(
      UUID patientId,
      String deviceId,
      String msgId,
      Instant at,
      TriageOutcome outcome,
      boolean late) {
    Finding decisive = outcome.decisive().orElse(null);
    List<Tuple> rows = new ArrayList<>(outcome.findings().size());
    for (Finding f : outcome.findings()) {
      rows.add(
          Tuple.tuple()
              .addUUID(patientId)
              .addString(deviceId)
              .addString(msgId)
              .addValue(utc(at))
              .addString(f.level().name())
              .addString(outcome.level().name())
              .addString(f.ruleId())
              .addInteger(f.ruleVersion())
              .addString(new JsonObject(new LinkedHashMap<>(f.inputs())).encode())
              .addString(f.explanation().en())
              .addString(f.explanation().da())
              .addBoolean(f == decisive)
              .addBoolean(outcome.passive())
              .addBoolean(outcome.repeatRequested())
              .addBoolean(late)
              .addBoolean(decisive != null && f != decisive && f.level() == Level.GREEN));
    }
    return rows;
  }

  /**
   * The results of a whole triage batch in one statement over arrays (one execution, not one per
   * row: the per-row executions were the database's largest cost in a drain). A message's findings
   * are folded only when none of them is stored yet: a finding already stored (a message triaged
   * again when more of its readings arrived later) is kept as first written, and the new findings
   * of such a message are stored as rows. Each folded finding gets an id from the table's own
   * sequence, so that every finding keeps one of its own. The batch holds each message once (its
   * outbox row is unique).
   */
  static Future<Void> insert(SqlConnection tx, List<Tuple> batch) {
    if (batch.isEmpty()) {
      return Future.succeededFuture();
    }
    return tx.preparedQuery(
            """
        WITH u AS (
          SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[], $5::text[], $6::text[],
            $7::text[], $8::int[], $9::text[], $10::text[], $11::text[], $12::boolean[], $13::boolean[],
            $14::boolean[], $15::boolean[], $16::boolean[]) WITH ORDINALITY
            AS u(p, d, m, t, l, ml, r, v, i, en, da, dec, pas, rep, lat, fold, n)
        ), known AS (
          SELECT k.d, k.m, s.rule_id AS r
          FROM (SELECT DISTINCT d, m FROM u) k
          CROSS JOIN LATERAL (
            SELECT rule_id FROM triage_results t WHERE t.device_id = k.d AND t.msg_id = k.m
            UNION ALL
            SELECT g ->> 'rule_id' FROM triage_results t CROSS JOIN LATERAL jsonb_array_elements(t.green_findings) g
            WHERE t.device_id = k.d AND t.msg_id = k.m AND t.green_findings IS NOT NULL) s
        ), w AS (
          SELECT u.*, fold AND NOT EXISTS (SELECT 1 FROM known WHERE known.d = u.d AND known.m = u.m) AS folded
          FROM u
        ), green AS (
          SELECT d, m, jsonb_agg(jsonb_build_object('id', nextval('triage_results_id_seq'), 'rule_id', r,
                   'rule_version', v, 'inputs', i::jsonb, 'explanation_en', en, 'explanation_da', da) ORDER BY n) AS g
          FROM w WHERE folded GROUP BY d, m
        )
        INSERT INTO triage_results (patient_id, device_id, msg_id, measured_at, level, message_level, rule_id,
          rule_version, inputs, explanation_en, explanation_da, decisive, passive, repeat_requested, late,
          green_findings)
        SELECT w.p, w.d, w.m, w.t, w.l, w.ml, w.r, w.v, w.i::jsonb, w.en, w.da, w.dec, w.pas, w.rep, w.lat,
               CASE WHEN w.dec THEN green.g END
        FROM w LEFT JOIN green ON green.d = w.d AND green.m = w.m
        WHERE NOT w.folded
          AND NOT EXISTS (SELECT 1 FROM known WHERE known.d = w.d AND known.m = w.m AND known.r = w.r)
        ORDER BY w.n
        ON CONFLICT (device_id, msg_id, rule_id) DO NOTHING""")
        .execute(
            Tuple.tuple()
                .addValue(Columns.of(batch, 0, UUID[]::new))
                .addValue(Columns.of(batch, 1, String[]::new))
                .addValue(Columns.of(batch, 2, String[]::new))
                .addValue(Columns.of(batch, 3, OffsetDateTime[]::new))
                .addValue(Columns.of(batch, 4, String[]::new))
                .addValue(Columns.of(batch, 5, String[]::new))
                .addValue(Columns.of(batch, 6, String[]::new))
                .addValue(Columns.of(batch, 7, Integer[]::new))
                .addValue(Columns.of(batch, 8, String[]::new))
                .addValue(Columns.of(batch, 9, String[]::new))
                .addValue(Columns.of(batch, 10, String[]::new))
                .addValue(Columns.of(batch, 11, Boolean[]::new))
                .addValue(Columns.of(batch, 12, Boolean[]::new))
                .addValue(Columns.of(batch, 13, Boolean[]::new))
                .addValue(Columns.of(batch, 14, Boolean[]::new))
                .addValue(Columns.of(batch, 15, Boolean[]::new)))
        .mapEmpty();
  }
}

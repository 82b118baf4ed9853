package dk.telemonitoring.hub.triage.worker;

import static dk.telemonitoring.hub.store.SqlTimes.utc;

import dk.telemonitoring.alerts.domain.Level;
import dk.telemonitoring.hub.triage.Finding;
import dk.telemonitoring.hub.triage.TriageOutcome;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.PrimitiveIterator;
import java.util.Set;
import java.util.UUID;
import java.util.stream.LongStream;

/**
 * Triage's results as stored in {@code triage_results}: a row for the finding that decided a
 * message's level and one for each abnormal finding; the GREEN findings of the other rules ride in
 * the deciding row ({@code green_findings}), each with an id of its own from the table's sequence,
 * because a row each was most of what triage wrote. The view {@code triage_findings} gives every
 * finding back as a row.
 */
final class TriageResultRows {

  /** One message's outcome, to be stored. */
  record Message(
      UUID patientId,
      String deviceId,
      String msgId,
      Instant at,
      TriageOutcome outcome,
      boolean late) {

    private String key() {
      return deviceId + '\u0000' + msgId;
    }

    private long foldable() {
      Finding decisive = outcome.decisive().orElse(null);
      return outcome.findings().stream().filter(f -> foldable(f, decisive)).count();
    }

    /** GREEN beside the finding that decided the level (none decided: nothing to ride in). */
    private static boolean foldable(Finding f, Finding decisive) {
      return decisive != null && f != decisive && f.level() == Level.GREEN;
    }
  }

  private TriageResultRows() {}

  /**
   * The results of a whole triage batch in one statement over arrays (one execution, not one per
   * row: the per-row executions were the database's largest cost in a drain). Before it, in one
   * round trip, the ids of the findings to fold and the findings already stored of the batch's
   * messages: a message triaged again (more of its readings came later) keeps what was first
   * written, and its new findings are stored as rows, unfolded.
   */
  static Future<Void> insert(SqlConnection tx, List<Message> messages) {
    if (messages.isEmpty()) {
      return Future.succeededFuture();
    }
    long foldable = messages.stream().mapToLong(Message::foldable).sum();
    Future<Set<String>> stored = stored(tx, messages);
    Future<long[]> ids = ids(tx, foldable);
    return Future.all(stored, ids)
        .compose(v -> write(tx, rows(messages, stored.result(), ids.result())));
  }

  /**
   * The rows to write. {@code stored} holds "device NUL msg" for each message with stored findings
   * and "device NUL msg NUL rule" for each of those findings.
   */
  private static List<Tuple> rows(List<Message> messages, Set<String> stored, long[] ids) {
    PrimitiveIterator.OfLong nextId = LongStream.of(ids).iterator();
    List<Tuple> rows = new ArrayList<>();
    for (Message m : messages) {
      boolean fresh = !stored.contains(m.key());
      Finding decisive = m.outcome().decisive().orElse(null);
      JsonArray folded = new JsonArray();
      List<Finding> kept = new ArrayList<>();
      for (Finding f : m.outcome().findings()) {
        if (fresh && Message.foldable(f, decisive)) {
          folded.add(
              new JsonObject()
                  .put("id", nextId.nextLong())
                  .put("rule_id", f.ruleId())
                  .put("rule_version", f.ruleVersion())
                  .put("inputs", inputs(f))
                  .put("explanation_en", f.explanation().en())
                  .put("explanation_da", f.explanation().da()));
        } else if (fresh || !stored.contains(m.key() + '\u0000' + f.ruleId())) {
          kept.add(f);
        }
      }
      for (Finding f : kept) {
        rows.add(
            Tuple.tuple()
                .addUUID(m.patientId())
                .addString(m.deviceId())
                .addString(m.msgId())
                .addValue(utc(m.at()))
                .addString(f.level().name())
                .addString(m.outcome().level().name())
                .addString(f.ruleId())
                .addInteger(f.ruleVersion())
                .addString(inputs(f).encode())
                .addString(f.explanation().en())
                .addString(f.explanation().da())
                .addBoolean(f == decisive)
                .addBoolean(m.outcome().passive())
                .addBoolean(m.outcome().repeatRequested())
                .addBoolean(m.late())
                .addString(f == decisive && !folded.isEmpty() ? folded.encode() : null));
      }
    }
    return rows;
  }

  private static JsonObject inputs(Finding f) {
    return new JsonObject(new LinkedHashMap<>(f.inputs()));
  }

  /**
   * The findings already stored of these messages, folded or not: one probe of the unique index per
   * message. Written out rather than read from the view {@code triage_findings}, which the planner
   * flattens into a scan of every stored result when joined to the batch.
   */
  private static Future<Set<String>> stored(SqlConnection tx, List<Message> messages) {
    return tx.preparedQuery(
            """
            SELECT k.d, k.m, s.rule_id
            FROM unnest($1::text[], $2::text[]) AS k(d, m)
            CROSS JOIN LATERAL (
              SELECT t.rule_id FROM triage_results t WHERE t.device_id = k.d AND t.msg_id = k.m
              UNION ALL
              SELECT g ->> 'rule_id' FROM triage_results t CROSS JOIN LATERAL jsonb_array_elements(t.green_findings) g
              WHERE t.device_id = k.d AND t.msg_id = k.m AND t.green_findings IS NOT NULL) s""")
        .execute(
            Tuple.tuple()
                .addValue(messages.stream().map(Message::deviceId).toArray(String[]::new))
                .addValue(messages.stream().map(Message::msgId).toArray(String[]::new)))
        .map(
            rs -> {
              Set<String> out = new HashSet<>();
              for (Row r : rs) {
                String message = r.getString(0) + '\u0000' + r.getString(1);
                out.add(message);
                out.add(message + '\u0000' + r.getString(2));
              }
              return out;
            });
  }

  private static Future<long[]> ids(SqlConnection tx, long count) {
    if (count == 0) {
      return Future.succeededFuture(new long[0]);
    }
    return tx.preparedQuery(
            "SELECT nextval('triage_results_id_seq') FROM generate_series(1, $1::bigint)")
        .execute(Tuple.of(count))
        .map(
            rs -> {
              long[] out = new long[rs.size()];
              int i = 0;
              for (Row r : rs) out[i++] = r.getLong(0);
              return out;
            });
  }

  private static Future<Void> write(SqlConnection tx, List<Tuple> rows) {
    if (rows.isEmpty()) {
      return Future.succeededFuture();
    }
    return tx.preparedQuery(
            """
        INSERT INTO triage_results (patient_id, device_id, msg_id, measured_at, level, message_level, rule_id,
          rule_version, inputs, explanation_en, explanation_da, decisive, passive, repeat_requested, late,
          green_findings)
        SELECT p, d, m, t, l, ml, r, v, i::jsonb, en, da, dec, pas, rep, lat, g::jsonb
        FROM unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[], $5::text[], $6::text[], $7::text[],
          $8::int[], $9::text[], $10::text[], $11::text[], $12::boolean[], $13::boolean[], $14::boolean[],
          $15::boolean[], $16::text[]) AS u(p, d, m, t, l, ml, r, v, i, en, da, dec, pas, rep, lat, g)
        ON CONFLICT (device_id, msg_id, rule_id) DO NOTHING""")
        .execute(
            Tuple.tuple()
                .addValue(Columns.of(rows, 0, UUID[]::new))
                .addValue(Columns.of(rows, 1, String[]::new))
                .addValue(Columns.of(rows, 2, String[]::new))
                .addValue(Columns.of(rows, 3, OffsetDateTime[]::new))
                .addValue(Columns.of(rows, 4, String[]::new))
                .addValue(Columns.of(rows, 5, String[]::new))
                .addValue(Columns.of(rows, 6, String[]::new))
                .addValue(Columns.of(rows, 7, Integer[]::new))
                .addValue(Columns.of(rows, 8, String[]::new))
                .addValue(Columns.of(rows, 9, String[]::new))
                .addValue(Columns.of(rows, 10, String[]::new))
                .addValue(Columns.of(rows, 11, Boolean[]::new))
                .addValue(Columns.of(rows, 12, Boolean[]::new))
                .addValue(Columns.of(rows, 13, Boolean[]::new))
                .addValue(Columns.of(rows, 14, Boolean[]::new))
                .addValue(Columns.of(rows, 15, String[]::new)))
        .mapEmpty();
  }
}

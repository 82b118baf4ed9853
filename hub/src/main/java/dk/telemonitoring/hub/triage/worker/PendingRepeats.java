package dk.telemonitoring.hub.triage.worker;

import static dk.telemonitoring.hub.store.SqlTimes.utc;
import static dk.telemonitoring.hub.triage.worker.TriageSql.instant;

import dk.telemonitoring.alerts.domain.Level;
import dk.telemonitoring.hub.store.TriageLocks;
import dk.telemonitoring.hub.triage.Explanation;
import dk.telemonitoring.hub.triage.Finding;
import dk.telemonitoring.hub.triage.RuleState;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Abnormal readings waiting for the patient's repeat after rest
 * (docs/clinical-reference.md#repeat-before-alert): recorded when triage defers one, settled by the
 * next reading of the kind, and alarmed when the window passes without it, so no abnormal reading
 * is lost because the patient did not repeat.
 */
final class PendingRepeats {

  private final Pool pool;
  private final RuleEpisodes episodes;
  private final Clock clock;

  PendingRepeats(Pool pool, RuleEpisodes episodes, Clock clock) {
    this.pool = pool;
    this.episodes = episodes;
    this.clock = clock;
  }

  /** The message's abnormal result waits for a repeat until {@code until}. */
  static Future<Void> await(
      SqlConnection tx,
      String deviceId,
      String msgId,
      UUID patientId,
      Instant measuredAt,
      Level level,
      Instant until) {
    return tx.preparedQuery(
            """
            INSERT INTO triage_pending_repeat (device_id, msg_id, patient_id, measured_at, level, await_until)
            VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING""")
        .execute(Tuple.of(deviceId, msgId, patientId, utc(measuredAt), level.name(), utc(until)))
        .mapEmpty();
  }

  /**
   * A repeat measured at {@code at} settles the patient's readings waiting from {@code from}: as
   * confirmed when it is abnormal too.
   */
  static Future<Void> settle(
      SqlConnection tx, UUID patientId, Instant from, Instant at, Instant now, boolean confirmed) {
    return tx.preparedQuery(
            """
            UPDATE triage_pending_repeat SET resolved_at = $4, resolution = $5
            WHERE patient_id = $1 AND resolved_at IS NULL AND measured_at >= $2 AND measured_at < $3""")
        .execute(
            Tuple.of(
                patientId, utc(from), utc(at), utc(now), confirmed ? "confirmed" : "not-confirmed"))
        .mapEmpty();
  }

  /**
   * Which of the patients have a reading waiting for its repeat: only theirs can a reading settle,
   * so the others' readings skip the statement (it ran for nearly every message and matched
   * nothing).
   */
  static Future<Set<UUID>> waiting(SqlConnection tx, List<UUID> patients) {
    return tx.preparedQuery(
            "SELECT DISTINCT patient_id FROM triage_pending_repeat WHERE resolved_at IS NULL AND patient_id = ANY($1)")
        .execute(Tuple.of(patients.toArray(UUID[]::new)))
        .map(
            rs -> {
              Set<UUID> out = new HashSet<>();
              rs.forEach(r -> out.add(r.getUUID("patient_id")));
              return out;
            });
  }

  /** Alarms up to 100 readings whose repeat window has passed; how many. */
  Future<Integer> expire() {
    Instant now = clock.instant();
    return pool.withTransaction(
        tx ->
            tx.preparedQuery(
                    """
        SELECT device_id, msg_id, patient_id, measured_at FROM triage_pending_repeat
        WHERE resolved_at IS NULL AND await_until <= $1 ORDER BY patient_id LIMIT 100 FOR UPDATE SKIP LOCKED""")
                .execute(Tuple.of(utc(now)))
                .compose(
                    rs -> {
                      List<Row> rows = new ArrayList<>();
                      rs.forEach(rows::add);
                      return Futures.sequence(rows, r -> expire(tx, r, now)).map(v -> rows.size());
                    }));
  }

  private Future<Void> expire(SqlConnection tx, Row pending, Instant now) {
    UUID patientId = pending.getUUID("patient_id");
    String deviceId = pending.getString("device_id");
    String msgId = pending.getString("msg_id");
    Instant measuredAt = instant(pending, "measured_at");
    return TriageLocks.patient(tx, patientId)
        .compose(v -> TriageSql.context(tx, patientId))
        .compose(
            ctx ->
                episodes
                    .ruleStates(tx, patientId, measuredAt)
                    .compose(
                        states -> {
                          Map<String, RuleState> loaded = Map.copyOf(states);
                          return unconfirmedFindings(tx, deviceId, msgId)
                              .compose(
                                  findings ->
                                      episodes.applyHysteresis(
                                          tx,
                                          ctx,
                                          findings,
                                          states,
                                          measuredAt,
                                          deviceId + "/" + msgId,
                                          false,
                                          false))
                              .compose(
                                  v ->
                                      TriageSql.saveRuleStates(
                                          tx, patientId, RuleEpisodes.changed(loaded, states)));
                        }))
        .compose(
            v ->
                tx.preparedQuery(
                        """
                UPDATE triage_pending_repeat SET resolved_at = $3, resolution = 'expired'
                WHERE device_id = $1 AND msg_id = $2""")
                    .execute(Tuple.of(deviceId, msgId, utc(now)))
                    .mapEmpty());
  }

  /** The message's abnormal findings, said to be unconfirmed. */
  private static Future<List<Finding>> unconfirmedFindings(
      SqlConnection tx, String deviceId, String msgId) {
    return tx.preparedQuery(
            """
            SELECT rule_id, rule_version, level, explanation_en, explanation_da FROM triage_findings
            WHERE device_id = $1 AND msg_id = $2 AND level <> 'GREEN'""")
        .execute(Tuple.of(deviceId, msgId))
        .map(
            found -> {
              List<Finding> findings = new ArrayList<>();
              found.forEach(
                  f ->
                      findings.add(
                          new Finding(
                              f.getString("rule_id"),
                              f.getInteger("rule_version"),
                              Level.valueOf(f.getString("level")),
                              Map.of("unconfirmed", true),
                              new Explanation(
                                  f.getString("explanation_en") + " No repeat measurement arrived.",
                                  f.getString("explanation_da")
                                      + " Der kom ingen gentaget måling."),
                              false)));
              return findings;
            });
  }
}

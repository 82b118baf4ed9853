package dk.telemonitoring.alerts.store;

import static dk.telemonitoring.alerts.store.Sql.instant;
import static dk.telemonitoring.alerts.store.Sql.ts;

import dk.telemonitoring.alerts.domain.Alert;
import dk.telemonitoring.alerts.domain.AlertAction;
import dk.telemonitoring.alerts.domain.AlertKind;
import dk.telemonitoring.alerts.domain.AlertNotFoundException;
import dk.telemonitoring.alerts.domain.AlertState;
import dk.telemonitoring.alerts.domain.AlertTransition;
import dk.telemonitoring.alerts.domain.CareOutcome;
import dk.telemonitoring.alerts.domain.EscalationPhase;
import dk.telemonitoring.alerts.domain.Level;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * SQL for alerts, their transitions and their escalation timers. Every method runs on the caller's
 * connection. A patient has at most one open alert; its {@code rule_id} and {@code kind} name the
 * rule of its worst finding.
 */
public final class AlertStore {

  static final String COLUMNS =
      "id, clinic_id, patient_id, rule_id, kind, level, state, explanation, reading_ref,"
          + " first_measured_at, last_measured_at, opened_at, response_deadline, acknowledged_at, acknowledged_by,"
          + " escalated_at, resolved_at, resolved_by, outcome, discharged_on, snoozed_until, snoozed_until_clear,"
          + " condition_cleared_at, explanation_da, escalated_by";

  /** The patient's open alert (at most one), locked for update. */
  public Future<Optional<Alert>> lockOpen(SqlConnection tx, UUID patientId) {
    return tx.preparedQuery(
            "SELECT "
                + COLUMNS
                + " FROM alerts WHERE patient_id = $1 AND state <> 'RESOLVED'"
                + " FOR UPDATE")
        .execute(Tuple.of(patientId))
        .map(rows -> first(rows).map(AlertStore::toAlert));
  }

  /**
   * Inserts a new open alert unless the patient already has one; relies on the partial unique
   * index, so of two instances racing only one inserts. Empty: someone else's open alert exists
   * (now committed and lockable).
   */
  public Future<Optional<Alert>> insertIfNoneOpen(SqlConnection tx, Alert a) {
    return tx.preparedQuery(
            "INSERT INTO alerts ("
                + COLUMNS
                + ", level_rank, updated_at) VALUES ($1, $2, $3, $4, $5,"
                + " $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $12)"
                + " ON CONFLICT (patient_id) WHERE state <> 'RESOLVED' DO NOTHING RETURNING "
                + COLUMNS)
        .execute(Tuple.from(values(a)).addValue((short) a.level().ordinal()))
        .map(rows -> first(rows).map(AlertStore::toAlert));
  }

  public Future<Alert> lock(SqlConnection tx, UUID alertId) {
    return tx.preparedQuery("SELECT " + COLUMNS + " FROM alerts WHERE id = $1 FOR UPDATE")
        .execute(Tuple.of(alertId))
        .map(
            rows ->
                first(rows)
                    .map(AlertStore::toAlert)
                    .orElseThrow(() -> new AlertNotFoundException(alertId)));
  }

  public Future<Alert> get(SqlClient client, UUID alertId) {
    return client
        .preparedQuery("SELECT " + COLUMNS + " FROM alerts WHERE id = $1")
        .execute(Tuple.of(alertId))
        .map(
            rows ->
                first(rows)
                    .map(AlertStore::toAlert)
                    .orElseThrow(() -> new AlertNotFoundException(alertId)));
  }

  /** The alerts of the ids that exist, in no particular order. */
  public Future<List<Alert>> byIds(SqlClient client, Collection<UUID> alertIds) {
    if (alertIds.isEmpty()) return Future.succeededFuture(List.of());
    return client
        .preparedQuery("SELECT " + COLUMNS + " FROM alerts WHERE id = ANY($1)")
        .execute(Tuple.of(alertIds.toArray(UUID[]::new)))
        .map(AlertStore::toAlerts);
  }

  /** Writes every mutable column of {@code a}. */
  public Future<Alert> update(SqlConnection tx, Alert a, Instant now) {
    return tx.preparedQuery(
            "UPDATE alerts SET level = $2, level_rank = $3, state = $4, explanation = $5,"
                + " reading_ref = $6, last_measured_at = $7, response_deadline = $8, acknowledged_at = $9,"
                + " acknowledged_by = $10, escalated_at = $11, resolved_at = $12, resolved_by = $13, outcome = $14,"
                + " discharged_on = $15, snoozed_until = $16, snoozed_until_clear = $17, condition_cleared_at = $18,"
                + " updated_at = $19, explanation_da = $20, rule_id = $21, kind = $22, escalated_by = $23"
                + " WHERE id = $1")
        .execute(
            Tuple.from(
                new Object[] {
                  a.id(),
                  a.level().name(),
                  (short) a.level().ordinal(),
                  a.state().name(),
                  a.explanation(),
                  a.readingRef(),
                  ts(a.lastMeasuredAt()),
                  ts(a.responseDeadline()),
                  ts(a.acknowledgedAt()),
                  a.acknowledgedBy(),
                  ts(a.escalatedAt()),
                  ts(a.resolvedAt()),
                  a.resolvedBy(),
                  a.outcome() == null ? null : a.outcome().name(),
                  a.dischargedOn(),
                  ts(a.snoozedUntil()),
                  a.snoozedUntilClear(),
                  ts(a.conditionClearedAt()),
                  ts(now),
                  a.explanationDa(),
                  a.ruleId(),
                  a.kind().name(),
                  a.escalatedBy()
                }))
        .map(a);
  }

  public Future<Void> recordTransition(
      SqlConnection tx,
      UUID alertId,
      Instant at,
      String actorId,
      AlertAction action,
      AlertState fromState,
      AlertState toState,
      Level fromLevel,
      Level toLevel,
      String note) {
    return recordTransition(
        tx, alertId, at, actorId, action, fromState, toState, fromLevel, toLevel, note, null);
  }

  /** As above, with the note's Danish when triage or the patient wrote it (a finding's words). */
  public Future<Void> recordTransition(
      SqlConnection tx,
      UUID alertId,
      Instant at,
      String actorId,
      AlertAction action,
      AlertState fromState,
      AlertState toState,
      Level fromLevel,
      Level toLevel,
      String note,
      String noteDa) {
    return tx.preparedQuery(
            "INSERT INTO alert_transitions (alert_id, at, actor_id, action, from_state, to_state,"
                + " from_level, to_level, note, note_da)"
                + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)")
        .execute(
            Tuple.from(
                new Object[] {
                  alertId,
                  ts(at),
                  actorId,
                  action.name(),
                  fromState == null ? null : fromState.name(),
                  toState.name(),
                  fromLevel == null ? null : fromLevel.name(),
                  toLevel.name(),
                  note,
                  noteDa
                }))
        .mapEmpty();
  }

  public Future<List<AlertTransition>> history(SqlClient client, UUID alertId) {
    return client
        .preparedQuery("SELECT * FROM alert_transitions WHERE alert_id = $1 ORDER BY seq")
        .execute(Tuple.of(alertId))
        .map(
            rows -> {
              List<AlertTransition> out = new ArrayList<>();
              for (Row r : rows) {
                out.add(
                    new AlertTransition(
                        r.getLong("seq"),
                        r.getUUID("alert_id"),
                        instant(r, "at"),
                        r.getString("actor_id"),
                        AlertAction.valueOf(r.getString("action")),
                        r.getString("from_state") == null
                            ? null
                            : AlertState.valueOf(r.getString("from_state")),
                        AlertState.valueOf(r.getString("to_state")),
                        r.getString("from_level") == null
                            ? null
                            : Level.valueOf(r.getString("from_level")),
                        Level.valueOf(r.getString("to_level")),
                        r.getString("note"),
                        r.getString("note_da")));
              }
              return out;
            });
  }

  /**
   * Open alerts of the clinics: worst level first, then the nearest (or most overdue) deadline;
   * snoozed last.
   */
  public Future<List<Alert>> openAlerts(SqlClient client, List<String> clinicIds, Instant now) {
    return client
        .preparedQuery(
            "SELECT "
                + COLUMNS
                + " FROM alerts WHERE clinic_id = ANY($1) AND state <> 'RESOLVED'"
                + " ORDER BY (snoozed_until_clear OR coalesce(snoozed_until > $2, false)), level_rank DESC,"
                + " response_deadline, opened_at")
        .execute(Tuple.of(clinicIds.toArray(new String[0]), ts(now)))
        .map(AlertStore::toAlerts);
  }

  /** Open alerts of the given level for the patients, locked. */
  public Future<List<Alert>> lockOpenOfLevel(SqlConnection tx, List<UUID> patientIds, Level level) {
    return tx.preparedQuery(
            "SELECT "
                + COLUMNS
                + " FROM alerts WHERE patient_id = ANY($1) AND level = $2"
                + " AND state IN ('OPEN', 'ESCALATED') ORDER BY id FOR UPDATE")
        .execute(Tuple.of(patientIds.toArray(new UUID[0]), level.name()))
        .map(AlertStore::toAlerts);
  }

  // ----- escalation timers -----

  /**
   * (Re-)arms the alert's timer at the start of {@code phase}; a new generation so old
   * notifications never clash.
   */
  public Future<Void> armTimer(
      SqlConnection tx, UUID alertId, Level level, EscalationPhase phase, Instant dueAt) {
    return tx.preparedQuery(
            "INSERT INTO escalation_timers (alert_id, generation, level, phase, step_index, repeat,"
                + " due_at) VALUES ($1, 1, $2, $3, 0, 0, $4) ON CONFLICT (alert_id) DO UPDATE SET"
                + " generation = escalation_timers.generation + 1, level = EXCLUDED.level, phase = EXCLUDED.phase,"
                + " step_index = 0, repeat = 0, due_at = EXCLUDED.due_at")
        .execute(Tuple.of(alertId, level.name(), phase.name(), ts(dueAt)))
        .mapEmpty();
  }

  /**
   * Moves a just-armed timer to another step of its phase (manual escalation starts at the first
   * doctor step).
   */
  public Future<Void> moveTimer(SqlConnection tx, UUID alertId, int stepIndex) {
    return tx.preparedQuery("UPDATE escalation_timers SET step_index = $2 WHERE alert_id = $1")
        .execute(Tuple.of(alertId, stepIndex))
        .mapEmpty();
  }

  public Future<Void> deleteTimer(SqlConnection tx, UUID alertId) {
    return tx.preparedQuery("DELETE FROM escalation_timers WHERE alert_id = $1")
        .execute(Tuple.of(alertId))
        .mapEmpty();
  }

  /** Holds the timer until {@code until} (snooze); null holds it until the condition clears. */
  public Future<Void> holdTimer(SqlConnection tx, UUID alertId, Instant until) {
    String due = until == null ? "'infinity'::timestamptz" : "greatest(due_at, $2)";
    Tuple args = until == null ? Tuple.of(alertId) : Tuple.of(alertId, ts(until));
    return tx.preparedQuery("UPDATE escalation_timers SET due_at = " + due + " WHERE alert_id = $1")
        .execute(args)
        .mapEmpty();
  }

  /** Releases a timer held until the condition clears: due now. */
  public Future<Void> releaseTimer(SqlConnection tx, UUID alertId, Instant now) {
    return tx.preparedQuery(
            "UPDATE escalation_timers SET due_at = $2 WHERE alert_id = $1 AND due_at = 'infinity'")
        .execute(Tuple.of(alertId, ts(now)))
        .mapEmpty();
  }

  // ----- mapping -----

  static Object[] values(Alert a) {
    return new Object[] {
      a.id(),
      a.clinicId(),
      a.patientId(),
      a.ruleId(),
      a.kind().name(),
      a.level().name(),
      a.state().name(),
      a.explanation(),
      a.readingRef(),
      ts(a.firstMeasuredAt()),
      ts(a.lastMeasuredAt()),
      ts(a.openedAt()),
      ts(a.responseDeadline()),
      ts(a.acknowledgedAt()),
      a.acknowledgedBy(),
      ts(a.escalatedAt()),
      ts(a.resolvedAt()),
      a.resolvedBy(),
      a.outcome() == null ? null : a.outcome().name(),
      a.dischargedOn(),
      ts(a.snoozedUntil()),
      a.snoozedUntilClear(),
      ts(a.conditionClearedAt()),
      a.explanationDa(),
      a.escalatedBy()
    };
  }

  public static Alert toAlert(Row r) {
    String outcome = r.getString("outcome");
    return new Alert(
        r.getUUID("id"),
        r.getString("clinic_id"),
        r.getUUID("patient_id"),
        r.getString("rule_id"),
        AlertKind.valueOf(r.getString("kind")),
        Level.valueOf(r.getString("level")),
        AlertState.valueOf(r.getString("state")),
        r.getString("explanation"),
        r.getString("explanation_da"),
        r.getString("reading_ref"),
        instant(r, "first_measured_at"),
        instant(r, "last_measured_at"),
        instant(r, "opened_at"),
        instant(r, "response_deadline"),
        instant(r, "acknowledged_at"),
        r.getString("acknowledged_by"),
        instant(r, "escalated_at"),
        r.getString("escalated_by"),
        instant(r, "resolved_at"),
        r.getString("resolved_by"),
        outcome == null ? null : CareOutcome.valueOf(outcome),
        r.getLocalDate("discharged_on"),
        instant(r, "snoozed_until"),
        r.getBoolean("snoozed_until_clear"),
        instant(r, "condition_cleared_at"));
  }

  static List<Alert> toAlerts(RowSet<Row> rows) {
    return all(rows, AlertStore::toAlert);
  }

  /** Every row, mapped: the list form of {@link #first}. */
  static <T> List<T> all(RowSet<Row> rows, java.util.function.Function<Row, T> mapper) {
    List<T> out = new ArrayList<>();
    rows.forEach(r -> out.add(mapper.apply(r)));
    return out;
  }

  static Optional<Row> first(RowSet<Row> rows) {
    var it = rows.iterator();
    return it.hasNext() ? Optional.of(it.next()) : Optional.empty();
  }
}

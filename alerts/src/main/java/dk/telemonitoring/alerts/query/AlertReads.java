package dk.telemonitoring.alerts.query;

import static dk.telemonitoring.alerts.store.Sql.ts;

import dk.telemonitoring.alerts.AlertService;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The reads of alert data the hub's screens, live push and exports need beyond {@code
 * AlertService}'s: counts, ids, summaries and the change feed, over the module's own tables, so the
 * hub never spells them out. Each runs on the client it is given (the primary's pool, a read
 * replica's, or the caller's transaction).
 */
public final class AlertReads {

  /** One change of an alert as the live push announces it. Levels and states by name. */
  public record Change(
      long seq,
      UUID alertId,
      Instant at,
      String actorId,
      String action,
      String fromState,
      String toState,
      String fromLevel,
      String toLevel,
      String clinicId,
      UUID patientId,
      String ruleId) {}

  /**
   * An alert as an export shows it (a FHIR Task, say). Enum values by name; instants may be null.
   */
  public record Summary(
      UUID id,
      UUID patientId,
      String kind,
      String ruleId,
      String level,
      String state,
      String explanation,
      Instant openedAt,
      Instant responseDeadline,
      Instant updatedAt,
      String acknowledgedBy,
      String outcome) {}

  /**
   * A patient's alerts opened in a period, with the acute contacts they led to and the bed days of
   * those that ended in a bed (from the day of the resolution to discharge, or to the period's end
   * while admitted; Danish days).
   */
  public record PatientOutcomes(long alerts, long acuteContacts, long bedDays) {}

  /**
   * Per patient with alerts opened in the clinic in [from, to): what {@link PatientOutcomes}
   * counts. Alerts merged into another when alerts became one per patient are no cases of their own
   * and are left out.
   */
  public Future<Map<UUID, PatientOutcomes>> outcomesPerPatient(
      SqlClient client, String clinicId, Instant from, Instant to) {
    return client
        .preparedQuery(
            """
            SELECT patient_id, count(*),
                   count(*) FILTER (WHERE outcome IN ('ACUTE_HOME_VISIT', 'MUNICIPAL_ACUTE_BED', 'HOSPITAL_ADMISSION')),
                   coalesce(sum(greatest(coalesce(discharged_on, ($3 AT TIME ZONE 'Europe/Copenhagen')::date)
                                         - (resolved_at AT TIME ZONE 'Europe/Copenhagen')::date, 0))
                     FILTER (WHERE outcome IN ('MUNICIPAL_ACUTE_BED', 'HOSPITAL_ADMISSION')), 0)
            FROM alerts WHERE clinic_id = $1 AND opened_at >= $2 AND opened_at < $3 AND merged_into IS NULL
            GROUP BY patient_id""")
        .execute(Tuple.of(clinicId, ts(from), ts(to)))
        .map(
            rs -> {
              Map<UUID, PatientOutcomes> out = new HashMap<>();
              rs.forEach(
                  r ->
                      out.put(
                          r.getUUID(0),
                          new PatientOutcomes(
                              r.getLong(1), r.getLong(2), ((Number) r.getValue(3)).longValue())));
              return out;
            });
  }

  /**
   * One step of an alert on a patient's timeline: a line of the alert's history, with the level it
   * had then. {@code key} ("t:{seq}", the history's own order) orders entries at the same instant;
   * {@code noteDa} is the note's Danish where triage or the patient wrote it.
   */
  public record TimelineEntry(
      Instant at,
      String key,
      String action,
      UUID alertId,
      String level,
      String fromLevel,
      String note,
      String noteDa,
      String actorId,
      String fromState,
      String instruction) {}

  /**
   * The steps of the patient's alerts a clinician follows a case by (opened, raised, a "call me"
   * joining it, acknowledged, escalated, advised, snoozed, noted, resolved, reopened, discharged,
   * and a nurse carrying out advice after the alert closed: action {@code ADVICE_CARRIED_OUT}, the
   * instruction as its note) before ({@code beforeAt}, {@code beforeKey}), newest first, at most
   * {@code limit}. Left out: reminders, a finding clearing, the escalation engine's own notes, and
   * alerts merged into another (no cases of their own).
   */
  public Future<List<TimelineEntry>> timelineBefore(
      SqlClient client, UUID patientId, Instant beforeAt, String beforeKey, int limit) {
    return client
        .preparedQuery(
            """
            SELECT t.at, ('t:' || lpad(t.seq::text, 19, '0')) COLLATE "C" AS key, t.action, t.alert_id, t.to_level,
                   t.from_level, t.note,
                   COALESCE(t.note_da, CASE WHEN t.note = a.explanation THEN a.explanation_da END), t.actor_id,
                   t.from_state, v.instruction
            FROM alert_transitions t JOIN alerts a ON a.id = t.alert_id
            -- A doctor's advice is stored at the instant of its history step: the step gets its instruction.
            LEFT JOIN alert_advice v ON t.action = 'ADVISE' AND v.alert_id = t.alert_id AND v.at = t.at
            WHERE a.patient_id = $1 AND a.merged_into IS NULL
              AND t.action IN ('OPEN', 'RAISE', 'ACKNOWLEDGE', 'ESCALATE', 'ADVISE', 'SNOOZE', 'NOTE', 'RESOLVE',
                               'REOPEN', 'DISCHARGE')
              AND NOT (t.action = 'NOTE' AND t.actor_id = ANY($5))
              AND (t.at, ('t:' || lpad(t.seq::text, 19, '0')) COLLATE "C") < ($2, $3)
            UNION ALL
            SELECT v.carried_out_at, ('v:' || lpad(v.id::text, 19, '0')) COLLATE "C", 'ADVICE_CARRIED_OUT',
                   v.alert_id, a.level, NULL, NULL, NULL, v.carried_out_by, NULL, v.instruction
            FROM alert_advice v JOIN alerts a ON a.id = v.alert_id
            WHERE a.patient_id = $1 AND a.merged_into IS NULL AND v.carried_out_at IS NOT NULL
              AND v.carried_out_by <> ALL($5)
              AND NOT (v.carried_out_at = a.resolved_at AND v.carried_out_by = a.resolved_by)
              AND (v.carried_out_at, ('v:' || lpad(v.id::text, 19, '0')) COLLATE "C") < ($2, $3)
            ORDER BY 1 DESC, 2 DESC LIMIT $4""")
        .execute(
            Tuple.of(
                patientId,
                ts(beforeAt),
                beforeKey,
                limit,
                new String[] {AlertService.ENGINE_ACTOR, AlertService.SYSTEM_ACTOR}))
        .map(
            rs -> {
              List<TimelineEntry> out = new ArrayList<>();
              for (Row r : rs) {
                out.add(
                    new TimelineEntry(
                        r.getOffsetDateTime(0).toInstant(),
                        r.getString(1),
                        r.getString(2),
                        r.getUUID(3),
                        r.getString(4),
                        r.getString(5),
                        r.getString(6),
                        r.getString(7),
                        r.getString(8),
                        r.getString(9),
                        r.getString(10)));
              }
              return out;
            });
  }

  /**
   * The worst level (by name) among each patient's open alerts; patients without an open alert are
   * absent.
   */
  public Future<Map<UUID, String>> worstOpenLevels(SqlClient client, Collection<UUID> patientIds) {
    if (patientIds.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    return client
        .preparedQuery(
            """
            SELECT DISTINCT ON (patient_id) patient_id, level FROM alerts
            WHERE patient_id = ANY($1) AND state <> 'RESOLVED' ORDER BY patient_id, level_rank DESC""")
        .execute(Tuple.of((Object) patientIds.toArray(UUID[]::new)))
        .map(
            rs -> {
              Map<UUID, String> out = new HashMap<>();
              rs.forEach(r -> out.put(r.getUUID(0), r.getString(1)));
              return out;
            });
  }

  /** Open (not resolved) alerts of the clinic per level name; levels without one are absent. */
  public Future<Map<String, Long>> openCountsByLevel(SqlClient client, String clinicId) {
    return client
        .preparedQuery(
            "SELECT level, count(*) FROM alerts WHERE clinic_id = $1 AND state <> 'RESOLVED' GROUP BY level")
        .execute(Tuple.of(clinicId))
        .map(
            rs -> {
              Map<String, Long> out = new HashMap<>();
              rs.forEach(r -> out.put(r.getString(0), r.getLong(1)));
              return out;
            });
  }

  /** Ids of the patient's alerts opened in [from, to), newest first, at most {@code limit}. */
  public Future<List<UUID>> idsOpenedBetween(
      SqlClient client, UUID patientId, Instant from, Instant to, int limit) {
    return client
        .preparedQuery(
            """
            SELECT id FROM alerts WHERE patient_id = $1 AND opened_at >= $2 AND opened_at < $3
            ORDER BY opened_at DESC LIMIT $4""")
        .execute(Tuple.of(patientId, ts(from), ts(to), limit))
        .map(
            rs -> {
              List<UUID> ids = new ArrayList<>();
              rs.forEach(r -> ids.add(r.getUUID(0)));
              return ids;
            });
  }

  /** The patient's alerts, newest first, at most {@code limit}. */
  public Future<List<Summary>> ofPatient(SqlClient client, UUID patientId, int limit) {
    return client
        .preparedQuery(
            """
            SELECT id, patient_id, kind, rule_id, level, state, explanation, opened_at, response_deadline, updated_at,
                   acknowledged_by, outcome
            FROM alerts WHERE patient_id = $1 ORDER BY opened_at DESC LIMIT $2""")
        .execute(Tuple.of(patientId, limit))
        .map(
            rows -> {
              List<Summary> out = new ArrayList<>();
              for (Row r : rows) {
                out.add(
                    new Summary(
                        r.getUUID(0),
                        r.getUUID(1),
                        r.getString(2),
                        r.getString(3),
                        r.getString(4),
                        r.getString(5),
                        r.getString(6),
                        instant(r, 7),
                        instant(r, 8),
                        instant(r, 9),
                        r.getString(10),
                        r.getString(11)));
              }
              return out;
            });
  }

  /**
   * Display names of the module's contacts among {@code personIds} (people without a contact are
   * absent).
   */
  public Future<Map<String, String>> contactNames(SqlClient client, Collection<String> personIds) {
    if (personIds.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    return client
        .preparedQuery(
            "SELECT person_id, display_name FROM alert_contacts WHERE person_id = ANY($1)")
        .execute(Tuple.of((Object) personIds.toArray(String[]::new)))
        .map(
            rs -> {
              Map<String, String> out = new LinkedHashMap<>();
              rs.forEach(r -> out.put(r.getString(0), r.getString(1)));
              return out;
            });
  }

  /** Sequence numbers of the last {@code lookBack} changes, at most (there may be gaps). */
  public Future<List<Long>> recentChangeSeqs(SqlClient client, int lookBack) {
    return client
        .query(
            """
            SELECT seq FROM alert_transitions
            WHERE seq > (SELECT coalesce(max(seq), 0) FROM alert_transitions) - %d"""
                .formatted(lookBack))
        .execute()
        .map(
            rs -> {
              List<Long> out = new ArrayList<>();
              rs.forEach(r -> out.add(r.getLong(0)));
              return out;
            });
  }

  /** Changes after {@code seq}, oldest first, at most {@code limit}. */
  public Future<List<Change>> changesAfter(SqlClient client, long seq, int limit) {
    return client
        .preparedQuery(
            """
            SELECT t.seq, t.alert_id, t.at, t.actor_id, t.action, t.from_state, t.to_state, t.from_level, t.to_level,
                   a.clinic_id, a.patient_id, a.rule_id
            FROM alert_transitions t JOIN alerts a ON a.id = t.alert_id
            WHERE t.seq > $1 ORDER BY t.seq LIMIT $2""")
        .execute(Tuple.of(seq, limit))
        .map(
            rs -> {
              List<Change> out = new ArrayList<>();
              for (Row r : rs) {
                out.add(
                    new Change(
                        r.getLong(0),
                        r.getUUID(1),
                        r.getOffsetDateTime(2).toInstant(),
                        r.getString(3),
                        r.getString(4),
                        r.getString(5),
                        r.getString(6),
                        r.getString(7),
                        r.getString(8),
                        r.getString(9),
                        r.getUUID(10),
                        r.getString(11)));
              }
              return out;
            });
  }

  private static Instant instant(Row r, int column) {
    OffsetDateTime t = r.getOffsetDateTime(column);
    return t == null ? null : t.toInstant();
  }
}

package dk.telemonitoring.hub.triage.worker;

import static dk.telemonitoring.hub.store.SqlTimes.utc;

import dk.telemonitoring.alerts.domain.Level;
import dk.telemonitoring.hub.reading.MeasurementType;
import dk.telemonitoring.hub.reading.SpirometryGrade;
import dk.telemonitoring.hub.triage.Condition;
import dk.telemonitoring.hub.triage.GroupDefaults;
import dk.telemonitoring.hub.triage.Observation;
import dk.telemonitoring.hub.triage.PatientContext;
import dk.telemonitoring.hub.triage.PatientLimit;
import dk.telemonitoring.hub.triage.RuleState;
import dk.telemonitoring.hub.triage.schedule.MeasurementSchedule;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The SQL triage needs, over a connection that is already in a transaction. Only this class and
 * {@link PatientBatchSql} (the same reads for all patients of a batch) know the tables.
 */
public final class TriageSql {

  private TriageSql() {}

  static Instant instant(Row r, String col) {
    OffsetDateTime t = r.getOffsetDateTime(col);
    return t == null ? null : t.toInstant();
  }

  /**
   * Copies the patient group's default limits and schedule on enrolment; idempotent (ON CONFLICT DO
   * NOTHING), so the worker can call it lazily for patients enrolled before triage existed.
   */
  public static Future<Void> enrol(
      SqlConnection tx, UUID patientId, Condition condition, Instant enrolledAt) {
    List<Future<?>> all = new ArrayList<>();
    for (PatientLimit l : GroupDefaults.forCondition(condition, enrolledAt)) {
      all.add(
          tx.preparedQuery(
                  """
          INSERT INTO patient_limits (patient_id, code, critical_low, red_low, yellow_low, yellow_high, red_high,
                                      critical_high, author, reason, set_at, review_by, group_default)
          VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, true) ON CONFLICT DO NOTHING""")
              .execute(
                  Tuple.tuple()
                      .addUUID(patientId)
                      .addString(l.code())
                      .addValue(l.criticalLow())
                      .addValue(l.redLow())
                      .addValue(l.yellowLow())
                      .addValue(l.yellowHigh())
                      .addValue(l.redHigh())
                      .addValue(l.criticalHigh())
                      .addString(l.author())
                      .addString(l.reason())
                      .addValue(utc(l.setAt()))
                      .addValue(utc(l.reviewBy()))));
    }
    java.time.LocalDate start = enrolledAt.atZone(MeasurementSchedule.COPENHAGEN).toLocalDate();
    for (MeasurementSchedule s : MeasurementSchedule.defaultsFor(condition, start)) {
      all.add(
          tx.preparedQuery(
                  """
          INSERT INTO patient_schedules (patient_id, code, start_date, phases, grace_minutes, zone, created_by)
          VALUES ($1, $2, $3, $4, $5, $6, 'group-default') ON CONFLICT DO NOTHING""")
              .execute(
                  Tuple.of(
                      patientId,
                      s.code(),
                      s.startDate(),
                      SchedulePhases.format(s.phases()),
                      (int) s.grace().toMinutes(),
                      s.zone().getId())));
    }
    all.add(
        tx.preparedQuery(
                "UPDATE patients SET triage_enrolled_at = now() WHERE id = $1 AND triage_enrolled_at IS NULL")
            .execute(Tuple.of(patientId)));
    return Future.all(all).mapEmpty();
  }

  /**
   * Sets (inserts or replaces) a patient's limit after validating it: a limit that relaxes a
   * CRITICAL floor is rejected before it reaches the database. The table's trigger writes the audit
   * row.
   */
  public static Future<Void> setLimit(SqlConnection tx, UUID patientId, PatientLimit limit) {
    try {
      limit.validate();
    } catch (PatientLimit.RejectedLimitException e) {
      return Future.failedFuture(e);
    }
    return tx.preparedQuery(
            """
        INSERT INTO patient_limits (patient_id, code, critical_low, red_low, yellow_low, yellow_high, red_high,
                                    critical_high, author, reason, set_at, review_by, group_default)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
        ON CONFLICT (patient_id, code) DO UPDATE SET critical_low = EXCLUDED.critical_low, red_low = EXCLUDED.red_low,
          yellow_low = EXCLUDED.yellow_low, yellow_high = EXCLUDED.yellow_high, red_high = EXCLUDED.red_high,
          critical_high = EXCLUDED.critical_high, author = EXCLUDED.author, reason = EXCLUDED.reason,
          set_at = EXCLUDED.set_at, review_by = EXCLUDED.review_by, group_default = EXCLUDED.group_default""")
        .execute(
            Tuple.tuple()
                .addUUID(patientId)
                .addString(limit.code())
                .addValue(limit.criticalLow())
                .addValue(limit.redLow())
                .addValue(limit.yellowLow())
                .addValue(limit.yellowHigh())
                .addValue(limit.redHigh())
                .addValue(limit.criticalHigh())
                .addString(limit.author())
                .addString(limit.reason())
                .addValue(utc(limit.setAt()))
                .addValue(utc(limit.reviewBy()))
                .addBoolean(limit.groupDefault()))
        .mapEmpty();
  }

  /**
   * Loads what triage needs to know about a patient; enrols first (group defaults) if not yet
   * enrolled.
   */
  static Future<PatientContext> context(SqlConnection tx, UUID patientId) {
    return PatientContextSql.contexts(tx, List.of(patientId)).map(all -> all.get(patientId));
  }

  static final String[] CATALOGUE_CODES =
      java.util.Arrays.stream(MeasurementType.values())
          .map(MeasurementType::code)
          .toArray(String[]::new);

  /**
   * Parameters: patient, from, to, continuous from, catalogue codes. {@code TriageSqlPlanTest}
   * checks its plan.
   */
  static final String HISTORY =
      """
      SELECT code, value, measured_at, flags, context, detail, device_id, msg_id FROM readings
      WHERE patient_id = $1 AND measured_at >= $2 AND measured_at <= $3 AND NOT (flags @> ARRAY['continuous'])
      UNION ALL
      SELECT code, value, measured_at, flags, context, detail, device_id, msg_id FROM readings
      WHERE patient_id = $1 AND code = ANY($5) AND measured_at >= $4 AND measured_at <= $3
        AND flags @> ARRAY['continuous']
      ORDER BY measured_at""";

  /**
   * The patient's spot checks measured in [from, to] and samples of continuous recordings measured
   * in [continuousFrom, to], by event time. Continuous samples take part in no rule that looks
   * further back than {@code continuousFrom} ({@link Observation#spotCheck}), and loading a month
   * of nights at 1 Hz (millions of rows) for every triage would stall the worker for every patient
   * behind it. The first predicate is the partial index {@code readings_spot_checks}'s (V36); the
   * second names every catalogue code so that it can use the index on (patient, code, time) instead
   * of scanning the table (PostgreSQL 15 has no skip scan).
   */
  static Future<List<Observation>> history(
      SqlConnection tx, UUID patientId, Instant from, Instant to, Instant continuousFrom) {
    return tx.preparedQuery(HISTORY)
        .execute(Tuple.of(patientId, utc(from), utc(to), utc(continuousFrom), CATALOGUE_CODES))
        .map(
            rs -> {
              List<Observation> out = new ArrayList<>();
              for (Row r : rs) {
                MeasurementType.byCode(r.getString("code"))
                    .ifPresent(type -> out.add(observation(r, type)));
              }
              return out;
            });
  }

  static Observation observation(Row r, MeasurementType type) {
    JsonObject context = json(r.getValue("context"));
    JsonObject detail = json(r.getValue("detail"));
    Set<String> flags = new HashSet<>();
    String[] f = r.getArrayOfStrings("flags");
    if (f != null) flags.addAll(List.of(f));
    SpirometryGrade grade = null;
    if (detail != null && detail.getValue("grade") instanceof String g) {
      try {
        grade = SpirometryGrade.valueOf(g);
      } catch (IllegalArgumentException ignored) {
        flags.add(dk.telemonitoring.hub.reading.Reading.FLAG_POOR_QUALITY);
      }
    }
    Boolean oxygen = context != null && context.getValue("oxygen") instanceof Boolean b ? b : null;
    Boolean rest = context != null && context.getValue("rest") instanceof Boolean b ? b : null;
    return new Observation(
        type,
        r.getDouble("value"),
        instant(r, "measured_at"),
        oxygen,
        rest,
        grade,
        flags,
        r.getString("device_id") + "/" + r.getString("msg_id"));
  }

  static JsonObject json(Object v) {
    if (v instanceof JsonObject o) return o;
    if (v instanceof String s && !s.isBlank()) return new JsonObject(s);
    return null;
  }

  static Future<Void> saveRuleStates(SqlConnection tx, UUID patientId, List<RuleState> states) {
    return saveRuleStates(tx, ruleStateTuples(patientId, states));
  }

  /**
   * Rule states of any number of patients in one statement over arrays: a batched statement (one
   * execution per row) cost the database a third of a drain's time. A state written twice keeps the
   * later one, as two statements in a row would.
   */
  static Future<Void> saveRuleStates(SqlConnection tx, List<Tuple> batch) {
    if (batch.isEmpty()) {
      return Future.succeededFuture();
    }
    Map<String, Tuple> latest = new LinkedHashMap<>();
    for (Tuple t : batch) {
      String key = t.getUUID(0) + "/" + t.getString(1);
      latest.remove(key);
      latest.put(key, t);
    }
    List<Tuple> rows = List.copyOf(latest.values());
    return tx.preparedQuery(
            """
        INSERT INTO triage_rule_state (patient_id, rule_id, level, lower_streak, lower_level, opened_at, last_at,
          raise_streak, raise_level)
        SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::int[], $5::text[], $6::timestamptz[],
          $7::timestamptz[], $8::int[], $9::text[])
        ON CONFLICT (patient_id, rule_id) DO UPDATE SET level = EXCLUDED.level, lower_streak = EXCLUDED.lower_streak,
          lower_level = EXCLUDED.lower_level, opened_at = EXCLUDED.opened_at, last_at = EXCLUDED.last_at,
          raise_streak = EXCLUDED.raise_streak, raise_level = EXCLUDED.raise_level, updated_at = clock_timestamp()""")
        .execute(
            Tuple.tuple()
                .addValue(Columns.of(rows, 0, UUID[]::new))
                .addValue(Columns.of(rows, 1, String[]::new))
                .addValue(Columns.of(rows, 2, String[]::new))
                .addValue(Columns.of(rows, 3, Integer[]::new))
                .addValue(Columns.of(rows, 4, String[]::new))
                .addValue(Columns.of(rows, 5, OffsetDateTime[]::new))
                .addValue(Columns.of(rows, 6, OffsetDateTime[]::new))
                .addValue(Columns.of(rows, 7, Integer[]::new))
                .addValue(Columns.of(rows, 8, String[]::new)))
        .mapEmpty();
  }

  static List<Tuple> ruleStateTuples(UUID patientId, List<RuleState> states) {
    return states.stream()
        .map(
            s ->
                Tuple.of(
                    patientId,
                    s.ruleId(),
                    s.level().name(),
                    s.lowerStreak(),
                    s.lowerLevel().name(),
                    utc(s.openedAt()),
                    utc(s.lastAt()),
                    s.raiseStreak(),
                    s.raiseLevel().name()))
        .toList();
  }

  static Future<Void> openEpisode(
      SqlConnection tx, UUID patientId, String ruleId, Instant at, Level level) {
    return tx.preparedQuery(
            """
        INSERT INTO triage_episodes (patient_id, rule_id, opened_at, max_level) VALUES ($1, $2, $3, $4)
        ON CONFLICT (patient_id, rule_id) WHERE closed_at IS NULL
        DO UPDATE SET max_level = CASE WHEN array_position(ARRAY['GREEN','YELLOW','RED','CRITICAL'], triage_episodes.max_level)
                                            < array_position(ARRAY['GREEN','YELLOW','RED','CRITICAL'], EXCLUDED.max_level)
                                       THEN EXCLUDED.max_level ELSE triage_episodes.max_level END""")
        .execute(Tuple.of(patientId, ruleId, utc(at), level.name()))
        .mapEmpty();
  }

  static Future<Void> closeEpisode(SqlConnection tx, UUID patientId, String ruleId, Instant at) {
    return tx.preparedQuery(
            "UPDATE triage_episodes SET closed_at = GREATEST($3, opened_at + interval '1 second') WHERE patient_id = $1 AND rule_id = $2 AND closed_at IS NULL")
        .execute(Tuple.of(patientId, ruleId, utc(at)))
        .mapEmpty();
  }

  static OffsetDateTime now() {
    return OffsetDateTime.now(ZoneOffset.UTC);
  }
}

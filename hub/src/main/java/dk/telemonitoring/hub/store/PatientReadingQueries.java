package dk.telemonitoring.hub.store;

import dk.telemonitoring.hub.reading.MeasurementType;
import dk.telemonitoring.hub.triage.News2;
import dk.telemonitoring.hub.triage.ObservationSet;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * A patient's readings as the patient page and the charts read them, in the API's JSON shape: the
 * latest value of each code, raw readings of a range with their triage findings, one point per code
 * and bucket for a long range, and the personal baseline band per code.
 */
public final class PatientReadingQueries {

  /** The codes NEWS2 scores: only these of a NEWS2 finding's inputs are named as scored with. */
  private static final String[] NEWS2_CODES =
      Arrays.stream(MeasurementType.values())
          .filter(t -> News2.parameterOf(t).isPresent())
          .map(MeasurementType::code)
          .toArray(String[]::new);

  private final Pool pool;
  private final Supplier<StorageMode> storageMode;

  public PatientReadingQueries(Pool pool, Supplier<StorageMode> storageMode) {
    this.pool = pool;
    this.storageMode = storageMode;
  }

  /** The latest value of each measurement code in the last 30 days. */
  public Future<JsonObject> latest(UUID patientId) {
    return pool.preparedQuery(
            """
            SELECT DISTINCT ON (code) code, value, unit, measured_at, flags FROM readings
            WHERE patient_id = $1 AND measured_at > now() - interval '30 days' AND measured_at < now() + interval '1 hour'
            ORDER BY code, measured_at DESC""")
        .execute(Tuple.of(patientId))
        .map(
            rs -> {
              JsonObject out = new JsonObject();
              for (Row r : rs) {
                out.put(
                    r.getString(0),
                    new JsonObject()
                        .put("value", r.getDouble(1))
                        .put("unit", r.getString(2))
                        .put("measuredAt", text(r.getOffsetDateTime(3)))
                        .put("flags", strings(r, 4)));
              }
              return out;
            });
  }

  /**
   * Readings in [from, to), newest first, at most {@code limit}, each with its message's level and
   * findings, and {@code scoredWith}: the values of other messages that the message's NEWS2 score
   * took into its observation set (docs/clinical-reference.md#news2), found from the rule's stored
   * inputs, so a screen can say that a temperature sent on its own is RED by the SpO2 measured two
   * minutes earlier, not by itself.
   */
  public Future<JsonObject> raw(
      UUID patientId, String[] codes, Instant from, Instant to, int limit) {
    return pool.preparedQuery(
            """
            SELECT r.measured_at, r.code, r.value, r.unit, r.device_id, r.msg_id, r.flags, r.received_at,
                   (SELECT json_agg(json_build_object('rule', t.rule_id, 'level', t.level, 'en', t.explanation_en,
                                    'da', t.explanation_da, 'decisive', t.decisive) ORDER BY t.decisive DESC, t.rule_id)
                    FROM triage_findings t WHERE t.device_id = r.device_id AND t.msg_id = r.msg_id AND t.level <> 'GREEN'),
                   (SELECT t.message_level FROM triage_results t WHERE t.device_id = r.device_id AND t.msg_id = r.msg_id LIMIT 1),
                   (SELECT json_agg(json_build_object('code', o.code, 'value', o.value, 'measuredAt', o.measured_at)
                                    ORDER BY o.measured_at DESC, o.code)
                    FROM triage_findings t CROSS JOIN LATERAL jsonb_each(t.inputs) i
                    CROSS JOIN LATERAL (SELECT s.code, s.value, s.measured_at FROM readings s
                      WHERE s.patient_id = r.patient_id AND s.code = i.key
                        AND s.value = CASE WHEN jsonb_typeof(i.value) = 'number' THEN (i.value #>> '{}')::float8 END
                        AND s.measured_at <= t.measured_at AND s.measured_at >= t.measured_at - make_interval(secs => $6)
                        AND NOT (s.device_id = t.device_id AND s.msg_id = t.msg_id)
                      ORDER BY s.measured_at DESC LIMIT 1) o
                    WHERE t.device_id = r.device_id AND t.msg_id = r.msg_id AND t.rule_id = 'news2.aggregate'
                      AND i.key = ANY($7)
                      AND NOT EXISTS (SELECT 1 FROM readings m WHERE m.device_id = r.device_id
                        AND m.msg_id = r.msg_id AND m.code = i.key AND m.measured_at = r.measured_at))
            FROM readings r
            WHERE r.patient_id = $1 AND (cardinality($2::text[]) = 0 OR r.code = ANY($2))
              AND r.measured_at >= $3 AND r.measured_at < $4
            ORDER BY r.measured_at DESC, r.code LIMIT $5""")
        .execute(
            Tuple.of(
                patientId,
                codes,
                from.atOffset(ZoneOffset.UTC),
                to.atOffset(ZoneOffset.UTC),
                limit,
                (double) ObservationSet.DEFAULT_WINDOW.toSeconds(),
                NEWS2_CODES))
        .map(
            rs -> {
              JsonArray out = new JsonArray();
              for (Row r : rs) {
                Object findings = r.getValue(8);
                Object scoredWith = r.getValue(10);
                out.add(
                    new JsonObject()
                        .put("measuredAt", text(r.getOffsetDateTime(0)))
                        .put("code", r.getString(1))
                        .put("value", r.getDouble(2))
                        .put("unit", r.getString(3))
                        .put("deviceId", r.getString(4))
                        .put("msgId", r.getString(5))
                        .put("flags", strings(r, 6))
                        .put("receivedAt", text(r.getOffsetDateTime(7)))
                        .put("level", r.getString(9))
                        .put("findings", findings instanceof JsonArray a ? a : new JsonArray())
                        .put("scoredWith", instants(scoredWith)));
              }
              return new JsonObject()
                  .put("downsampled", false)
                  .put("readings", out)
                  .put("truncated", out.size() >= limit);
            });
  }

  /**
   * One point per code and bucket (mean, min, max, count): {@code time_bucket} on TimescaleDB,
   * {@code date_bin} (its PostgreSQL 14+ equivalent) otherwise.
   */
  public Future<JsonObject> downsampled(
      UUID patientId, String[] codes, Instant from, Instant to, Duration bucket) {
    boolean timescale = storageMode.get() == StorageMode.TIMESCALEDB;
    String bucketExpr =
        timescale
            ? "time_bucket(make_interval(secs => $5), r.measured_at)"
            : "date_bin(make_interval(secs => $5), r.measured_at, TIMESTAMPTZ '2000-01-03 00:00:00+00')";
    return pool.preparedQuery(
            """
            SELECT %s AS bucket, r.code, avg(r.value), min(r.value), max(r.value), count(*), min(r.unit),
                   bool_or(cardinality(r.flags) > 0)
            FROM readings r
            WHERE r.patient_id = $1 AND (cardinality($2::text[]) = 0 OR r.code = ANY($2))
              AND r.measured_at >= $3 AND r.measured_at < $4
            GROUP BY bucket, r.code ORDER BY r.code, bucket"""
                .formatted(bucketExpr))
        .execute(
            Tuple.of(
                patientId,
                codes,
                from.atOffset(ZoneOffset.UTC),
                to.atOffset(ZoneOffset.UTC),
                (double) bucket.toSeconds()))
        .map(
            rs -> {
              Map<String, JsonObject> series = new LinkedHashMap<>();
              for (Row r : rs) {
                JsonObject s =
                    series.computeIfAbsent(
                        r.getString(1),
                        c ->
                            new JsonObject()
                                .put("code", c)
                                .put("unit", r.getString(6))
                                .put("points", new JsonArray()));
                s.getJsonArray("points")
                    .add(
                        new JsonObject()
                            .put("t", text(r.getOffsetDateTime(0)))
                            .put("mean", r.getDouble(2))
                            .put("min", r.getDouble(3))
                            .put("max", r.getDouble(4))
                            .put("n", r.getLong(5))
                            .put("flagged", r.getBoolean(7)));
              }
              return new JsonObject()
                  .put("downsampled", true)
                  .put("bucket", bucket.toString())
                  .put("function", timescale ? "time_bucket" : "date_bin")
                  .put("series", new JsonArray(new ArrayList<>(series.values())));
            });
  }

  /**
   * The personal baseline band per code: median and MAD of the spot checks of the 28 days before
   * {@code to}, leaving out alert episodes and the 14 days after them
   * (docs/clinical-reference.md#baselines); null where fewer than 5 readings.
   */
  public Future<JsonObject> baselines(UUID patientId, String[] codes, Instant to) {
    return pool.preparedQuery(
            """
            WITH stable AS (
              SELECT r.code, r.value FROM readings r
              WHERE r.patient_id = $1 AND (cardinality($2::text[]) = 0 OR r.code = ANY($2))
                AND r.measured_at >= $3::timestamptz - interval '28 days' AND r.measured_at < $3::timestamptz
                AND NOT (r.flags @> ARRAY['continuous'])
                AND NOT EXISTS (SELECT 1 FROM triage_episodes e WHERE e.patient_id = r.patient_id
                  AND r.measured_at >= e.opened_at AND r.measured_at < coalesce(e.closed_at, 'infinity') + interval '14 days')
            ), med AS (
              SELECT code, percentile_cont(0.5) WITHIN GROUP (ORDER BY value) AS median, count(*) AS n FROM stable GROUP BY code
            )
            SELECT m.code, m.median, percentile_cont(0.5) WITHIN GROUP (ORDER BY abs(s.value - m.median)), m.n
            FROM med m JOIN stable s ON s.code = m.code WHERE m.n >= 5 GROUP BY m.code, m.median, m.n""")
        .execute(Tuple.of(patientId, codes, to.atOffset(ZoneOffset.UTC)))
        .map(
            rs -> {
              JsonObject out = new JsonObject();
              for (Row r : rs) {
                out.put(
                    r.getString(0),
                    new JsonObject()
                        .put("median", r.getDouble(1))
                        .put("mad", r.getDouble(2))
                        .put("n", r.getLong(3)));
              }
              return out;
            });
  }

  /**
   * The values a NEWS2 score took, their times written as every other time here (the SQL's JSON has
   * offsets).
   */
  private static JsonArray instants(Object values) {
    JsonArray out = new JsonArray();
    if (values instanceof JsonArray a) {
      for (Object o : a) {
        JsonObject v = ((JsonObject) o).copy();
        out.add(v.put("measuredAt", text(OffsetDateTime.parse(v.getString("measuredAt")))));
      }
    }
    return out;
  }

  private static String text(OffsetDateTime t) {
    return t == null ? null : t.toInstant().toString();
  }

  private static JsonArray strings(Row r, int col) {
    String[] a = r.getArrayOfStrings(col);
    return a == null ? new JsonArray() : new JsonArray(Arrays.asList((Object[]) a));
  }
}

package dk.telemonitoring.hub.api;

import dk.telemonitoring.hub.store.StorageMode;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * A patient's readings over a time range (downsampled when the range is long) with the personal
 * baseline band per code, and the latest value of each code.
 */
final class PatientReadings {

  /** Ranges longer than this are downsampled unless the caller asks for raw readings. */
  static final Duration RAW_UP_TO = Duration.ofDays(3);

  /** About this many points per series when downsampling. */
  static final int TARGET_POINTS = 300;

  private static final List<Duration> BUCKETS =
      List.of(
          Duration.ofMinutes(5),
          Duration.ofMinutes(15),
          Duration.ofHours(1),
          Duration.ofHours(3),
          Duration.ofHours(6),
          Duration.ofHours(12),
          Duration.ofDays(1),
          Duration.ofDays(7));

  private final Pool pool;
  private final Supplier<StorageMode> storageMode;

  PatientReadings(Pool pool, Supplier<StorageMode> storageMode) {
    this.pool = pool;
    this.storageMode = storageMode;
  }

  /** The latest value of each measurement code in the last 30 days. */
  Future<JsonObject> latest(UUID patientId) {
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
                        .put("measuredAt", Json.text(r.getOffsetDateTime(3)))
                        .put("flags", Json.strings(r, 4)));
              }
              return out;
            });
  }

  record Query(List<String> codes, Instant from, Instant to, String bucket, int limit) {
    static Query of(RoutingContext ctx) {
      Instant to = Json.instant(ctx, "to", Instant.now().plusSeconds(3600));
      Instant from = Json.instant(ctx, "from", to.minus(Duration.ofDays(7)));
      if (!from.isBefore(to)) {
        throw ApiError.badRequest("'from' must be before 'to'");
      }
      if (Duration.between(from, to).compareTo(Duration.ofDays(3 * 366)) > 0) {
        throw ApiError.badRequest("the range may be at most three years");
      }
      String code = Json.param(ctx, "code");
      List<String> codes =
          code == null
              ? List.of()
              : Arrays.stream(code.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
      for (String c : codes) {
        if (!c.matches("[a-z0-9_]{1,32}")) {
          throw ApiError.badRequest("unknown measurement code '" + c + "'");
        }
      }
      String bucket = Json.param(ctx, "bucket");
      return new Query(
          codes,
          from,
          to,
          bucket == null ? "auto" : bucket,
          Json.intParam(ctx, "limit", 2000, 1, 20_000));
    }
  }

  Future<JsonObject> inRange(PatientRef ref, Query q) {
    Duration range = Duration.between(q.from(), q.to());
    Duration bucket =
        switch (q.bucket()) {
          case "none", "raw" -> null;
          case "auto" -> range.compareTo(RAW_UP_TO) > 0 ? chooseBucket(range) : null;
          default -> {
            try {
              Duration d = Duration.parse(q.bucket());
              if (d.compareTo(Duration.ofMinutes(1)) < 0) {
                throw ApiError.badRequest("'bucket' must be at least PT1M");
              }
              yield d;
            } catch (java.time.format.DateTimeParseException e) {
              throw ApiError.badRequest(
                  "'bucket' must be auto, none or an ISO-8601 duration such as PT1H");
            }
          }
        };
    String[] codes = q.codes().toArray(String[]::new);
    Future<JsonObject> baselines = baselines(ref.id(), codes, q.to());
    Future<JsonObject> data =
        bucket == null ? raw(ref.id(), codes, q) : downsampled(ref.id(), codes, q, bucket);
    return Future.all(baselines, data)
        .map(
            x ->
                data.result()
                    .put("baselines", baselines.result())
                    .put("patientId", ref.id().toString())
                    .put("from", q.from().toString())
                    .put("to", q.to().toString()));
  }

  static Duration chooseBucket(Duration range) {
    Duration ideal = range.dividedBy(TARGET_POINTS);
    for (Duration b : BUCKETS) {
      if (b.compareTo(ideal) >= 0) {
        return b;
      }
    }
    return BUCKETS.get(BUCKETS.size() - 1);
  }

  private Future<JsonObject> raw(UUID patientId, String[] codes, Query q) {
    return pool.preparedQuery(
            """
            SELECT r.measured_at, r.code, r.value, r.unit, r.device_id, r.msg_id, r.flags, r.received_at,
                   (SELECT json_agg(json_build_object('rule', t.rule_id, 'level', t.level, 'en', t.explanation_en,
                                    'da', t.explanation_da, 'decisive', t.decisive) ORDER BY t.decisive DESC, t.rule_id)
                    FROM triage_results t WHERE t.device_id = r.device_id AND t.msg_id = r.msg_id AND t.level <> 'GREEN'),
                   (SELECT t.message_level FROM triage_results t WHERE t.device_id = r.device_id AND t.msg_id = r.msg_id LIMIT 1)
            FROM readings r
            WHERE r.patient_id = $1 AND (cardinality($2::text[]) = 0 OR r.code = ANY($2))
              AND r.measured_at >= $3 AND r.measured_at < $4
            ORDER BY r.measured_at DESC, r.code LIMIT $5""")
        .execute(
            Tuple.of(
                patientId,
                codes,
                q.from().atOffset(ZoneOffset.UTC),
                q.to().atOffset(ZoneOffset.UTC),
                q.limit()))
        .map(
            rs -> {
              JsonArray out = new JsonArray();
              for (Row r : rs) {
                Object findings = r.getValue(8);
                out.add(
                    new JsonObject()
                        .put("measuredAt", Json.text(r.getOffsetDateTime(0)))
                        .put("code", r.getString(1))
                        .put("value", r.getDouble(2))
                        .put("unit", r.getString(3))
                        .put("deviceId", r.getString(4))
                        .put("msgId", r.getString(5))
                        .put("flags", Json.strings(r, 6))
                        .put("receivedAt", Json.text(r.getOffsetDateTime(7)))
                        .put("level", r.getString(9))
                        .put("findings", findings instanceof JsonArray a ? a : new JsonArray()));
              }
              return new JsonObject()
                  .put("downsampled", false)
                  .put("readings", out)
                  .put("truncated", out.size() >= q.limit());
            });
  }

  /**
   * One point per code and bucket (mean, min, max, count): {@code time_bucket} on TimescaleDB,
   * {@code date_bin} (its PostgreSQL 14+ equivalent) otherwise.
   */
  private Future<JsonObject> downsampled(UUID patientId, String[] codes, Query q, Duration bucket) {
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
                q.from().atOffset(ZoneOffset.UTC),
                q.to().atOffset(ZoneOffset.UTC),
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
                            .put("t", Json.text(r.getOffsetDateTime(0)))
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
  private Future<JsonObject> baselines(UUID patientId, String[] codes, Instant to) {
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
}

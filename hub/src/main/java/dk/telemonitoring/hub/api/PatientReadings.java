package dk.telemonitoring.hub.api;

import dk.telemonitoring.hub.store.PatientReadingQueries;
import dk.telemonitoring.hub.store.StorageMode;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
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

  private final PatientReadingQueries queries;

  PatientReadings(Pool pool, Supplier<StorageMode> storageMode) {
    this.queries = new PatientReadingQueries(pool, storageMode);
  }

  /** The latest value of each measurement code in the last 30 days. */
  Future<JsonObject> latest(UUID patientId) {
    return queries.latest(patientId);
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
    Future<JsonObject> baselines = queries.baselines(ref.id(), codes, q.to());
    Future<JsonObject> data =
        bucket == null
            ? queries.raw(ref.id(), codes, q.from(), q.to(), q.limit())
            : queries.downsampled(ref.id(), codes, q.from(), q.to(), bucket);
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
}

package dk.telemonitoring.hub.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Read side of readings and quarantine, for the API. */
public final class ReadingQueries {

  private final Pool pool;

  public ReadingQueries(Pool pool) {
    this.pool = pool;
  }

  public Future<JsonArray> readings(
      UUID patientId, String code, Instant from, Instant to, int limit) {
    return pool.preparedQuery(
            """
            SELECT measured_at, code, value, unit, device_id, msg_id, received_at, stored_at, flags
            FROM readings
            WHERE patient_id = $1 AND ($2::text IS NULL OR code = $2) AND measured_at >= $3 AND measured_at < $4
            ORDER BY measured_at DESC, code LIMIT $5""")
        .execute(
            Tuple.of(
                patientId, code, from.atOffset(ZoneOffset.UTC), to.atOffset(ZoneOffset.UTC), limit))
        .map(
            rows -> {
              JsonArray out = new JsonArray();
              for (Row r : rows) {
                out.add(
                    new JsonObject()
                        .put("measuredAt", RegistryStore.text(r.getOffsetDateTime(0)))
                        .put("code", r.getString(1))
                        .put("value", r.getDouble(2))
                        .put("unit", r.getString(3))
                        .put("deviceId", r.getString(4))
                        .put("msgId", r.getString(5))
                        .put("receivedAt", RegistryStore.text(r.getOffsetDateTime(6)))
                        .put("storedAt", RegistryStore.text(r.getOffsetDateTime(7)))
                        .put(
                            "flags",
                            new JsonArray(
                                java.util.Arrays.asList((Object[]) r.getArrayOfStrings(8)))));
              }
              return out;
            });
  }

  /**
   * Buckets a sparkline's window is cut into when it holds more readings than {@link
   * #SPARKLINE_POINTS}.
   */
  static final int SPARKLINE_BUCKETS = 50;

  /**
   * Readings a sparkline shows as they are; above this, each bucket's lowest and highest (and the
   * latest).
   */
  public static final int SPARKLINE_POINTS = 100;

  /**
   * For each patient, the spot checks of one measurement between {@code from} and {@code to},
   * oldest first, with the patient's limits for it: one query for the whole board. Above {@link
   * #SPARKLINE_POINTS} readings a patient's line keeps each bucket's lowest and highest reading and
   * the latest one, so no extreme value drops out of sight. The limit lines are the innermost the
   * patient has (YELLOW, else RED, else CRITICAL): where alerting starts. Samples of continuous
   * recordings stay out (the same predicate as the spot-check index).
   *
   * @return per patient with readings: {code, unit, points: [{t, v}], low, high}
   */
  public Future<Map<UUID, JsonObject>> sparklines(
      Map<UUID, String> codeByPatient, Instant from, Instant to) {
    if (codeByPatient.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    UUID[] ids = codeByPatient.keySet().toArray(UUID[]::new);
    String[] codes = new String[ids.length];
    for (int i = 0; i < ids.length; i++) {
      codes[i] = codeByPatient.get(ids[i]);
    }
    return pool.preparedQuery(
            """
            WITH r AS (
              SELECT r.patient_id, r.code, r.measured_at, r.value, r.unit,
                     count(*) OVER (PARTITION BY r.patient_id) AS n,
                     width_bucket(extract(epoch FROM r.measured_at), extract(epoch FROM $3::timestamptz),
                                  extract(epoch FROM $4::timestamptz), $5) AS bucket
              FROM unnest($1::uuid[], $2::text[]) AS w(patient_id, code)
              JOIN readings r ON r.patient_id = w.patient_id AND r.code = w.code
              WHERE r.measured_at >= $3 AND r.measured_at < $4 AND NOT (r.flags @> ARRAY['continuous'])),
            ranked AS (
              SELECT *, row_number() OVER (PARTITION BY patient_id, bucket ORDER BY value, measured_at) AS lowest,
                        row_number() OVER (PARTITION BY patient_id, bucket ORDER BY value DESC, measured_at) AS highest,
                        row_number() OVER (PARTITION BY patient_id ORDER BY measured_at DESC) AS newest
              FROM r)
            SELECT k.patient_id, k.code, k.measured_at, k.value, k.unit,
                   coalesce(l.yellow_low, l.red_low, l.critical_low), coalesce(l.yellow_high, l.red_high, l.critical_high)
            FROM ranked k LEFT JOIN patient_limits l ON l.patient_id = k.patient_id AND l.code = k.code
            WHERE k.n <= $6 OR k.lowest = 1 OR k.highest = 1 OR k.newest = 1
            ORDER BY k.patient_id, k.measured_at, k.value""")
        .execute(
            Tuple.of(
                ids,
                codes,
                from.atOffset(ZoneOffset.UTC),
                to.atOffset(ZoneOffset.UTC),
                SPARKLINE_BUCKETS,
                SPARKLINE_POINTS))
        .map(
            rows -> {
              Map<UUID, JsonObject> out = new HashMap<>();
              for (Row r : rows) {
                out.computeIfAbsent(
                        r.getUUID(0),
                        k ->
                            new JsonObject()
                                .put("code", r.getString(1))
                                .put("unit", r.getString(4))
                                .put("points", new JsonArray())
                                .put("low", r.getDouble(5))
                                .put("high", r.getDouble(6)))
                    .getJsonArray("points")
                    .add(
                        new JsonObject()
                            .put("t", RegistryStore.text(r.getOffsetDateTime(2)))
                            .put("v", r.getDouble(3)));
              }
              return out;
            });
  }

  /** Buckets a chart's window is cut into when a measurement has more readings than fit. */
  public static final int CHART_BUCKETS = 200;

  /** Readings a chart shows as they are; above this, each bucket's lowest and highest. */
  public static final int CHART_POINTS = 500;

  /**
   * One patient's readings of {@code codes} between {@code from} and {@code to}, oldest first, per
   * code: every reading while they fit ({@link #CHART_POINTS}), otherwise the lowest and the
   * highest reading of each of {@link #CHART_BUCKETS} buckets and the latest, so no extreme value
   * (a CRITICAL SpO2) drops out of sight. Samples of continuous recordings count like spot checks:
   * the chart is where they are seen.
   *
   * @return per code with readings: {unit, points: [{t, v}], readings (how many in the window),
   *     downsampled, bucketSeconds (when downsampled)}
   */
  public Future<Map<String, JsonObject>> chartPoints(
      UUID patientId, List<String> codes, Instant from, Instant to) {
    return pool.preparedQuery(
            """
            WITH r AS (
              SELECT r.code, r.measured_at, r.value, r.unit, count(*) OVER (PARTITION BY r.code) AS n,
                     width_bucket(extract(epoch FROM r.measured_at), extract(epoch FROM $3::timestamptz),
                                  extract(epoch FROM $4::timestamptz), $5) AS bucket
              FROM readings r
              WHERE r.patient_id = $1 AND r.code = ANY($2) AND r.measured_at >= $3 AND r.measured_at < $4),
            ranked AS (
              SELECT *, row_number() OVER (PARTITION BY code, bucket ORDER BY value, measured_at) AS lowest,
                        row_number() OVER (PARTITION BY code, bucket ORDER BY value DESC, measured_at) AS highest,
                        row_number() OVER (PARTITION BY code ORDER BY measured_at DESC) AS newest
              FROM r)
            SELECT code, measured_at, value, unit, n FROM ranked
            WHERE n <= $6 OR lowest = 1 OR highest = 1 OR newest = 1
            ORDER BY code, measured_at, value""")
        .execute(
            Tuple.of(
                patientId,
                codes.toArray(String[]::new),
                from.atOffset(ZoneOffset.UTC),
                to.atOffset(ZoneOffset.UTC),
                CHART_BUCKETS,
                CHART_POINTS))
        .map(
            rows -> {
              long bucketSeconds =
                  Math.max(1, (to.getEpochSecond() - from.getEpochSecond()) / CHART_BUCKETS);
              Map<String, JsonObject> out = new HashMap<>();
              for (Row r : rows) {
                long n = r.getLong(4);
                out.computeIfAbsent(
                        r.getString(0),
                        k ->
                            new JsonObject()
                                .put("unit", r.getString(3))
                                .put("points", new JsonArray())
                                .put("readings", n)
                                .put("downsampled", n > CHART_POINTS)
                                .put("bucketSeconds", n > CHART_POINTS ? bucketSeconds : null))
                    .getJsonArray("points")
                    .add(
                        new JsonObject()
                            .put("t", RegistryStore.text(r.getOffsetDateTime(1)))
                            .put("v", r.getDouble(2)));
              }
              return out;
            });
  }

  public Future<JsonArray> quarantine(int limit) {
    return pool.preparedQuery(
            """
            SELECT id, received_at, topic, device_id, clinic_id, reason_code, reason, length(payload)
            FROM quarantine ORDER BY id DESC LIMIT $1""")
        .execute(Tuple.of(limit))
        .map(
            rows -> {
              JsonArray out = new JsonArray();
              for (Row r : rows) {
                out.add(
                    new JsonObject()
                        .put("id", r.getLong(0))
                        .put("receivedAt", RegistryStore.text(r.getOffsetDateTime(1)))
                        .put("topic", r.getString(2))
                        .put("deviceId", r.getString(3))
                        .put("clinicId", r.getString(4))
                        .put("reasonCode", r.getString(5))
                        .put("reason", r.getString(6))
                        .put("payloadBytes", r.getInteger(7)));
              }
              return out;
            });
  }

  /**
   * Quarantined messages that concern the given clinics: those whose topic names one of them, and
   * those from a device registered to one of them (a device sending under another clinic's topic
   * shows in both). Newest first; the payload itself is not returned, only its size. Each names the
   * patient the device was lent to when the message came, if the device is one of these clinics': a
   * rejected reading is a reading that patient's nurses never saw.
   */
  public Future<JsonArray> quarantineOf(List<String> clinics, int limit) {
    return pool.preparedQuery(
            """
            SELECT q.id, q.received_at, q.topic, q.device_id, q.clinic_id, q.reason_code, q.reason,
                   length(q.payload), d.clinic_id, d.kind, lent.id, lent.display_name
            FROM quarantine q LEFT JOIN devices d ON d.id = q.device_id
            LEFT JOIN LATERAL (
              SELECT p.id, p.display_name FROM device_bindings b JOIN patients p ON p.id = b.patient_id
              WHERE b.device_id = q.device_id AND d.clinic_id = ANY($1) AND b.bound_at <= q.received_at
                AND (b.unbound_at IS NULL OR b.unbound_at > q.received_at)
              ORDER BY b.bound_at DESC LIMIT 1) lent ON true
            WHERE q.clinic_id = ANY($1) OR d.clinic_id = ANY($1)
            ORDER BY q.id DESC LIMIT $2""")
        .execute(Tuple.of(clinics.toArray(String[]::new), limit))
        .map(
            rows -> {
              JsonArray out = new JsonArray();
              for (Row r : rows) {
                out.add(
                    new JsonObject()
                        .put("id", r.getLong(0))
                        .put("receivedAt", RegistryStore.text(r.getOffsetDateTime(1)))
                        .put("deviceId", r.getString(3))
                        .put("clinicId", r.getString(4))
                        .put("reasonCode", r.getString(5))
                        .put("reason", r.getString(6))
                        .put("payloadBytes", r.getInteger(7))
                        .put("deviceClinicId", r.getString(8))
                        .put("deviceKind", r.getString(9))
                        .put("patientId", r.getUUID(10))
                        .put("patientName", r.getString(11)));
              }
              return out;
            });
  }

  /** The latest value of each code per patient in the last 30 days, for a list of patients. */
  public Future<Map<UUID, JsonObject>> latestOf(List<UUID> patients) {
    return pool.preparedQuery(
            """
            SELECT DISTINCT ON (patient_id, code) patient_id, code, value, unit, measured_at FROM readings
            WHERE patient_id = ANY($1) AND measured_at > now() - interval '30 days'
              AND measured_at < now() + interval '1 hour'
            ORDER BY patient_id, code, measured_at DESC""")
        .execute(Tuple.of(patients.toArray(UUID[]::new)))
        .map(
            rows -> {
              Map<UUID, JsonObject> out = new HashMap<>();
              for (Row r : rows) {
                out.computeIfAbsent(r.getUUID(0), k -> new JsonObject())
                    .put(
                        r.getString(1),
                        new JsonObject()
                            .put("value", r.getDouble(2))
                            .put("unit", r.getString(3))
                            .put("measuredAt", RegistryStore.text(r.getOffsetDateTime(4))));
              }
              return out;
            });
  }

  /**
   * Each patient's newest reading of each of {@code codes} in the last 7 days (up to an hour ahead:
   * device clocks), by patient, then code.
   */
  public Future<Map<UUID, JsonObject>> latestOf(Collection<UUID> patients, List<String> codes) {
    if (patients.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    return pool.preparedQuery(
            """
            SELECT DISTINCT ON (patient_id, code) patient_id, code, value, unit, measured_at, flags FROM readings
            WHERE patient_id = ANY($1) AND code = ANY($2) AND measured_at > now() - interval '7 days'
              AND measured_at < now() + interval '1 hour'
            ORDER BY patient_id, code, measured_at DESC""")
        .execute(Tuple.of(patients.toArray(UUID[]::new), (Object) codes.toArray(String[]::new)))
        .map(
            rs -> {
              Map<UUID, JsonObject> out = new HashMap<>();
              for (Row r : rs) {
                String[] flags = r.getArrayOfStrings(5);
                out.computeIfAbsent(r.getUUID(0), k -> new JsonObject())
                    .put(
                        r.getString(1),
                        new JsonObject()
                            .put("value", r.getDouble(2))
                            .put("unit", r.getString(3))
                            .put("measuredAt", IsoTimes.text(r.getOffsetDateTime(4)))
                            .put(
                                "flags",
                                flags == null
                                    ? new JsonArray()
                                    : new JsonArray(java.util.Arrays.asList((Object[]) flags))));
              }
              return out;
            });
  }
}

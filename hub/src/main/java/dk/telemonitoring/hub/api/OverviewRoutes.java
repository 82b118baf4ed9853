package dk.telemonitoring.hub.api;

import dk.telemonitoring.alerts.domain.ClinicFigures;
import dk.telemonitoring.hub.app.Hub;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The clinic overview: patients enrolled, adherence, open alerts by level, today's response times, and the
 * ViosKlinikken figures as far as data exists (acute contacts and bed days per patient-year, care-ladder outcomes)
 * by municipality and by equality factor (no own GP, lives alone, needs help with the tablet).
 */
final class OverviewRoutes {

  private static final ZoneId COPENHAGEN = ZoneId.of("Europe/Copenhagen");

  private final Hub hub;
  private final Pool pool;
  private final Audit audit;

  OverviewRoutes(Hub hub, Audit audit) {
    this.hub = hub;
    this.pool = hub.pool();
    this.audit = audit;
  }

  void mount(Api api) {
    api.get("/api/v1/overview", Role.STAFF, this::overview);
  }

  private Future<JsonObject> overview(RoutingContext ctx, Principal who) {
    String clinic = Access.oneClinic(who, Json.param(ctx, "clinic"));
    int days = Json.intParam(ctx, "days", 90, 1, 3660);
    Instant to = Instant.now();
    Instant from = to.minus(Duration.ofDays(days));
    Instant today = to.atZone(COPENHAGEN).toLocalDate().atStartOfDay(COPENHAGEN).toInstant();
    Future<JsonObject> basics = basics(clinic, from, to);
    Future<JsonObject> open = openByLevel(clinic);
    Future<JsonArray> responses = responseTimes(clinic, today, to);
    Future<List<Row>> perPatient = perPatient(clinic, from, to);
    return audit.record(ctx, who, "overview.read", null, clinic, null)
        .compose(x -> Future.all(basics, open, responses, perPatient))
        .compose(x -> hub.alerts().figures(clinic, from, to, basics.result().getInteger("enrolled"))
            .map(figures -> {
              JsonObject out = basics.result().put("clinicId", clinic).put("from", from.toString()).put("to", to.toString())
                  .put("days", days).put("openAlertsByLevel", open.result()).put("responseTimesToday", responses.result())
                  .put("figures", figures(figures, basics.result().getDouble("patientYears")));
              out.put("byMunicipality", group(perPatient.result(), r -> r.getString(1) == null ? "(not recorded)" : r.getString(1)));
              JsonObject equality = new JsonObject();
              equality.put("noOwnGp", group(perPatient.result(), r -> r.getBoolean(2) ? "yes" : "no"));
              equality.put("livesAlone", group(perPatient.result(), r -> r.getBoolean(3) ? "yes" : "no"));
              equality.put("needsTabletHelp", group(perPatient.result(), r -> r.getBoolean(4) ? "yes" : "no"));
              return out.put("byEquality", equality);
            }));
  }

  /** Enrolled patients, patient-years in the range, and adherence (share of enrolled days with a measurement). */
  private Future<JsonObject> basics(String clinic, Instant from, Instant to) {
    return pool.preparedQuery("""
            WITH p AS (
              SELECT id, greatest(enrolled_at, $2) AS since FROM patients WHERE clinic_id = $1 AND enrolled_at < $3
            ), days AS (
              SELECT count(DISTINCT (r.patient_id, (r.measured_at AT TIME ZONE 'Europe/Copenhagen')::date)) AS n
              FROM readings r WHERE r.clinic_id = $1 AND r.measured_at >= $2 AND r.measured_at < $3
            )
            SELECT (SELECT count(*) FROM p),
                   (SELECT coalesce(sum(extract(epoch FROM ($3 - since))) / 86400.0, 0) FROM p),
                   (SELECT n FROM days),
                   (SELECT count(DISTINCT r.patient_id) FROM readings r WHERE r.clinic_id = $1 AND r.measured_at > now() - interval '24 hours')""")
        .execute(Tuple.of(clinic, from.atOffset(ZoneOffset.UTC), to.atOffset(ZoneOffset.UTC)))
        .map(rs -> {
          Row r = rs.iterator().next();
          long enrolled = r.getLong(0);
          double patientDays = r.getDouble(1);
          long measuredDays = r.getLong(2);
          return new JsonObject().put("enrolled", (int) enrolled).put("patientYears", patientDays / 365.25)
              .put("adherence", patientDays < 1 ? null : Math.min(1.0, measuredDays / Math.ceil(patientDays)))
              .put("measuredLast24h", r.getLong(3));
        });
  }

  private Future<JsonObject> openByLevel(String clinic) {
    return pool.preparedQuery("SELECT level, count(*) FROM alerts WHERE clinic_id = $1 AND state <> 'RESOLVED' GROUP BY level")
        .execute(Tuple.of(clinic))
        .map(rs -> {
          JsonObject out = new JsonObject().put("GREEN", 0L).put("YELLOW", 0L).put("RED", 0L).put("CRITICAL", 0L);
          rs.forEach(r -> out.put(r.getString(0), r.getLong(1)));
          return out;
        });
  }

  /** Alerts opened today (local midnight): how many, median minutes to acknowledge, how many missed the deadline. */
  private Future<JsonArray> responseTimes(String clinic, Instant since, Instant now) {
    return pool.preparedQuery("""
            SELECT level, count(*),
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM acknowledged_at - opened_at))
                     FILTER (WHERE acknowledged_at IS NOT NULL),
                   count(*) FILTER (WHERE coalesce(acknowledged_at, resolved_at, $3) > response_deadline),
                   count(*) FILTER (WHERE acknowledged_at IS NULL AND resolved_at IS NULL)
            FROM alerts WHERE clinic_id = $1 AND opened_at >= $2 GROUP BY level, level_rank ORDER BY level_rank DESC""")
        .execute(Tuple.of(clinic, since.atOffset(ZoneOffset.UTC), now.atOffset(ZoneOffset.UTC)))
        .map(rs -> {
          JsonArray out = new JsonArray();
          for (Row r : rs) {
            Double median = r.getDouble(2);
            out.add(new JsonObject().put("level", r.getString(0)).put("alerts", r.getLong(1))
                .put("medianMinutesToAcknowledge", median == null ? null : Math.round(median / 6.0) / 10.0)
                .put("pastDeadline", r.getLong(3)).put("waiting", r.getLong(4)));
          }
          return out;
        });
  }

  private static JsonObject figures(ClinicFigures f, double patientYears) {
    JsonObject outcomes = new JsonObject();
    f.outcomes().forEach((k, v) -> outcomes.put(k.name(), v));
    JsonArray responses = new JsonArray();
    f.responseTimes().forEach(t -> responses.add(new JsonObject().put("level", t.level().name()).put("alerts", t.alerts())
        .put("medianMinutesToAcknowledge", t.medianToAcknowledge() == null ? null : t.medianToAcknowledge().toSeconds() / 60.0)
        .put("medianMinutesToResolve", t.medianToResolve() == null ? null : t.medianToResolve().toSeconds() / 60.0)));
    return new JsonObject().put("acuteContacts", f.acuteContacts()).put("bedDays", f.bedDays())
        .put("acuteContactsPerPatientYear", patientYears <= 0 ? null : f.acuteContacts() / patientYears)
        .put("bedDaysPerPatientYear", patientYears <= 0 ? null : f.bedDays() / patientYears)
        .put("outcomes", outcomes).put("escalationsToDoctors", f.escalationsToDoctors())
        .put("noActionNeededShare", Double.isNaN(f.noActionNeededShare()) ? null : f.noActionNeededShare())
        .put("alertsPerPatientWeek", new JsonObject(new LinkedHashMap<>(f.alertsPerPatientWeek())))
        .put("responseTimes", responses);
  }

  /** Per patient: municipality, the three equality factors, patient-days, alerts, acute contacts, bed days. */
  private Future<List<Row>> perPatient(String clinic, Instant from, Instant to) {
    return pool.preparedQuery("""
            SELECT p.id, c.municipality, coalesce(c.no_own_gp, false), coalesce(c.lives_alone, false),
                   coalesce(c.needs_tablet_help, false),
                   extract(epoch FROM ($3 - greatest(p.enrolled_at, $2))) / 86400.0,
                   (SELECT count(*) FROM alerts a WHERE a.patient_id = p.id AND a.opened_at >= $2 AND a.opened_at < $3),
                   (SELECT count(*) FROM alerts a WHERE a.patient_id = p.id AND a.resolved_at >= $2 AND a.resolved_at < $3
                      AND a.outcome IN ('ACUTE_HOME_VISIT', 'MUNICIPAL_ACUTE_BED', 'HOSPITAL_ADMISSION')),
                   (SELECT coalesce(sum(coalesce(a.discharged_on, ($3 AT TIME ZONE 'Europe/Copenhagen')::date)
                                        - (a.resolved_at AT TIME ZONE 'Europe/Copenhagen')::date), 0)
                      FROM alerts a WHERE a.patient_id = p.id AND a.resolved_at >= $2 AND a.resolved_at < $3
                      AND a.outcome IN ('MUNICIPAL_ACUTE_BED', 'HOSPITAL_ADMISSION'))
            FROM patients p LEFT JOIN patient_care c ON c.patient_id = p.id
            WHERE p.clinic_id = $1 AND p.enrolled_at < $3""")
        .execute(Tuple.of(clinic, from.atOffset(ZoneOffset.UTC), to.atOffset(ZoneOffset.UTC)))
        .map(rs -> {
          List<Row> out = new java.util.ArrayList<>();
          rs.forEach(out::add);
          return out;
        });
  }

  private static JsonArray group(List<Row> rows, java.util.function.Function<Row, String> key) {
    Map<String, double[]> acc = new LinkedHashMap<>();
    for (Row r : rows) {
      double[] a = acc.computeIfAbsent(key.apply(r), k -> new double[5]);
      a[0] += 1;
      a[1] += r.getDouble(5) / 365.25;
      a[2] += r.getLong(6);
      a[3] += r.getLong(7);
      a[4] += ((Number) r.getValue(8)).doubleValue();
    }
    JsonArray out = new JsonArray();
    acc.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
      double[] a = e.getValue();
      out.add(new JsonObject().put("group", e.getKey()).put("patients", (long) a[0]).put("patientYears", a[1])
          .put("alerts", (long) a[2]).put("acuteContacts", (long) a[3]).put("bedDays", (long) a[4])
          .put("acuteContactsPerPatientYear", a[1] <= 0 ? null : a[3] / a[1])
          .put("bedDaysPerPatientYear", a[1] <= 0 ? null : a[4] / a[1]));
    });
    return out;
  }
}

package dk.telemonitoring.hub.api;

import dk.telemonitoring.alerts.query.AlertReads;
import dk.telemonitoring.hub.access.Principal;
import dk.telemonitoring.hub.access.Role;
import dk.telemonitoring.hub.store.AlertPageStore;
import dk.telemonitoring.hub.store.PatientStatusStore;
import dk.telemonitoring.hub.store.ReadingQueries;
import dk.telemonitoring.hub.store.StorageMode;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A clinic's patients: list and detail (care facts, contact nurse, equality factors, relatives with
 * consent), readings over a time range (downsampled when the range is long), triage results with
 * their explanations, per-patient limits (doctors change them), the SpO2 scale 2 prescription
 * (doctors write it), schedules and device bindings.
 *
 * <p>This class holds the route table and the patient resource itself (list, detail, care facts);
 * each sub-resource's reads and writes live in its own class.
 */
final class PatientRoutes {

  private static final Set<Role> LIMIT_EDITORS = EnumSet.of(Role.DOCTOR);

  /**
   * A prescription is a doctor's decision (NEWS2 scale 2 only where a doctor prescribed the
   * target).
   */
  private static final Set<Role> PRESCRIBERS = EnumSet.of(Role.DOCTOR);

  private static final Set<Role> SCHEDULE_EDITORS = EnumSet.of(Role.DOCTOR, Role.ADMIN);
  private static final Set<Role> CONSENT_RECORDERS =
      EnumSet.of(Role.NURSE, Role.DOCTOR, Role.ADMIN);

  private final Pool pool;
  private final AlertReads alertReads = new AlertReads();
  private final Access access;
  private final Audit audit;
  private final PatientRelatives relatives;
  private final PatientReadings readings;
  private final PatientTriageResults triage;
  private final PatientLimits limits;
  private final PatientSpo2Prescription spo2Prescription;
  private final PatientSchedules schedules;
  private final PatientDevices devices;
  private final PatientStatusStore statusStore;
  private final ScheduleAdherence adherence;
  private final ReadingQueries latestValues;
  private final TrendCharts charts;
  private final AlertPageStore patientFacts;

  PatientRoutes(Pool pool, StorageMode storageMode, Access access, Audit audit) {
    this.pool = pool;
    this.access = access;
    this.audit = audit;
    this.relatives = new PatientRelatives(pool);
    this.readings = new PatientReadings(pool, () -> storageMode);
    this.triage = new PatientTriageResults(pool);
    this.limits = new PatientLimits(pool);
    this.spo2Prescription = new PatientSpo2Prescription(pool);
    this.schedules = new PatientSchedules(pool);
    this.devices = new PatientDevices(pool);
    this.statusStore = new PatientStatusStore(pool);
    this.adherence = new ScheduleAdherence(pool);
    this.latestValues = new ReadingQueries(pool);
    this.charts = new TrendCharts(pool);
    this.patientFacts = new AlertPageStore(pool);
  }

  void mount(Api api) {
    String p = "/api/v1/patients/:patientId";
    api.get("/api/v1/patients", Role.READERS, this::list);
    api.get(
        p,
        Role.READERS,
        (ctx, who) -> access.patient(ctx, who, "patient.read").compose(ref -> detail(ref, who)));
    api.put(
        p + "/care",
        Role.STAFF,
        (ctx, who) ->
            access
                .patient(ctx, who, "patient.care.change")
                .compose(ref -> setCare(ref, who, Json.body(ctx))));
    api.get(
        p + "/relatives",
        Role.STAFF,
        (ctx, who) -> access.patient(ctx, who, "relatives.read").compose(relatives::list));
    api.post(
        p + "/relatives",
        CONSENT_RECORDERS,
        201,
        (ctx, who) ->
            access
                .patient(ctx, who, "relatives.add")
                .compose(ref -> relatives.add(ref, who, Json.body(ctx))));
    api.delete(
        p + "/relatives/:relativeId",
        CONSENT_RECORDERS,
        (ctx, who) ->
            access
                .patient(ctx, who, "relatives.withdraw")
                .compose(ref -> relatives.withdraw(ref, who, ctx.pathParam("relativeId"))));
    api.get(
        p + "/readings",
        Role.READERS,
        (ctx, who) -> {
          PatientReadings.Query q = PatientReadings.Query.of(ctx);
          return access.patient(ctx, who, "readings.read").compose(ref -> readings.inRange(ref, q));
        });
    api.get(
        p + "/charts",
        Role.READERS,
        (ctx, who) -> {
          PatientReadings.Query q = PatientReadings.Query.of(ctx);
          return access.patient(ctx, who, "readings.read").compose(ref -> charts(ref, who, q));
        });
    api.get(
        p + "/triage",
        Role.STAFF,
        (ctx, who) -> {
          Instant to = Json.instant(ctx, "to", Instant.now().plusSeconds(3600));
          Instant from = Json.instant(ctx, "from", to.minus(Duration.ofDays(14)));
          String minLevel = Json.param(ctx, "minLevel");
          int limit = Json.intParam(ctx, "limit", 500, 1, 5000);
          return access
              .patient(ctx, who, "triage.read")
              .compose(ref -> triage.list(ref, from, to, minLevel, limit));
        });
    api.get(
        p + "/limits",
        Role.STAFF,
        (ctx, who) -> access.patient(ctx, who, "limits.read").compose(limits::list));
    api.put(
        p + "/limits/:code",
        LIMIT_EDITORS,
        (ctx, who) -> {
          JsonObject body = Json.body(ctx);
          String code = ctx.pathParam("code");
          return access
              .patient(ctx, who, "limits.change")
              .compose(ref -> limits.set(ref, who, code, body));
        });
    api.get(
        p + "/spo2-prescription",
        Role.STAFF,
        (ctx, who) ->
            access.patient(ctx, who, "spo2-prescription.read").compose(spo2Prescription::get));
    // The body is checked before access is granted, so the audit row of a change is not written for
    // a refused body.
    api.put(
        p + "/spo2-prescription",
        PRESCRIBERS,
        (ctx, who) -> {
          String reason = PatientSpo2Prescription.prescriptionReason(Json.body(ctx));
          return access
              .patient(ctx, who, "spo2-prescription.prescribe")
              .compose(ref -> spo2Prescription.prescribe(ref, who, reason));
        });
    api.delete(
        p + "/spo2-prescription",
        PRESCRIBERS,
        (ctx, who) -> {
          String reason = PatientSpo2Prescription.revocationReason(Json.body(ctx));
          return access
              .patient(ctx, who, "spo2-prescription.revoke")
              .compose(ref -> spo2Prescription.revoke(ref, who, reason));
        });
    api.get(
        p + "/schedules",
        Role.STAFF,
        (ctx, who) -> access.patient(ctx, who, "schedules.read").compose(schedules::list));
    api.put(
        p + "/schedules/:code",
        SCHEDULE_EDITORS,
        (ctx, who) -> {
          JsonObject body = Json.body(ctx);
          String code = ctx.pathParam("code");
          return access
              .patient(ctx, who, "schedules.change")
              .compose(ref -> schedules.set(ref, who, code, body));
        });
    api.get(
        p + "/devices",
        Role.STAFF,
        (ctx, who) -> access.patient(ctx, who, "devices.read").compose(devices::bindings));
  }

  /**
   * The trend charts of the patient's condition (limits and baseline band for staff only: they are
   * the clinic's assessments).
   */
  private Future<JsonObject> charts(PatientRef ref, Principal who, PatientReadings.Query q) {
    return patientFacts
        .patient(ref.id())
        .compose(
            facts -> {
              String condition = facts.map(f -> f.condition()).orElse(null);
              return charts
                  .forCondition(ref.id(), condition, q.from(), q.to(), who.isStaff())
                  .map(
                      list ->
                          new JsonObject()
                              .put("patientId", ref.id().toString())
                              .put("condition", condition)
                              .put("from", q.from().toString())
                              .put("to", q.to().toString())
                              .put("charts", list));
            });
  }

  // ----- patients -----

  private Future<JsonObject> list(RoutingContext ctx, Principal who) {
    Future<io.vertx.sqlclient.RowSet<Row>> rows;
    String select =
        """
        SELECT p.id, p.clinic_id, p.display_name, p.condition, p.language, p.enrolled_at,
               c.municipality, coalesce(c.no_own_gp, false), coalesce(c.lives_alone, false),
               coalesce(c.needs_tablet_help, false), n.id, n.display_name,
               (SELECT max(r.measured_at) FROM readings r WHERE r.patient_id = p.id AND r.measured_at > now() - interval '30 days')
        FROM patients p LEFT JOIN patient_care c ON c.patient_id = p.id LEFT JOIN app_users n ON n.id = c.contact_nurse_id
        """;
    if (who.role() == Role.RELATIVE) {
      rows =
          pool.preparedQuery(
                  select
                      + """
          WHERE p.id IN (SELECT patient_id FROM patient_relatives WHERE user_id = $1 AND withdrawn_at IS NULL)
          ORDER BY p.display_name""")
              .execute(Tuple.of(who.userId()));
    } else {
      rows =
          pool.preparedQuery(select + " WHERE p.clinic_id = ANY($1) ORDER BY p.display_name")
              .execute(Tuple.of(Access.clinics(ctx, who).toArray(String[]::new)));
    }
    Map<UUID, JsonObject> statuses = new ConcurrentHashMap<>();
    return rows.compose(
            rs -> {
              List<UUID> ids = new ArrayList<>();
              rs.forEach(r -> ids.add(r.getUUID(0)));
              Future<Map<UUID, JsonObject>> status =
                  who.isStaff()
                      ? PatientStatusRoutes.summaries(statusStore, ids, Instant.now())
                      : Future.succeededFuture(Map.of());
              Future<Map<UUID, String>> levels = alertReads.worstOpenLevels(pool, ids);
              Future<StaffFigures> figures =
                  who.isStaff()
                      ? staffFigures(Access.clinics(ctx, who), ids)
                      : Future.succeededFuture(StaffFigures.NONE);
              return Future.all(status, levels, figures)
                  .onSuccess(x -> statuses.putAll(status.result()))
                  .map(x -> new Listed(rs, levels.result(), figures.result()));
            })
        .compose(
            found -> {
              JsonArray out = new JsonArray();
              List<PatientRef> refs = new ArrayList<>();
              for (Row r : found.rows()) {
                UUID id = r.getUUID(0);
                refs.add(new PatientRef(id, r.getString(1)));
                JsonObject row =
                    patientJson(r)
                        .put("openAlertLevel", found.levels().get(id))
                        .put("lastReadingAt", Json.text(r.getOffsetDateTime(12)))
                        .put("status", statuses.get(id));
                if (!who.isStaff()) {
                  row.remove("equality");
                } else {
                  ScheduleAdherence.Counts c =
                      found.figures().adherence().getOrDefault(id, ScheduleAdherence.Counts.NONE);
                  row.put(
                          "adherence7Days",
                          new JsonObject().put("due", c.due()).put("met", c.met()))
                      .put("latest", found.figures().latest().getOrDefault(id, new JsonObject()));
                }
                out.add(row);
              }
              return audit
                  .recordAll(ctx, who, "patients.list", refs)
                  .map(x -> new JsonObject().put("patients", out));
            });
  }

  /** What staff see in the list beyond the patient's own facts. */
  private record StaffFigures(
      Map<UUID, ScheduleAdherence.Counts> adherence, Map<UUID, JsonObject> latest) {
    static final StaffFigures NONE = new StaffFigures(Map.of(), Map.of());
  }

  private record Listed(RowSet<Row> rows, Map<UUID, String> levels, StaffFigures figures) {}

  /** Measurement adherence over the last 7 days and the latest value of each code. */
  private Future<StaffFigures> staffFigures(List<String> clinics, List<UUID> patients) {
    Instant to = Instant.now();
    Instant from = to.minus(Duration.ofDays(7));
    List<Future<Map<UUID, ScheduleAdherence.Counts>>> perClinic =
        clinics.stream().map(c -> adherence.perPatient(c, from, to)).toList();
    Future<Map<UUID, JsonObject>> latest = latestValues.latestOf(patients);
    return Future.all(Future.all(perClinic), latest)
        .map(
            x -> {
              Map<UUID, ScheduleAdherence.Counts> all = new HashMap<>();
              perClinic.forEach(f -> all.putAll(f.result()));
              return new StaffFigures(all, latest.result());
            });
  }

  static final List<String> LEVELS = List.of("GREEN", "YELLOW", "RED", "CRITICAL");

  private static JsonObject patientJson(Row r) {
    return new JsonObject()
        .put("id", r.getUUID(0).toString())
        .put("clinicId", r.getString(1))
        .put("displayName", r.getString(2))
        .put("condition", r.getString(3))
        .put("language", r.getString(4))
        .put("enrolledAt", Json.text(r.getOffsetDateTime(5)))
        .put("municipality", r.getString(6))
        .put(
            "equality",
            new JsonObject()
                .put("noOwnGp", r.getBoolean(7))
                .put("livesAlone", r.getBoolean(8))
                .put("needsTabletHelp", r.getBoolean(9)))
        .put(
            "contactNurse",
            r.getUUID(10) == null
                ? null
                : new JsonObject()
                    .put("id", r.getUUID(10).toString())
                    .put("displayName", r.getString(11)));
  }

  private Future<JsonObject> detail(PatientRef ref, Principal who) {
    Future<JsonObject> patient =
        pool.preparedQuery(
                """
            SELECT p.id, p.clinic_id, p.display_name, p.condition, p.language, p.enrolled_at,
                   c.municipality, coalesce(c.no_own_gp, false), coalesce(c.lives_alone, false),
                   coalesce(c.needs_tablet_help, false), n.id, n.display_name, c.updated_by, c.updated_at,
                   c.acute_contacts_year_before, c.bed_days_year_before, u.display_name
            FROM patients p LEFT JOIN patient_care c ON c.patient_id = p.id LEFT JOIN app_users n ON n.id = c.contact_nurse_id
              LEFT JOIN app_users u ON u.email = c.updated_by
            WHERE p.id = $1""")
            .execute(Tuple.of(ref.id()))
            .map(
                rs -> {
                  Row r = rs.iterator().next();
                  return patientJson(r)
                      .put("careUpdatedBy", r.getString(12))
                      // The screen names the person; the e-mail stays for API clients.
                      .put("careUpdatedByName", r.getString(16))
                      .put("careUpdatedAt", Json.text(r.getOffsetDateTime(13)))
                      .put(
                          "yearBeforeEnrolment",
                          r.getInteger(14) == null
                              ? null
                              : new JsonObject()
                                  .put("acuteContacts", r.getInteger(14))
                                  .put("bedDays", r.getInteger(15)));
                });
    Future<JsonArray> devices =
        who.isStaff() ? this.devices.current(ref) : Future.succeededFuture(new JsonArray());
    Future<JsonObject> latest = readings.latest(ref.id());
    return Future.all(patient, devices, latest)
        .map(
            x -> {
              JsonObject out =
                  patient.result().put("devices", devices.result()).put("latest", latest.result());
              if (!who.isStaff()) {
                // A relative reads the patient's measurements, not the clinic's own assessments of
                // the patient.
                out.remove("equality");
                out.remove("yearBeforeEnrolment");
                out.remove("careUpdatedBy");
                out.remove("careUpdatedByName");
              }
              return out;
            });
  }

  private Future<JsonObject> setCare(PatientRef ref, Principal who, JsonObject body) {
    String nurse = body.getString("contactNurseId");
    UUID nurseId;
    try {
      nurseId = nurse == null || nurse.isBlank() ? null : UUID.fromString(nurse);
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest("'contactNurseId' must be a user id");
    }
    Future<Void> nurseOk =
        nurseId == null
            ? Future.succeededFuture()
            : pool.preparedQuery(
                    """
            SELECT 1 FROM app_users u JOIN app_user_clinics c ON c.user_id = u.id
            WHERE u.id = $1 AND u.role = 'NURSE' AND u.active AND c.clinic_id = $2""")
                .execute(Tuple.of(nurseId, ref.clinicId()))
                .compose(
                    rs ->
                        rs.size() == 1
                            ? Future.succeededFuture()
                            : Future.failedFuture(
                                ApiError.badRequest(
                                    "the contact nurse must be an active nurse of the patient's clinic")));
    Integer contactsBefore = count(body, "acuteContactsYearBefore", 10_000);
    Integer bedDaysBefore = count(body, "bedDaysYearBefore", 366);
    if ((contactsBefore == null) != (bedDaysBefore == null)) {
      throw ApiError.badRequest(
          "record 'acuteContactsYearBefore' and 'bedDaysYearBefore' together (or neither)");
    }
    return nurseOk
        .compose(
            x ->
                pool.preparedQuery(
                        """
            INSERT INTO patient_care (patient_id, contact_nurse_id, municipality, no_own_gp, lives_alone, needs_tablet_help,
                                      updated_by, acute_contacts_year_before, bed_days_year_before)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            ON CONFLICT (patient_id) DO UPDATE SET contact_nurse_id = EXCLUDED.contact_nurse_id,
              municipality = EXCLUDED.municipality, no_own_gp = EXCLUDED.no_own_gp, lives_alone = EXCLUDED.lives_alone,
              needs_tablet_help = EXCLUDED.needs_tablet_help, updated_by = EXCLUDED.updated_by, updated_at = now(),
              acute_contacts_year_before = EXCLUDED.acute_contacts_year_before,
              bed_days_year_before = EXCLUDED.bed_days_year_before""")
                    .execute(
                        Tuple.tuple()
                            .addUUID(ref.id())
                            .addUUID(nurseId)
                            .addString(body.getString("municipality"))
                            .addBoolean(body.getBoolean("noOwnGp", false))
                            .addBoolean(body.getBoolean("livesAlone", false))
                            .addBoolean(body.getBoolean("needsTabletHelp", false))
                            .addString(who.email())
                            .addInteger(contactsBefore)
                            .addInteger(bedDaysBefore)))
        .compose(x -> detail(ref, who));
  }

  /** An optional whole count in [0, max] from the body, or null. */
  private static Integer count(JsonObject body, String key, int max) {
    Object v = body.getValue(key);
    if (v == null) {
      return null;
    }
    if (!(v instanceof Number n)
        || n.doubleValue() != Math.rint(n.doubleValue())
        || n.intValue() < 0
        || n.intValue() > max) {
      throw ApiError.badRequest("'" + key + "' must be a whole number from 0 to " + max);
    }
    return n.intValue();
  }
}

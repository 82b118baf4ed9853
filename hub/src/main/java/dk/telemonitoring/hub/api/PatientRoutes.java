package dk.telemonitoring.hub.api;

import dk.telemonitoring.alerts.query.AlertReads;
import dk.telemonitoring.hub.access.Principal;
import dk.telemonitoring.hub.access.Role;
import dk.telemonitoring.hub.store.AlertPageStore;
import dk.telemonitoring.hub.store.PatientCareRecords;
import dk.telemonitoring.hub.store.PatientCareRecords.CareChange;
import dk.telemonitoring.hub.store.PatientCareRecords.CareRecord;
import dk.telemonitoring.hub.store.PatientCareRecords.PatientRecord;
import dk.telemonitoring.hub.store.PatientStatusStore;
import dk.telemonitoring.hub.store.ReadingQueries;
import dk.telemonitoring.hub.store.StorageMode;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
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
    Future<List<PatientRecord>> rows =
        who.role() == Role.RELATIVE
            ? PatientCareRecords.ofRelative(pool, who.userId())
            : PatientCareRecords.inClinics(pool, Access.clinics(ctx, who));
    Map<UUID, JsonObject> statuses = new ConcurrentHashMap<>();
    return rows.compose(
            rs -> {
              List<UUID> ids = rs.stream().map(PatientRecord::id).toList();
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
              for (PatientRecord r : found.rows()) {
                UUID id = r.id();
                refs.add(new PatientRef(id, r.clinicId()));
                JsonObject row =
                    patientJson(r)
                        .put("openAlertLevel", found.levels().get(id))
                        .put("lastReadingAt", Json.text(r.lastReadingAt()))
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

  private record Listed(List<PatientRecord> rows, Map<UUID, String> levels, StaffFigures figures) {}

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

  private static JsonObject patientJson(PatientRecord r) {
    return new JsonObject()
        .put("id", r.id().toString())
        .put("clinicId", r.clinicId())
        .put("displayName", r.displayName())
        .put("condition", r.condition())
        .put("language", r.language())
        .put("enrolledAt", Json.text(r.enrolledAt()))
        .put("municipality", r.municipality())
        .put(
            "equality",
            new JsonObject()
                .put("noOwnGp", r.noOwnGp())
                .put("livesAlone", r.livesAlone())
                .put("needsTabletHelp", r.needsTabletHelp()))
        .put(
            "contactNurse",
            r.contactNurseId() == null
                ? null
                : new JsonObject()
                    .put("id", r.contactNurseId().toString())
                    .put("displayName", r.contactNurseName()));
  }

  private Future<JsonObject> detail(PatientRef ref, Principal who) {
    Future<JsonObject> patient =
        PatientCareRecords.withCare(pool, ref.id())
            .map(
                found -> {
                  CareRecord r = found.orElseThrow(() -> ApiError.notFound("patient not found"));
                  return patientJson(r.patient())
                      .put("phone", r.phone())
                      .put("birthDate", r.birthDate() == null ? null : r.birthDate().toString())
                      .put("careUpdatedBy", r.updatedBy())
                      // The screen names the person; the e-mail stays for API clients.
                      .put("careUpdatedByName", r.updatedByName())
                      .put("careUpdatedAt", Json.text(r.updatedAt()))
                      .put(
                          "yearBeforeEnrolment",
                          r.acuteContactsYearBefore() == null
                              ? null
                              : new JsonObject()
                                  .put("acuteContacts", r.acuteContactsYearBefore())
                                  .put("bedDays", r.bedDaysYearBefore()));
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
                out.remove("phone");
                out.remove("birthDate");
                out.remove("yearBeforeEnrolment");
                out.remove("careUpdatedBy");
                out.remove("careUpdatedByName");
              }
              return out;
            });
  }

  private Future<JsonObject> setCare(PatientRef ref, Principal who, JsonObject body) {
    String phone = PhoneNumber.from(body, "phone");
    LocalDate birthDate = birthDate(body);
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
            : PatientCareRecords.isActiveNurseOf(pool, nurseId, ref.clinicId())
                .compose(
                    isNurse ->
                        isNurse
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
                pool.withTransaction(
                    tx ->
                        PatientCareRecords.saveCare(
                            tx,
                            new CareChange(
                                ref.id(),
                                phone,
                                birthDate,
                                nurseId,
                                body.getString("municipality"),
                                body.getBoolean("noOwnGp", false),
                                body.getBoolean("livesAlone", false),
                                body.getBoolean("needsTabletHelp", false),
                                who.email(),
                                contactsBefore,
                                bedDaysBefore))))
        .compose(x -> detail(ref, who));
  }

  /** The optional date of birth (YYYY-MM-DD), from 1900 up to today, or null. */
  private static LocalDate birthDate(JsonObject body) {
    Object v = body.getValue("birthDate");
    if (v == null || (v instanceof String s && s.isBlank())) {
      return null;
    }
    LocalDate date;
    try {
      date = LocalDate.parse((String) v);
    } catch (ClassCastException | java.time.format.DateTimeParseException e) {
      throw ApiError.badRequest("'birthDate' must be a date such as 1948-03-21");
    }
    if (date.isBefore(LocalDate.of(1900, 1, 1)) || date.isAfter(LocalDate.now())) {
      throw ApiError.badRequest("'birthDate' must be from 1900 up to today");
    }
    return date;
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

package dk.telemonitoring.hub.api;

import dk.telemonitoring.hub.access.Principal;
import dk.telemonitoring.hub.access.Role;
import dk.telemonitoring.hub.store.AlertPageStore;
import dk.telemonitoring.hub.store.StorageMode;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/**
 * A clinic's patients: list and detail (care facts, contact nurse, equality factors, relatives with
 * consent), readings over a time range (downsampled when the range is long), triage results with
 * their explanations, per-patient limits (doctors change them), the SpO2 scale 2 prescription
 * (doctors write it), schedules and device bindings.
 *
 * <p>This class holds the route table; the list ({@link PatientList}), the patient's detail and
 * care facts ({@link PatientCareFacts}) and each sub-resource's reads and writes live in classes of
 * their own.
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

  private final Access access;
  private final PatientRelatives relatives;
  private final PatientReadings readings;
  private final PatientTriageResults triage;
  private final PatientLimits limits;
  private final PatientSpo2Prescription spo2Prescription;
  private final PatientSchedules schedules;
  private final PatientDevices devices;
  private final TrendCharts charts;
  private final AlertPageStore patientFacts;
  private final PatientList list;
  private final PatientCareFacts care;

  PatientRoutes(Pool pool, StorageMode storageMode, Access access, Audit audit) {
    this.access = access;
    this.relatives = new PatientRelatives(pool);
    this.readings = new PatientReadings(pool, () -> storageMode);
    this.triage = new PatientTriageResults(pool);
    this.limits = new PatientLimits(pool);
    this.spo2Prescription = new PatientSpo2Prescription(pool);
    this.schedules = new PatientSchedules(pool);
    this.devices = new PatientDevices(pool);
    this.charts = new TrendCharts(pool);
    this.patientFacts = new AlertPageStore(pool);
    this.list = new PatientList(pool, audit);
    this.care = new PatientCareFacts(pool, readings, devices);
  }

  void mount(Api api) {
    String p = "/api/v1/patients/:patientId";
    api.get("/api/v1/patients", Role.READERS, list::list);
    api.get(
        p,
        Role.READERS,
        (ctx, who) ->
            access.patient(ctx, who, "patient.read").compose(ref -> care.detail(ref, who)));
    api.put(
        p + "/care",
        Role.STAFF,
        (ctx, who) ->
            access
                .patient(ctx, who, "patient.care.change")
                .compose(ref -> care.setCare(ref, who, Json.body(ctx))));
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
          // Checked once access is granted, before the audit row: a refused limit writes no
          // "changed" row, and the saved one says what it changed from what.
          return access
              .patient(
                  ctx,
                  who,
                  "limits.change",
                  ref -> limits.checked(ref, PatientLimits.entered(who, code, body)))
              .compose(granted -> limits.set(granted.ref(), granted.value()));
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
}

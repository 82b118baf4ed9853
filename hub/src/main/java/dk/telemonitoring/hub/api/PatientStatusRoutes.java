package dk.telemonitoring.hub.api;

import dk.telemonitoring.hub.access.Role;
import dk.telemonitoring.hub.reading.MeasurementType;
import dk.telemonitoring.hub.store.PatientStatusChanges;
import dk.telemonitoring.hub.store.PatientStatusStore;
import dk.telemonitoring.hub.store.PatientStatusStore.EndReason;
import dk.telemonitoring.hub.store.PatientStatusStore.Kind;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The patient's status (issue 13): admissions to hospital (readings stored and scored, no alert, no
 * missed-measurement task, bed days in the figures), other passive intervals such as a holiday (no
 * missed-measurement task), the end of enrolment with its reason (schedules, tasks, patient-years
 * and alerts stop) and the spirometry personal best the spirometry rule compares FEV1 and peak flow
 * with. Nurses and doctors record the status; only doctors set a personal best. Every call is
 * audited through {@link Access#patient}; every change also lands in the patient's status log.
 */
final class PatientStatusRoutes {

  /** Who records admissions, discharges, passive intervals and the end of enrolment. */
  private static final Set<Role> RECORDERS = EnumSet.of(Role.NURSE, Role.DOCTOR);

  /** A personal best changes what the spirometry rule alarms on: a doctor's decision. */
  private static final Set<Role> PERSONAL_BEST_SETTERS = EnumSet.of(Role.DOCTOR);

  /** The measurements the spirometry rule compares with a personal best. */
  private static final Set<MeasurementType> PERSONAL_BEST_CODES =
      EnumSet.of(MeasurementType.FEV1, MeasurementType.PEF);

  private final PatientStatusStore store;
  private final PatientStatusChanges changes;
  private final Access access;

  PatientStatusRoutes(Pool pool, Access access) {
    this.store = new PatientStatusStore(pool);
    this.changes = new PatientStatusChanges(pool);
    this.access = access;
  }

  void mount(Api api) {
    String p = "/api/v1/patients/:patientId";
    // Access first, then the body: another clinic's patient is "not found" whatever the body says.
    api.get(
        p + "/status",
        Role.STAFF,
        (ctx, who) -> access.patient(ctx, who, "status.read").compose(this::status));
    api.post(
        p + "/admissions",
        RECORDERS,
        201,
        (ctx, who) ->
            access
                .patient(ctx, who, "status.admit")
                .compose(
                    ref -> {
                      JsonObject body = Json.body(ctx);
                      Instant from = instant(body, "admittedAt", Instant.now());
                      Instant to = instant(body, "dischargedAt", null);
                      return refused(
                              changes.admit(
                                  ref.id(), from, to, body.getString("note"), who.email()))
                          .map(ref);
                    })
                .compose(this::status));
    api.put(
        p + "/admissions/:intervalId/discharge",
        RECORDERS,
        (ctx, who) ->
            access
                .patient(ctx, who, "status.discharge")
                .compose(
                    ref ->
                        found(
                            changes.discharge(
                                ref.id(),
                                intervalId(ctx),
                                instant(Json.body(ctx), "dischargedAt", Instant.now()),
                                who.email()),
                            ref))
                .compose(this::status));
    api.post(
        p + "/passive-intervals",
        RECORDERS,
        201,
        (ctx, who) ->
            access
                .patient(ctx, who, "status.passive.start")
                .compose(
                    ref -> {
                      JsonObject body = Json.body(ctx);
                      Kind kind = passiveKind(body);
                      Instant from = instant(body, "from", Instant.now());
                      Instant to = instant(body, "to", null);
                      String reason = Json.required(body, "reason");
                      return refused(
                              changes.startPassive(ref.id(), kind, from, to, reason, who.email()))
                          .map(ref);
                    })
                .compose(this::status));
    api.put(
        p + "/passive-intervals/:intervalId/end",
        RECORDERS,
        (ctx, who) ->
            access
                .patient(ctx, who, "status.passive.end")
                .compose(
                    ref ->
                        found(
                            changes.endPassive(
                                ref.id(),
                                intervalId(ctx),
                                instant(Json.body(ctx), "to", Instant.now()),
                                who.email()),
                            ref))
                .compose(this::status));
    api.put(
        p + "/enrolment-end",
        RECORDERS,
        (ctx, who) ->
            access
                .patient(ctx, who, "status.enrolment.end")
                .compose(
                    ref -> {
                      JsonObject body = Json.body(ctx);
                      EndReason reason = endReason(body);
                      Instant at = instant(body, "endedAt", Instant.now());
                      return refused(changes.endEnrolment(ref.id(), reason, at, who.email()))
                          .map(ref);
                    })
                .compose(this::status));
    api.delete(
        p + "/enrolment-end",
        RECORDERS,
        (ctx, who) ->
            access
                .patient(ctx, who, "status.enrolment.resume")
                .compose(
                    ref ->
                        refused(
                                changes.resumeEnrolment(
                                    ref.id(), Json.required(Json.body(ctx), "note"), who.email()))
                            .map(ref))
                .compose(this::status));
    api.put(
        p + "/spirometry-personal-best/:code",
        PERSONAL_BEST_SETTERS,
        (ctx, who) ->
            access
                .patient(ctx, who, "status.personal-best.set")
                .compose(
                    ref -> {
                      MeasurementType type = personalBestCode(ctx.pathParam("code"));
                      JsonObject body = Json.body(ctx);
                      Double value = Json.dbl(body, "value");
                      if (value == null || value <= 0 || !type.possible().contains(value)) {
                        throw ApiError.badRequest(
                            "'value' must be a number in " + type.possible() + " " + type.ucum());
                      }
                      Instant measuredAt = instant(body, "measuredAt", Instant.now());
                      String reason = Json.required(body, "reason");
                      return refused(
                              changes.setPersonalBest(
                                  ref.id(), type.code(), value, measuredAt, reason, who.email()))
                          .map(ref);
                    })
                .compose(this::status));
  }

  private Future<JsonObject> status(PatientRef ref) {
    Instant now = Instant.now();
    return store
        .read(ref.id())
        .map(
            s -> {
              PatientStatusStore.Interval admitted =
                  s.intervals().stream()
                      .filter(i -> i.kind() == Kind.ADMISSION && i.contains(now))
                      .findFirst()
                      .orElse(null);
              PatientStatusStore.Interval passive =
                  s.intervals().stream()
                      .filter(i -> i.kind() != Kind.ADMISSION && i.contains(now))
                      .findFirst()
                      .orElse(null);
              JsonArray admissions = new JsonArray();
              JsonArray intervals = new JsonArray();
              s.intervals()
                  .forEach(
                      i -> (i.kind() == Kind.ADMISSION ? admissions : intervals).add(json(i, now)));
              JsonArray bests = new JsonArray();
              s.personalBests()
                  .forEach(
                      b ->
                          bests.add(
                              new JsonObject()
                                  .put("code", b.code())
                                  .put("value", b.value())
                                  .put("measuredAt", Json.text(b.measuredAt()))
                                  .put("source", b.source())
                                  .put("setBy", b.setBy())
                                  .put("reason", b.reason())));
              JsonArray log = new JsonArray();
              s.log()
                  .forEach(
                      l ->
                          log.add(
                              new JsonObject()
                                  .put("action", l.action())
                                  .put("details", l.details())
                                  .put("changedBy", l.changedBy())
                                  .put("changedAt", Json.text(l.changedAt()))));
              PatientStatusStore.Enrolment e = s.enrolment();
              boolean ended = e.endedAt() != null && !e.endedAt().isAfter(now);
              return new JsonObject()
                  .put("state", ended ? "ENDED" : admitted != null ? "ADMITTED" : "ENROLLED")
                  .put("admitted", admitted == null ? null : json(admitted, now))
                  .put("passiveNow", passive == null ? null : json(passive, now))
                  .put(
                      "enrolment",
                      new JsonObject()
                          .put("enrolledAt", Json.text(e.enrolledAt()))
                          .put("endedAt", Json.text(e.endedAt()))
                          .put("endReason", e.endReason() == null ? null : e.endReason().name())
                          .put("endedBy", e.endedBy()))
                  .put("admissions", admissions)
                  .put("passiveIntervals", intervals)
                  .put("personalBest", bests)
                  .put("log", log);
            });
  }

  /**
   * The status a list or the board shows per patient: "ADMITTED", "ENDED", "PASSIVE" (on holiday,
   * say) or absent while simply enrolled.
   */
  static Future<Map<UUID, JsonObject>> summaries(
      PatientStatusStore store, Collection<UUID> ids, Instant now) {
    return store
        .summaries(ids, now)
        .map(
            all -> {
              Map<UUID, JsonObject> out = new HashMap<>();
              all.forEach(
                  (id, s) -> {
                    if (s.enrolmentEndedAt() != null) {
                      out.put(
                          id,
                          new JsonObject()
                              .put("state", "ENDED")
                              .put("since", Json.text(s.enrolmentEndedAt()))
                              .put("endReason", s.endReason().name()));
                    } else if (s.admittedSince() != null) {
                      out.put(
                          id,
                          new JsonObject()
                              .put("state", "ADMITTED")
                              .put("since", Json.text(s.admittedSince())));
                    } else if (s.passiveNow() != null) {
                      out.put(
                          id,
                          new JsonObject()
                              .put("state", "PASSIVE")
                              .put("kind", s.passiveNow().name()));
                    }
                  });
              return out;
            });
  }

  private static JsonObject json(PatientStatusStore.Interval i, Instant now) {
    return new JsonObject()
        .put("id", i.id())
        .put("kind", i.kind().name())
        .put("from", Json.text(i.from()))
        .put("to", Json.text(i.to()))
        .put("ongoing", i.contains(now))
        .put("reason", i.reason())
        .put("createdBy", i.createdBy())
        .put("createdAt", Json.text(i.createdAt()))
        .put("endedBy", i.endedBy());
  }

  /** The store's refusals as 400 (bad input) or 409 (conflicts with the recorded status). */
  private static <T> Future<T> refused(Future<T> f) {
    return f.recover(
        e ->
            Future.failedFuture(
                e instanceof PatientStatusStore.Refused r
                    ? new ApiError(r.conflict() ? 409 : 400, r.getMessage())
                    : e));
  }

  private static Future<PatientRef> found(Future<Boolean> done, PatientRef ref) {
    return refused(done)
        .compose(
            ok ->
                ok
                    ? Future.succeededFuture(ref)
                    : Future.failedFuture(ApiError.notFound("no such interval of the patient")));
  }

  private static long intervalId(RoutingContext ctx) {
    try {
      return Long.parseLong(ctx.pathParam("intervalId"));
    } catch (NumberFormatException e) {
      throw ApiError.badRequest("'intervalId' must be a number");
    }
  }

  /** An ISO-8601 instant with offset from {@code body}, or {@code dflt} when absent. */
  private static Instant instant(JsonObject body, String field, Instant dflt) {
    Object v = body.getValue(field);
    if (v == null) {
      return dflt;
    }
    try {
      return OffsetDateTime.parse(String.valueOf(v)).toInstant();
    } catch (DateTimeException e) {
      throw ApiError.badRequest(
          "'" + field + "' must be a date and time with offset, e.g. 2026-12-01T10:00:00+01:00");
    }
  }

  private static Kind passiveKind(JsonObject body) {
    String k = Json.required(body, "kind");
    try {
      Kind kind = Kind.valueOf(k);
      if (kind != Kind.ADMISSION) {
        return kind;
      }
    } catch (IllegalArgumentException e) {
      // falls through to the refusal
    }
    throw ApiError.badRequest(
        "'kind' must be HOLIDAY or OTHER (record an admission under /admissions)");
  }

  private static EndReason endReason(JsonObject body) {
    String r = Json.required(body, "reason");
    try {
      return EndReason.valueOf(r);
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest("'reason' must be one of WITHDRAWN, COMPLETED, DECEASED, MOVED");
    }
  }

  private static MeasurementType personalBestCode(String code) {
    return MeasurementType.byCode(code)
        .filter(PERSONAL_BEST_CODES::contains)
        .orElseThrow(
            () ->
                ApiError.badRequest(
                    "a personal best is kept for fev1 and pef (the spirometry rule's comparison)"));
  }
}

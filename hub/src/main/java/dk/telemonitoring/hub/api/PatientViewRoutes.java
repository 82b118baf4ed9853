package dk.telemonitoring.hub.api;

import dk.telemonitoring.alerts.domain.Level;
import dk.telemonitoring.hub.access.PatientSessions.Viewer;
import dk.telemonitoring.hub.access.Principal;
import dk.telemonitoring.hub.access.Role;
import dk.telemonitoring.hub.store.PatientViewStore;
import dk.telemonitoring.hub.triage.ContactReasons;
import dk.telemonitoring.hub.triage.DeviceFeedback;
import dk.telemonitoring.hub.triage.schedule.MeasurementSchedule.Phase;
import dk.telemonitoring.hub.triage.worker.SchedulePhases;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The patient's own view, for the patient (or a relative with consent) signed in with a code: their
 * measurements of the last 30 days, the replies their devices showed and their "call me" requests,
 * messages from the nurse, the measuring plan as it stands today and the clinic's number; and the
 * one thing they may write, "call me". Only the signed-in patient: any other patient id is 403, and
 * audited as denied. Every read is audited before the data is read.
 *
 * <p>The JSON carries measurement codes and plan cadences for the page to word (patient.js); it
 * never carries triage levels, scores or the clinic's explanations, which are for staff.
 */
final class PatientViewRoutes {

  /** What the view shows: measurements a patient knows, in the order the page lists them. */
  static final Set<String> SHOWN =
      Set.of(
          "spo2",
          "pulse",
          "bp_systolic",
          "bp_diastolic",
          "weight",
          "temperature",
          "resp_rate",
          "fev1",
          "pef",
          "cat");

  static final Duration READINGS = Duration.ofDays(30);
  static final Duration HISTORY = Duration.ofDays(14);

  private final PatientViewStore store;
  private final PatientSignInRoutes signIn;
  private final Audit audit;

  PatientViewRoutes(PatientViewStore store, PatientSignInRoutes signIn, Audit audit) {
    this.store = store;
    this.signIn = signIn;
    this.audit = audit;
  }

  void mount(Api api) {
    api.get("/api/v1/patient-view/:patientId", Role.PATIENT_VIEW, this::view);
    api.post("/api/v1/patient-view/:patientId/call-me", Role.PATIENT_VIEW, 202, this::callMe);
  }

  /**
   * The signed-in viewer if the path names their own patient, audited as {@code action}; 403 (and a
   * denied audit row) otherwise.
   */
  private Future<Viewer> own(RoutingContext ctx, Principal p, String action) {
    UUID asked = Json.pathId(ctx, "patientId");
    return signIn
        .viewer(p)
        .compose(
            v -> {
              if (!v.patientId().equals(asked)) {
                return audit
                    .record(ctx, p, "denied:" + action, asked, null, null)
                    .compose(
                        x ->
                            Future.failedFuture(
                                new ApiError(403, "you may see only your own page")));
              }
              return audit.record(ctx, p, action, v.patientId(), v.clinicId(), null).map(v);
            });
  }

  private Future<JsonObject> view(RoutingContext ctx, Principal p) {
    return own(ctx, p, "patient-view.read")
        .compose(
            v -> {
              Instant now = Instant.now();
              var readings = store.readings(v.patientId(), now.minus(READINGS), 2000);
              var replies = store.replies(v.patientId(), now.minus(HISTORY), 30);
              var calls = store.callRequests(v.patientId(), now.minus(HISTORY), 10);
              var schedules = store.schedules(v.patientId());
              var clinic = store.clinic(v.clinicId());
              var messages = store.messages(v.patientId(), 20);
              return Future.all(readings, replies, calls, schedules, clinic, messages)
                  .map(
                      x ->
                          new JsonObject()
                              .put("patient", patient(v))
                              .put("viewer", viewer(v))
                              .put(
                                  "clinic",
                                  new JsonObject()
                                      .put("name", clinic.result().name())
                                      .put("phone", clinic.result().phone()))
                              .put("measurements", measurements(readings.result()))
                              .put("plan", plan(schedules.result(), now))
                              .put("told", told(replies.result(), calls.result()))
                              .put("messages", messages(messages.result())));
            });
  }

  /** POST .../call-me: {requestId, text?}; 202 whether stored now or already (same requestId). */
  private Future<JsonObject> callMe(RoutingContext ctx, Principal p) {
    JsonObject body = Json.body(ctx);
    UUID requestId;
    try {
      requestId = UUID.fromString(Json.required(body, "requestId"));
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest("'requestId' must be a UUID the page makes once per request");
    }
    Object rawText = body.getValue("text");
    if (rawText != null && !(rawText instanceof String)) {
      throw ApiError.badRequest("'text' must be text");
    }
    String text = rawText == null ? "" : ((String) rawText).strip();
    if (text.length() > 500) {
      throw ApiError.badRequest("'text' may be at most 500 characters");
    }
    return own(ctx, p, "patient-view.call-me")
        .compose(
            v -> {
              String reason =
                  v.isRelative() ? ContactReasons.RELATIVE_PAGE : ContactReasons.PATIENT_PAGE;
              String said =
                  text.isEmpty()
                      ? ("en".equals(v.language()) ? "Please call me" : "Ring venligst til mig")
                      : text;
              return store.requestCall(
                  v.patientId(),
                  v.clinicId(),
                  requestId,
                  reason,
                  v.isRelative() ? v.relation() : null,
                  said);
            })
        .map(stored -> new JsonObject().put("requested", true).put("new", stored));
  }

  private static JsonObject patient(Viewer v) {
    JsonObject out = PatientSignInRoutes.describe(v);
    out.remove("csrfToken");
    return out;
  }

  private static JsonObject viewer(Viewer v) {
    return new JsonObject()
        .put("relative", v.isRelative())
        .put("name", v.viewerName())
        .put("relation", v.relation());
  }

  /** Per code, its points oldest first; codes the view does not show are left out. */
  private static JsonArray measurements(List<PatientViewStore.Point> points) {
    Map<String, JsonArray> byCode = new LinkedHashMap<>();
    for (PatientViewStore.Point pt : points) {
      if (!SHOWN.contains(pt.code())) {
        continue;
      }
      byCode
          .computeIfAbsent(pt.code(), c -> new JsonArray())
          .add(new JsonObject().put("at", Json.text(pt.at())).put("value", pt.value()));
    }
    JsonArray out = new JsonArray();
    byCode.forEach((code, pts) -> out.add(new JsonObject().put("code", code).put("points", pts)));
    return out;
  }

  /**
   * Each schedule's phase today (the first phase before the start date), with the day it ends and
   * the cadence that follows.
   */
  static JsonArray plan(List<PatientViewStore.Schedule> schedules, Instant now) {
    JsonArray out = new JsonArray();
    for (PatientViewStore.Schedule s : schedules) {
      List<Phase> phases;
      try {
        phases = SchedulePhases.parse(s.phases());
      } catch (RuntimeException e) {
        continue;
      }
      LocalDate today = now.atZone(ZoneId.of(s.zone())).toLocalDate();
      long day = Math.max(0, ChronoUnit.DAYS.between(s.startDate(), today));
      for (int i = 0; i < phases.size(); i++) {
        Phase ph = phases.get(i);
        if (day >= ph.fromDay() && (ph.untilDay() == null || day < ph.untilDay())) {
          Phase next = i + 1 < phases.size() ? phases.get(i + 1) : null;
          out.add(
              new JsonObject()
                  .put("code", s.code())
                  .put("cadence", ph.cadence().name())
                  .put(
                      "until",
                      ph.untilDay() == null
                          ? null
                          : s.startDate().plusDays(ph.untilDay()).toString())
                  .put("then", next == null ? null : next.cadence().name()));
          break;
        }
      }
    }
    return out;
  }

  /**
   * What the clinic told the patient, newest first: the device's reply to each measurement (as the
   * device showed it) and each "call me" request the clinic received.
   */
  private static JsonArray told(
      List<PatientViewStore.StoredReply> replies, List<PatientViewStore.CallRequest> calls) {
    List<JsonObject> items = new ArrayList<>();
    for (PatientViewStore.StoredReply r : replies) {
      DeviceFeedback.Said said =
          DeviceFeedback.said(Level.valueOf(r.level()), r.passive(), r.repeat());
      items.add(
          new JsonObject()
              .put("at", Json.text(r.at()))
              .put("kind", said.kind().wire())
              .put("da", said.message().da())
              .put("en", said.message().en()));
    }
    for (PatientViewStore.CallRequest c : calls) {
      items.add(new JsonObject().put("at", Json.text(c.at())).put("kind", "call-requested"));
    }
    items.sort((a, b) -> b.getString("at").compareTo(a.getString("at")));
    return new JsonArray(new ArrayList<>(items));
  }

  private static JsonArray messages(List<PatientViewStore.Message> messages) {
    JsonArray out = new JsonArray();
    for (PatientViewStore.Message m : messages) {
      out.add(
          new JsonObject()
              .put("at", Json.text(m.at()))
              .put("body", m.body())
              .put("from", m.sentByName()));
    }
    return out;
  }
}

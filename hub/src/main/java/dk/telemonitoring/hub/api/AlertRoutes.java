package dk.telemonitoring.hub.api;

import dk.telemonitoring.alerts.AlertService;
import dk.telemonitoring.alerts.domain.AdviceInstruction;
import dk.telemonitoring.alerts.domain.Alert;
import dk.telemonitoring.alerts.domain.CareOutcome;
import dk.telemonitoring.alerts.domain.Level;
import dk.telemonitoring.alerts.domain.QueueEntry;
import dk.telemonitoring.alerts.domain.SeenFindings;
import dk.telemonitoring.hub.access.Principal;
import dk.telemonitoring.hub.access.Role;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The nurses' work: the triage board (patients with open alerts, worst level first and nearest
 * deadline first, with the reason, latest values, waiting time and who has it; missed measurements
 * and offline devices), the alert lifecycle through the alerts module's {@link AlertService}
 * (acknowledge, note, escalate, resolve with a care-ladder outcome), alert history, and nurse
 * tasks.
 *
 * <p>This class holds the route table and the alert lifecycle; the board, the alert history of a
 * patient and the nurse tasks live in their own classes.
 */
final class AlertRoutes {

  private final AlertService alerts;
  private final Access access;
  private final Audit audit;
  private final AlertViews views;
  private final NurseTasks tasks;
  private final TriageBoard board;
  private final PatientAlertHistory history;
  private final AlertPageView page;

  AlertRoutes(Pool pool, AlertService alerts, Access access, Audit audit) {
    this.alerts = alerts;
    this.access = access;
    this.audit = audit;
    this.views = new AlertViews(pool, this::alerts);
    this.tasks = new NurseTasks(pool, access);
    this.board = new TriageBoard(pool, this::alerts, audit, views, tasks);
    this.history = new PatientAlertHistory(pool, this::alerts, views);
    this.page = new AlertPageView(pool, alerts);
  }

  private AlertService alerts() {
    return alerts;
  }

  void mount(Api api) {
    api.get("/api/v1/board", Role.STAFF, board::read);
    api.get(
        "/api/v1/alerts",
        Role.STAFF,
        (ctx, who) -> {
          List<String> clinics = Access.clinics(ctx, who);
          return alerts()
              .openAlerts(clinics)
              .compose(
                  entries -> {
                    Set<PatientRef> refs = new LinkedHashSet<>();
                    entries.forEach(
                        e -> refs.add(new PatientRef(e.alert().patientId(), e.alert().clinicId())));
                    return audit
                        .recordAll(ctx, who, "alerts.list", refs)
                        .compose(
                            x -> {
                              List<Alert> list = entries.stream().map(QueueEntry::alert).toList();
                              return views.labels(list, AlertViews.actors(list));
                            })
                        .map(
                            labels ->
                                new JsonObject()
                                    .put(
                                        "alerts",
                                        new JsonArray(
                                            entries.stream()
                                                .map(
                                                    e ->
                                                        AlertViews.alertJson(
                                                            e.alert(), Instant.now(), labels))
                                                .toList())));
                  });
        });
    api.get(
        "/api/v1/alerts/:alertId",
        Role.STAFF,
        (ctx, who) ->
            alert(ctx, who, "alert.read")
                .compose(
                    a ->
                        alerts()
                            .history(a.id())
                            .compose(
                                h ->
                                    views
                                        .labels(List.of(a), AlertViews.actors(List.of(a), h))
                                        .map(
                                            labels ->
                                                AlertViews.alertJson(a, Instant.now(), labels)
                                                    .put(
                                                        "history",
                                                        AlertViews.historyJson(
                                                            h, labels.names()))))));
    // The phone alert page (alert-page.html?alert=) for a signed-in person: what the signed link
    // opens, authorised by the session instead; its actions are the routes below.
    api.get(
        "/api/v1/alerts/:alertId/page",
        Role.STAFF,
        (ctx, who) ->
            alert(ctx, who, "alert.page.read")
                .compose(a -> page.read(a, who.displayName(), null))
                .map(json -> json.put("canAdvise", who.role() == Role.DOCTOR)));
    // Advice is the doctor's instruction to the nurses (shown on their board).
    api.post(
        "/api/v1/alerts/:alertId/advise",
        Set.of(Role.DOCTOR),
        201,
        (ctx, who) -> {
          JsonObject body = Json.body(ctx);
          AdviceInstruction instruction;
          try {
            instruction =
                AdviceInstruction.valueOf(
                    Json.required(body, "instruction").toUpperCase(java.util.Locale.ROOT));
          } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(
                "'instruction' must be one of " + Arrays.toString(AdviceInstruction.values()));
          }
          String note = body.getString("note");
          return alert(ctx, who, "alert.advise")
              .compose(
                  a ->
                      alerts()
                          .advise(a.id(), who.actorId(), who.displayName(), instruction, note)
                          .recover(
                              e ->
                                  Future.failedFuture(
                                      e instanceof IllegalArgumentException
                                          ? ApiError.badRequest(e.getMessage())
                                          : e)))
              .map(AlertPageView::adviceJson);
        });
    api.post(
        "/api/v1/alerts/:alertId/advice/:adviceId/carried-out",
        Set.of(Role.NURSE, Role.DOCTOR),
        200,
        (ctx, who) -> {
          long adviceId;
          try {
            adviceId = Long.parseLong(ctx.pathParam("adviceId"));
          } catch (NumberFormatException e) {
            throw ApiError.notFound("advice not found");
          }
          return alert(ctx, who, "alert.advice.carry-out")
              .compose(a -> alerts().carryOutAdvice(a.id(), adviceId, who.actorId()))
              .map(AlertPageView::adviceJson);
        });
    api.post(
        "/api/v1/alerts/:alertId/acknowledge",
        Role.STAFF,
        200,
        (ctx, who) -> {
          String note = Json.optionalNote(ctx);
          return alert(ctx, who, "alert.acknowledge")
              .compose(a -> alerts().acknowledge(a.id(), who.actorId(), note))
              .compose(views::withNames);
        });
    api.post(
        "/api/v1/alerts/:alertId/notes",
        Role.STAFF,
        201,
        (ctx, who) -> {
          String note = Json.required(Json.body(ctx), "note");
          return alert(ctx, who, "alert.note")
              .compose(a -> alerts().addNote(a.id(), who.actorId(), note))
              .compose(views::withNames);
        });
    api.post(
        "/api/v1/alerts/:alertId/escalate",
        Role.STAFF,
        200,
        (ctx, who) -> {
          String note = Json.optionalNote(ctx);
          return alert(ctx, who, "alert.escalate")
              .compose(a -> alerts().escalate(a.id(), who.actorId(), note))
              .compose(views::withNames);
        });
    api.post(
        "/api/v1/alerts/:alertId/resolve",
        Role.STAFF,
        200,
        (ctx, who) -> {
          JsonObject body = Json.body(ctx);
          CareOutcome outcome;
          try {
            outcome = CareOutcome.valueOf(Json.required(body, "outcome").toUpperCase());
          } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(
                "'outcome' must be one of " + Arrays.toString(CareOutcome.values()));
          }
          String note = body.getString("note");
          boolean confirmedCritical = Boolean.TRUE.equals(body.getValue("confirmCritical"));
          SeenFindings seen = SeenFindingsJson.of(body);
          return alert(ctx, who, "alert.resolve")
              .compose(
                  a -> {
                    // Closing a CRITICAL case ends every rule's episode of the patient: never by a
                    // stray click.
                    if (a.level() == Level.CRITICAL && !confirmedCritical) {
                      return Future.failedFuture(
                          new ApiError(
                              422,
                              "resolving a CRITICAL alert needs \"confirmCritical\": true"
                                  + " in the request, confirming that the clinic has acted on it"));
                    }
                    // The nurse closing the alert acts on the advice the board showed with it.
                    return alerts()
                        .resolve(
                            a.id(), who.actorId(), outcome, note, seen, who.role() == Role.NURSE);
                  })
              .compose(views::withNames);
        });
    api.post(
        "/api/v1/alerts/:alertId/snooze",
        Role.STAFF,
        200,
        (ctx, who) -> {
          JsonObject body = Json.body(ctx);
          String note = body.getString("note");
          String until = body.getString("until");
          return alert(ctx, who, "alert.snooze")
              .compose(
                  a ->
                      until == null
                          ? alerts().snoozeUntilClear(a.id(), who.actorId(), note)
                          : alerts().snooze(a.id(), who.actorId(), parseInstant(until), note))
              .compose(views::withNames);
        });
    api.post(
        "/api/v1/alerts/acknowledge-green",
        Role.STAFF,
        200,
        (ctx, who) -> {
          JsonArray ids = Json.body(ctx).getJsonArray("patientIds");
          if (ids == null || ids.isEmpty()) {
            throw ApiError.badRequest("'patientIds' must be a non-empty array");
          }
          List<UUID> patients = new ArrayList<>();
          for (Object id : ids) {
            patients.add(uuid(id));
          }
          Future<Void> allowed = Future.succeededFuture();
          for (UUID patient : patients) {
            allowed =
                allowed.compose(
                    x -> access.patient(ctx, who, patient, "alerts.acknowledge-green").mapEmpty());
          }
          return allowed
              .compose(x -> alerts().acknowledgeAllGreen(patients, who.actorId()))
              .map(n -> new JsonObject().put("acknowledged", n));
        });
    api.get(
        "/api/v1/patients/:patientId/alerts",
        Role.STAFF,
        (ctx, who) -> {
          Instant to = Json.instant(ctx, "to", Instant.now().plusSeconds(60));
          Instant from = Json.instant(ctx, "from", to.minus(Duration.ofDays(90)));
          return access
              .patient(ctx, who, "alerts.history.read")
              .compose(ref -> history.between(ref, from, to));
        });
    api.get(
        "/api/v1/tasks",
        Role.STAFF,
        (ctx, who) -> {
          List<String> clinics = Access.clinics(ctx, who);
          return tasks
              .open(clinics)
              .compose(
                  list ->
                      audit
                          .recordAll(ctx, who, "tasks.list", NurseTasks.refs(list))
                          .map(x -> new JsonObject().put("tasks", list)));
        });
    api.post("/api/v1/tasks/:taskId/resolve", Role.STAFF, 200, tasks::resolve);
  }

  // ----- alerts -----

  /** The alert in the path if it belongs to a patient the person may see (else 404); audited. */
  private Future<Alert> alert(RoutingContext ctx, Principal who, String action) {
    UUID id = Json.pathId(ctx, "alertId");
    return alerts()
        .get(id)
        .recover(
            e ->
                Future.failedFuture(
                    e instanceof dk.telemonitoring.alerts.domain.AlertNotFoundException
                        ? ApiError.notFound("alert not found")
                        : e))
        .compose(
            a -> {
              if (a == null || !who.clinics().contains(a.clinicId())) {
                return Future.failedFuture(ApiError.notFound("alert not found"));
              }
              return access.patient(ctx, who, a.patientId(), action).map(a);
            });
  }

  private static Instant parseInstant(String text) {
    try {
      return Instant.parse(text);
    } catch (java.time.format.DateTimeParseException e) {
      throw ApiError.badRequest("'until' must be an ISO-8601 instant");
    }
  }

  private static UUID uuid(Object id) {
    try {
      return UUID.fromString(String.valueOf(id));
    } catch (IllegalArgumentException e) {
      throw ApiError.notFound("patient not found");
    }
  }
}

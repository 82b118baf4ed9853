package dk.telemonitoring.hub.api;

import dk.telemonitoring.alerts.AlertService;
import dk.telemonitoring.alerts.domain.Alert;
import dk.telemonitoring.alerts.domain.AlertTransition;
import dk.telemonitoring.alerts.domain.CareOutcome;
import dk.telemonitoring.alerts.domain.PatientAlerts;
import dk.telemonitoring.alerts.domain.QueueEntry;
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
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The nurses' work: the triage board (patients with open alerts, worst level first and nearest deadline first,
 * with the reason, latest values, waiting time and who has it; missed measurements and offline devices), the
 * alert lifecycle through the alerts module's {@link AlertService} (acknowledge, note, escalate, resolve with a
 * care-ladder outcome), alert history, and nurse tasks.
 */
final class AlertRoutes {

  /** Measurement codes shown as "latest values" on the board. */
  static final List<String> BOARD_CODES = List.of("spo2", "pulse", "fev1", "pef", "weight", "temperature", "cat",
      "bp_systolic", "bp_diastolic", "resp_rate");

  private final Hub hub;
  private final Pool pool;
  private final Access access;
  private final Audit audit;

  AlertRoutes(Hub hub, Access access, Audit audit) {
    this.hub = hub;
    this.pool = hub.pool();
    this.access = access;
    this.audit = audit;
  }

  private AlertService alerts() {
    return hub.alerts();
  }

  void mount(Api api) {
    api.get("/api/v1/board", Role.STAFF, this::board);
    api.get("/api/v1/alerts", Role.STAFF, (ctx, who) -> {
      List<String> clinics = Access.clinics(ctx, who);
      return alerts().openAlerts(clinics).compose(entries -> {
        Set<PatientRef> refs = new LinkedHashSet<>();
        entries.forEach(e -> refs.add(new PatientRef(e.alert().patientId(), e.alert().clinicId())));
        return audit.recordAll(ctx, who, "alerts.list", refs).compose(x -> names(actors(entries.stream()
                .map(QueueEntry::alert).toList())))
            .map(names -> new JsonObject().put("alerts", new JsonArray(entries.stream()
                .map(e -> alertJson(e.alert(), Instant.now(), names)).toList())));
      });
    });
    api.get("/api/v1/alerts/:alertId", Role.STAFF, (ctx, who) -> alert(ctx, who, "alert.read")
        .compose(a -> alerts().history(a.id()).compose(h -> names(actors(List.of(a), h))
            .map(names -> alertJson(a, Instant.now(), names).put("history", historyJson(h, names))))));
    api.post("/api/v1/alerts/:alertId/acknowledge", Role.STAFF, 200, (ctx, who) -> {
      String note = optionalNote(ctx);
      return alert(ctx, who, "alert.acknowledge")
          .compose(a -> alerts().acknowledge(a.id(), who.actorId(), note)).compose(this::alertWithNames);
    });
    api.post("/api/v1/alerts/:alertId/notes", Role.STAFF, 201, (ctx, who) -> {
      String note = Json.required(Json.body(ctx), "note");
      return alert(ctx, who, "alert.note")
          .compose(a -> alerts().addNote(a.id(), who.actorId(), note)).compose(this::alertWithNames);
    });
    api.post("/api/v1/alerts/:alertId/escalate", Role.STAFF, 200, (ctx, who) -> {
      String note = optionalNote(ctx);
      return alert(ctx, who, "alert.escalate")
          .compose(a -> alerts().escalate(a.id(), who.actorId(), note)).compose(this::alertWithNames);
    });
    api.post("/api/v1/alerts/:alertId/resolve", Role.STAFF, 200, (ctx, who) -> {
      JsonObject body = Json.body(ctx);
      CareOutcome outcome;
      try {
        outcome = CareOutcome.valueOf(Json.required(body, "outcome").toUpperCase());
      } catch (IllegalArgumentException e) {
        throw ApiError.badRequest("'outcome' must be one of " + Arrays.toString(CareOutcome.values()));
      }
      String note = body.getString("note");
      return alert(ctx, who, "alert.resolve")
          .compose(a -> alerts().resolve(a.id(), who.actorId(), outcome, note)).compose(this::alertWithNames);
    });
    api.post("/api/v1/alerts/:alertId/snooze", Role.STAFF, 200, (ctx, who) -> {
      JsonObject body = Json.body(ctx);
      String note = body.getString("note");
      String until = body.getString("until");
      return alert(ctx, who, "alert.snooze").compose(a -> until == null
              ? alerts().snoozeUntilClear(a.id(), who.actorId(), note)
              : alerts().snooze(a.id(), who.actorId(), parseInstant(until), note))
          .compose(this::alertWithNames);
    });
    api.post("/api/v1/alerts/acknowledge-green", Role.STAFF, 200, (ctx, who) -> {
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
        allowed = allowed.compose(x -> access.patient(ctx, who, patient, "alerts.acknowledge-green").mapEmpty());
      }
      return allowed.compose(x -> alerts().acknowledgeAllGreen(patients, who.actorId()))
          .map(n -> new JsonObject().put("acknowledged", n));
    });
    api.get("/api/v1/patients/:patientId/alerts", Role.STAFF, (ctx, who) -> {
      Instant to = Json.instant(ctx, "to", Instant.now().plusSeconds(60));
      Instant from = Json.instant(ctx, "from", to.minus(Duration.ofDays(90)));
      return access.patient(ctx, who, "alerts.history.read").compose(ref -> patientAlerts(ref, from, to));
    });
    api.get("/api/v1/tasks", Role.STAFF, (ctx, who) -> {
      List<String> clinics = Access.clinics(ctx, who);
      return tasks(clinics).compose(list -> audit.recordAll(ctx, who, "tasks.list", refs(list))
          .map(x -> new JsonObject().put("tasks", list)));
    });
    api.post("/api/v1/tasks/:taskId/resolve", Role.STAFF, 200, this::resolveTask);
  }

  // ----- board -----

  private Future<JsonObject> board(RoutingContext ctx, Principal who) {
    List<String> clinics = Access.clinics(ctx, who);
    Instant now = Instant.now();
    Future<List<PatientAlerts>> open = alerts().openAlertsByPatient(clinics);
    Future<JsonArray> tasks = tasks(clinics);
    return Future.all(open, tasks).compose(x -> {
      List<PatientAlerts> groups = open.result();
      Set<UUID> ids = new LinkedHashSet<>();
      groups.forEach(g -> ids.add(g.patientId()));
      Future<Map<UUID, JsonObject>> patients = patients(ids);
      Future<Map<UUID, JsonObject>> latest = latest(ids);
      List<Alert> all = groups.stream().flatMap(g -> g.alerts().stream().map(QueueEntry::alert)).toList();
      Future<Map<String, String>> names = names(actors(all));
      return Future.all(patients, latest, names).compose(y -> {
        JsonArray rows = new JsonArray();
        Set<PatientRef> refs = new LinkedHashSet<>();
        for (PatientAlerts g : groups) {
          refs.add(new PatientRef(g.patientId(), g.clinicId()));
          Instant oldest = g.alerts().stream().map(e -> e.alert().openedAt()).min(Instant::compareTo).orElse(now);
          rows.add(new JsonObject().put("patient", patients.result().getOrDefault(g.patientId(),
                  new JsonObject().put("id", g.patientId().toString())))
              .put("worstLevel", g.worstLevel().name()).put("earliestDeadline", g.earliestDeadline().toString())
              .put("untilDeadlineSeconds", Duration.between(now, g.earliestDeadline()).toSeconds())
              .put("waitingSeconds", Duration.between(oldest, now).toSeconds())
              .put("alerts", new JsonArray(g.alerts().stream().map(e -> alertJson(e.alert(), now, names.result())).toList()))
              .put("latest", latest.result().getOrDefault(g.patientId(), new JsonObject())));
        }
        JsonArray missed = new JsonArray();
        JsonArray offline = new JsonArray();
        for (Object t : tasks.result()) {
          JsonObject task = (JsonObject) t;
          refs.add(new PatientRef(UUID.fromString(task.getString("patientId")), task.getString("clinicId")));
          ("DEVICE_OFFLINE".equals(task.getString("kind")) ? offline : missed).add(task);
        }
        return audit.recordAll(ctx, who, "board.read", refs).map(z -> new JsonObject().put("now", now.toString())
            .put("clinics", new JsonArray(clinics)).put("patients", rows).put("missed", missed).put("offline", offline)
            .put("outcomes", new JsonArray(Arrays.stream(CareOutcome.values()).map(Enum::name).toList())));
      });
    });
  }

  private Future<Map<UUID, JsonObject>> patients(Set<UUID> ids) {
    if (ids.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    return pool.preparedQuery("""
            SELECT p.id, p.clinic_id, p.display_name, p.condition, n.display_name
            FROM patients p LEFT JOIN patient_care c ON c.patient_id = p.id LEFT JOIN app_users n ON n.id = c.contact_nurse_id
            WHERE p.id = ANY($1)""").execute(Tuple.of(ids.toArray(UUID[]::new)))
        .map(rs -> {
          Map<UUID, JsonObject> out = new HashMap<>();
          for (Row r : rs) {
            out.put(r.getUUID(0), new JsonObject().put("id", r.getUUID(0).toString()).put("clinicId", r.getString(1))
                .put("displayName", r.getString(2)).put("condition", r.getString(3)).put("contactNurse", r.getString(4)));
          }
          return out;
        });
  }

  private Future<Map<UUID, JsonObject>> latest(Set<UUID> ids) {
    if (ids.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    return pool.preparedQuery("""
            SELECT DISTINCT ON (patient_id, code) patient_id, code, value, unit, measured_at, flags FROM readings
            WHERE patient_id = ANY($1) AND code = ANY($2) AND measured_at > now() - interval '7 days'
              AND measured_at < now() + interval '1 hour'
            ORDER BY patient_id, code, measured_at DESC""")
        .execute(Tuple.of(ids.toArray(UUID[]::new), (Object) BOARD_CODES.toArray(String[]::new)))
        .map(rs -> {
          Map<UUID, JsonObject> out = new HashMap<>();
          for (Row r : rs) {
            out.computeIfAbsent(r.getUUID(0), k -> new JsonObject()).put(r.getString(1), new JsonObject()
                .put("value", r.getDouble(2)).put("unit", r.getString(3))
                .put("measuredAt", Json.text(r.getOffsetDateTime(4))).put("flags", Json.strings(r, 5)));
          }
          return out;
        });
  }

  // ----- alerts -----

  /** The alert in the path if it belongs to a patient the person may see (else 404); audited. */
  private Future<Alert> alert(RoutingContext ctx, Principal who, String action) {
    UUID id = Json.pathId(ctx, "alertId");
    return alerts().get(id).recover(e -> Future.failedFuture(
            e instanceof dk.telemonitoring.alerts.domain.AlertNotFoundException ? ApiError.notFound("alert not found") : e))
        .compose(a -> {
          if (a == null || !who.clinics().contains(a.clinicId())) {
            return Future.failedFuture(ApiError.notFound("alert not found"));
          }
          return access.patient(ctx, who, a.patientId(), action).map(a);
        });
  }

  private Future<JsonObject> alertWithNames(Alert a) {
    return names(actors(List.of(a))).map(n -> alertJson(a, Instant.now(), n));
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

  private static String optionalNote(RoutingContext ctx) {
    if (ctx.body() == null || ctx.body().length() == 0) {
      return null;
    }
    String note = Json.body(ctx).getString("note");
    return note == null || note.isBlank() ? null : note;
  }

  static JsonObject alertJson(Alert a, Instant now, Map<String, String> names) {
    Duration until = a.timeToDeadline(now);
    return new JsonObject().put("id", a.id().toString()).put("patientId", a.patientId().toString())
        .put("clinicId", a.clinicId()).put("ruleId", a.ruleId()).put("kind", a.kind().name())
        .put("level", a.level().name()).put("state", a.state().name()).put("explanation", a.explanation())
        .put("readingRef", a.readingRef())
        .put("firstMeasuredAt", Json.text(a.firstMeasuredAt())).put("lastMeasuredAt", Json.text(a.lastMeasuredAt()))
        .put("openedAt", Json.text(a.openedAt())).put("responseDeadline", Json.text(a.responseDeadline()))
        .put("waitingSeconds", Duration.between(a.openedAt(), a.resolvedAt() != null ? a.resolvedAt() : now).toSeconds())
        .put("untilDeadlineSeconds", until.toSeconds())
        .put("overdue", a.state().isOpen() && until.isNegative()).put("snoozed", a.isSnoozed(now))
        .put("acknowledgedAt", Json.text(a.acknowledgedAt())).put("acknowledgedBy", person(a.acknowledgedBy(), names))
        .put("escalatedAt", Json.text(a.escalatedAt()))
        .put("resolvedAt", Json.text(a.resolvedAt())).put("resolvedBy", person(a.resolvedBy(), names))
        .put("outcome", a.outcome() == null ? null : a.outcome().name())
        .put("dischargedOn", a.dischargedOn() == null ? null : a.dischargedOn().toString());
  }

  private static JsonObject person(String actorId, Map<String, String> names) {
    return actorId == null ? null
        : new JsonObject().put("id", actorId).put("displayName", names.getOrDefault(actorId, actorId));
  }

  static JsonArray historyJson(List<AlertTransition> history, Map<String, String> names) {
    JsonArray out = new JsonArray();
    for (AlertTransition t : history) {
      out.add(new JsonObject().put("seq", t.seq()).put("at", Json.text(t.at())).put("actor", person(t.actorId(), names))
          .put("action", t.action().name())
          .put("fromState", t.fromState() == null ? null : t.fromState().name()).put("toState", t.toState().name())
          .put("fromLevel", t.fromLevel() == null ? null : t.fromLevel().name()).put("toLevel", t.toLevel().name())
          .put("note", t.note()));
    }
    return out;
  }

  private static Set<String> actors(List<Alert> alerts, List<AlertTransition> history) {
    Set<String> ids = actors(alerts);
    history.forEach(t -> ids.add(t.actorId()));
    return ids;
  }

  private static Set<String> actors(List<Alert> alerts) {
    Set<String> ids = new HashSet<>();
    for (Alert a : alerts) {
      if (a.acknowledgedBy() != null) ids.add(a.acknowledgedBy());
      if (a.resolvedBy() != null) ids.add(a.resolvedBy());
    }
    return ids;
  }

  /** Display names of actors: hub users by id, the alerts module's contacts by person id. */
  Future<Map<String, String>> names(Set<String> actorIds) {
    if (actorIds.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    return pool.preparedQuery("""
            SELECT id::text, display_name FROM app_users WHERE id::text = ANY($1)
            UNION ALL SELECT person_id, display_name FROM alert_contacts WHERE person_id = ANY($1)""")
        .execute(Tuple.of(actorIds.toArray(String[]::new)))
        .map(rs -> {
          Map<String, String> out = new HashMap<>();
          rs.forEach(r -> out.putIfAbsent(r.getString(0), r.getString(1)));
          return out;
        });
  }

  /** Every alert of the patient in the range (open and resolved) with its full history, newest first. */
  private Future<JsonObject> patientAlerts(PatientRef ref, Instant from, Instant to) {
    return pool.preparedQuery("""
            SELECT id FROM alerts WHERE patient_id = $1 AND opened_at >= $2 AND opened_at < $3
            ORDER BY opened_at DESC LIMIT 200""")
        .execute(Tuple.of(ref.id(), from.atOffset(ZoneOffset.UTC), to.atOffset(ZoneOffset.UTC)))
        .compose(rs -> {
          List<UUID> ids = new ArrayList<>();
          rs.forEach(r -> ids.add(r.getUUID(0)));
          List<Future<Alert>> alertsF = ids.stream().map(id -> alerts().get(id)).toList();
          List<Future<List<AlertTransition>>> histories = ids.stream().map(id -> alerts().history(id)).toList();
          List<Future<?>> all = new ArrayList<>(alertsF);
          all.addAll(histories);
          return Future.all(all).compose(x -> {
            List<Alert> list = alertsF.stream().map(Future::result).toList();
            Set<String> actors = actors(list);
            histories.forEach(h -> h.result().forEach(t -> actors.add(t.actorId())));
            return names(actors).map(names -> {
              JsonArray out = new JsonArray();
              Instant now = Instant.now();
              for (int i = 0; i < list.size(); i++) {
                out.add(alertJson(list.get(i), now, names).put("history", historyJson(histories.get(i).result(), names)));
              }
              return new JsonObject().put("alerts", out);
            });
          });
        });
  }

  // ----- nurse tasks (missed measurements, offline devices) -----

  private Future<JsonArray> tasks(List<String> clinics) {
    return pool.preparedQuery("""
            SELECT t.id, t.patient_id, t.clinic_id, t.kind, t.since, t.details, t.text_en, t.text_da, t.opened_at,
                   p.display_name
            FROM nurse_tasks t JOIN patients p ON p.id = t.patient_id
            WHERE t.clinic_id = ANY($1) AND t.status = 'OPEN' ORDER BY t.since""")
        .execute(Tuple.of(clinics.toArray(String[]::new)))
        .map(rs -> {
          JsonArray out = new JsonArray();
          Instant now = Instant.now();
          for (Row r : rs) {
            Object details = r.getValue(5);
            out.add(new JsonObject().put("id", r.getLong(0)).put("patientId", r.getUUID(1).toString())
                .put("clinicId", r.getString(2)).put("kind", r.getString(3)).put("since", Json.text(r.getOffsetDateTime(4)))
                .put("details", details instanceof JsonObject ? details : null)
                .put("text", new JsonObject().put("en", r.getString(6)).put("da", r.getString(7)))
                .put("openedAt", Json.text(r.getOffsetDateTime(8))).put("patientName", r.getString(9))
                .put("waitingSeconds", Duration.between(r.getOffsetDateTime(4).toInstant(), now).toSeconds()));
          }
          return out;
        });
  }

  private static List<PatientRef> refs(JsonArray tasks) {
    Map<UUID, PatientRef> out = new LinkedHashMap<>();
    for (Object o : tasks) {
      JsonObject t = (JsonObject) o;
      UUID id = UUID.fromString(t.getString("patientId"));
      out.putIfAbsent(id, new PatientRef(id, t.getString("clinicId")));
    }
    return new ArrayList<>(out.values());
  }

  private Future<JsonObject> resolveTask(RoutingContext ctx, Principal who) {
    long id;
    try {
      id = Long.parseLong(ctx.pathParam("taskId"));
    } catch (NumberFormatException e) {
      throw ApiError.notFound("task not found");
    }
    String note = optionalNote(ctx);
    return pool.preparedQuery("SELECT patient_id FROM nurse_tasks WHERE id = $1 AND clinic_id = ANY($2)")
        .execute(Tuple.of(id, (Object) who.clinics().toArray(String[]::new)))
        .compose(rs -> rs.size() == 0 ? Future.failedFuture(ApiError.notFound("task not found"))
            : access.patient(ctx, who, rs.iterator().next().getUUID(0), "task.resolve"))
        .compose(ref -> pool.preparedQuery("""
                UPDATE nurse_tasks SET status = 'RESOLVED', resolved_at = now(), updated_at = now(), resolved_by = $2,
                  details = details || jsonb_build_object('resolutionNote', $3::text)
                WHERE id = $1 AND status = 'OPEN'""")
            .execute(Tuple.of(id, who.actorId(), note)))
        .compose(rs -> rs.rowCount() == 0 ? Future.failedFuture(new ApiError(409, "the task is already resolved"))
            : Future.succeededFuture(new JsonObject().put("id", id).put("status", "RESOLVED")));
  }
}

package dk.telemonitoring.hub.api;

import dk.telemonitoring.alerts.AlertService;
import dk.telemonitoring.alerts.domain.Advice;
import dk.telemonitoring.alerts.domain.Alert;
import dk.telemonitoring.alerts.domain.AlertFinding;
import dk.telemonitoring.alerts.domain.CareOutcome;
import dk.telemonitoring.alerts.domain.PatientAlerts;
import dk.telemonitoring.alerts.domain.QueueEntry;
import dk.telemonitoring.alerts.query.LatestNotes;
import dk.telemonitoring.alerts.query.ResponseTimeReads;
import dk.telemonitoring.alerts.query.UndeliveredPages;
import dk.telemonitoring.hub.access.Principal;
import dk.telemonitoring.hub.store.AwaitedRepeats;
import dk.telemonitoring.hub.store.PatientHeadlines;
import dk.telemonitoring.hub.store.PatientStatusStore;
import dk.telemonitoring.hub.store.ReadingQueries;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The triage board: patients with open alerts, worst level first and nearest deadline first, with
 * the reason, latest values, a 7-day sparkline of the worst parameter ({@link WorstParameter}),
 * waiting time and who has it; missed measurements and offline devices; a doctor's advice no nurse
 * has carried out on an alert that closed ({@link AdviceLeftOnClosedAlerts}).
 */
final class TriageBoard {

  /** Measurement codes shown as "latest values" on the board. */
  static final List<String> BOARD_CODES =
      List.of(
          "spo2",
          "pulse",
          "fev1",
          "pef",
          "weight",
          "temperature",
          "cat",
          "bp_systolic",
          "bp_diastolic",
          "resp_rate");

  /**
   * The sparkline's look-back; readings up to an hour ahead count too, as for the latest values
   * (device clocks).
   */
  static final Duration SPARKLINE_WINDOW = Duration.ofDays(7);

  private final Pool pool;
  private final Supplier<AlertService> alerts;
  private final Audit audit;
  private final AlertViews views;
  private final NurseTasks tasks;
  private final ReadingQueries readings;
  private final PatientStatusStore statusStore;
  private final UndeliveredPages undelivered = new UndeliveredPages();
  private final LatestNotes notes = new LatestNotes();
  private final ResponseTimeReads responseTimes = new ResponseTimeReads();
  private final AwaitedRepeats awaited;
  private final AdviceLeftOnClosedAlerts adviceLeft;

  TriageBoard(
      Pool pool, Supplier<AlertService> alerts, Audit audit, AlertViews views, NurseTasks tasks) {
    this.pool = pool;
    this.alerts = alerts;
    this.audit = audit;
    this.views = views;
    this.tasks = tasks;
    this.readings = new ReadingQueries(pool);
    this.statusStore = new PatientStatusStore(pool);
    this.awaited = new AwaitedRepeats(pool);
    this.adviceLeft = new AdviceLeftOnClosedAlerts(pool, alerts);
  }

  Future<JsonObject> read(RoutingContext ctx, Principal who) {
    List<String> clinics = Access.clinics(ctx, who);
    Instant now = Instant.now();
    Future<List<PatientAlerts>> open = alerts.get().openAlertsByPatient(clinics);
    Future<JsonArray> tasks = this.tasks.open(clinics);
    Future<AdviceLeftOnClosedAlerts.Listing> adviceLeft = this.adviceLeft.of(clinics);
    return Future.all(open, tasks, adviceLeft)
        .compose(
            x -> {
              List<PatientAlerts> groups = open.result();
              Set<UUID> ids = new LinkedHashSet<>();
              groups.forEach(g -> ids.add(g.patientId()));
              Future<Map<UUID, JsonObject>> patients =
                  patients(ids)
                      .compose(
                          found ->
                              PatientStatusRoutes.summaries(statusStore, ids, now)
                                  .map(
                                      status -> {
                                        status.forEach(
                                            (id, st) -> {
                                              if (found.containsKey(id)) {
                                                found.get(id).put("status", st);
                                              }
                                            });
                                        return found;
                                      }));
              Future<Map<UUID, JsonObject>> latest = latest(ids);
              List<Alert> all =
                  groups.stream().flatMap(g -> g.alerts().stream().map(QueueEntry::alert)).toList();
              List<UUID> alertIds = all.stream().map(Alert::id).toList();
              // Who each alert paged as its doctor, named with the people who acted on it.
              Future<Map<UUID, String>> escalatedTo = alerts.get().escalatedTo(alertIds);
              Future<AlertViews.Labels> labels =
                  escalatedTo.compose(
                      doctors -> {
                        Set<String> actors = AlertViews.actors(all);
                        actors.addAll(doctors.values());
                        return views.labels(all, actors);
                      });
              Future<Map<UUID, JsonObject>> sparklines =
                  labels.compose(l -> sparklines(groups, l, now));
              // The doctor's latest advice on each alert (from the alert page), for the nurse.
              Future<Map<UUID, Advice>> advice = alerts.get().latestAdvice(alertIds);
              // Pages that never arrived: the nurse must not wait for a doctor never reached.
              Future<Map<UUID, List<UndeliveredPages.Page>>> unreached =
                  undelivered.of(pool, alertIds);
              // Abnormal readings held back for their repeat are in no alert yet: shown beside it.
              Future<Map<UUID, JsonArray>> repeats = awaited.of(ids);
              // "Acknowledged after": from the level the alert has, to its first acknowledgement.
              Future<Map<UUID, ResponseTimeReads.FirstResponse>> responses =
                  responseTimes.firstResponses(pool, alertIds);
              // A colleague's newest note, where the next nurse decides.
              Future<Map<UUID, JsonObject>> lastNotes = lastNotes(alertIds);
              return Future.all(
                      List.of(
                          patients,
                          latest,
                          sparklines,
                          advice,
                          unreached,
                          repeats,
                          responses,
                          lastNotes))
                  .compose(
                      y -> {
                        JsonArray rows = new JsonArray();
                        Set<PatientRef> refs = new LinkedHashSet<>();
                        for (PatientAlerts g : groups) {
                          refs.add(new PatientRef(g.patientId(), g.clinicId()));
                          Instant oldest =
                              g.alerts().stream()
                                  .map(e -> e.alert().openedAt())
                                  .min(Instant::compareTo)
                                  .orElse(now);
                          rows.add(
                              new JsonObject()
                                  .put(
                                      "patient",
                                      patients
                                          .result()
                                          .getOrDefault(
                                              g.patientId(),
                                              new JsonObject().put("id", g.patientId().toString())))
                                  .put("worstLevel", g.worstLevel().name())
                                  .put("earliestDeadline", g.earliestDeadline().toString())
                                  .put(
                                      "untilDeadlineSeconds",
                                      Duration.between(now, g.earliestDeadline()).toSeconds())
                                  .put("waitingSeconds", Duration.between(oldest, now).toSeconds())
                                  .put(
                                      "alerts",
                                      new JsonArray(
                                          g.alerts().stream()
                                              .map(
                                                  e ->
                                                      AlertViews.alertJson(
                                                              e.alert(), now, labels.result())
                                                          .put(
                                                              "advice",
                                                              adviceJson(
                                                                  advice
                                                                      .result()
                                                                      .get(e.alert().id())))
                                                          .put(
                                                              "escalatedTo",
                                                              person(
                                                                  escalatedTo
                                                                      .result()
                                                                      .get(e.alert().id()),
                                                                  labels.result().names()))
                                                          .put(
                                                              "respondedAfterSeconds",
                                                              respondedAfter(
                                                                  responses
                                                                      .result()
                                                                      .get(e.alert().id())))
                                                          .put(
                                                              "lastNote",
                                                              lastNotes
                                                                  .result()
                                                                  .get(e.alert().id()))
                                                          .put(
                                                              "undeliveredPages",
                                                              undeliveredJson(
                                                                  unreached
                                                                      .result()
                                                                      .getOrDefault(
                                                                          e.alert().id(),
                                                                          List.of()))))
                                              .toList()))
                                  .put(
                                      "latest",
                                      latest.result().getOrDefault(g.patientId(), new JsonObject()))
                                  .put("sparkline", sparklines.result().get(g.patientId()))
                                  .put(
                                      "awaitingRepeat",
                                      repeats
                                          .result()
                                          .getOrDefault(g.patientId(), new JsonArray())));
                        }
                        JsonArray missed = new JsonArray();
                        JsonArray offline = new JsonArray();
                        for (Object t : tasks.result()) {
                          JsonObject task = (JsonObject) t;
                          refs.add(
                              new PatientRef(
                                  UUID.fromString(task.getString("patientId")),
                                  task.getString("clinicId")));
                          ("DEVICE_OFFLINE".equals(task.getString("kind")) ? offline : missed)
                              .add(task);
                        }
                        refs.addAll(adviceLeft.result().patients());
                        return audit
                            .recordAll(ctx, who, "board.read", refs)
                            .map(
                                z ->
                                    new JsonObject()
                                        .put("now", now.toString())
                                        .put("clinics", new JsonArray(clinics))
                                        .put("patients", rows)
                                        .put("missed", missed)
                                        .put("offline", offline)
                                        .put("adviceLeft", adviceLeft.result().rows())
                                        .put(
                                            "outcomes",
                                            new JsonArray(
                                                Arrays.stream(CareOutcome.values())
                                                    .map(Enum::name)
                                                    .toList())));
                      });
            });
  }

  /**
   * One query for the whole board: each patient's worst parameter over the last 7 days (none: no
   * sparkline).
   */
  private Future<Map<UUID, JsonObject>> sparklines(
      List<PatientAlerts> groups, AlertViews.Labels labels, Instant now) {
    Map<UUID, String> codes = new HashMap<>();
    for (PatientAlerts g : groups) {
      List<AlertFinding> findings =
          g.alerts().stream()
              .flatMap(e -> labels.findings().getOrDefault(e.alert().id(), List.of()).stream())
              .toList();
      WorstParameter.of(findings).ifPresent(t -> codes.put(g.patientId(), t.code()));
    }
    return readings.sparklines(codes, now.minus(SPARKLINE_WINDOW), now.plus(Duration.ofHours(1)));
  }

  private static JsonObject person(String id, Map<String, String> names) {
    return id == null
        ? null
        : new JsonObject().put("id", id).put("displayName", names.getOrDefault(id, id));
  }

  private static Long respondedAfter(ResponseTimeReads.FirstResponse r) {
    return r == null || r.respondedAt() == null
        ? null
        : Duration.between(r.levelAt(), r.respondedAt()).toSeconds();
  }

  private static JsonObject adviceJson(Advice a) {
    return a == null ? null : AlertPageView.adviceJson(a);
  }

  private Future<Map<UUID, JsonObject>> patients(Set<UUID> ids) {
    return PatientHeadlines.of(pool, ids);
  }

  /** Each alert's newest note by a person: its words, who wrote it (by name) and when. */
  private Future<Map<UUID, JsonObject>> lastNotes(List<UUID> alertIds) {
    return notes
        .of(pool, alertIds)
        .compose(
            found -> {
              Set<String> writers = new LinkedHashSet<>();
              found.values().forEach(n -> writers.add(n.actorId()));
              return DisplayNames.of(pool, writers)
                  .map(
                      names -> {
                        Map<UUID, JsonObject> out = new HashMap<>();
                        found.forEach(
                            (id, n) ->
                                out.put(
                                    id,
                                    new JsonObject()
                                        .put("text", n.text())
                                        .put("by", names.getOrDefault(n.actorId(), n.actorId()))
                                        .put("at", n.at().toString())
                                        .put("toDoctor", n.toDoctor())));
                        return out;
                      });
            });
  }

  private Future<Map<UUID, JsonObject>> latest(Set<UUID> ids) {
    return readings.latestOf(ids, BOARD_CODES);
  }

  /**
   * Each undelivered page by the role and person it was for and its channel, once per role, person
   * and channel, with {@code stillTrying} while its delivery is retried.
   */
  private static JsonArray undeliveredJson(List<UndeliveredPages.Page> pages) {
    JsonArray out = new JsonArray();
    pages.stream()
        .map(
            p -> {
              JsonObject page =
                  new JsonObject()
                      .put("role", p.recipientRole())
                      .put("personId", p.personId())
                      .put("channel", p.channel());
              return p.stillTrying() ? page.put("stillTrying", true) : page;
            })
        .distinct()
        .forEach(out::add);
    return out;
  }
}

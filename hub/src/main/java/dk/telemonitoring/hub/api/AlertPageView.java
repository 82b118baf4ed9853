package dk.telemonitoring.hub.api;

import dk.telemonitoring.alerts.AlertService;
import dk.telemonitoring.alerts.domain.Advice;
import dk.telemonitoring.alerts.domain.AdviceInstruction;
import dk.telemonitoring.alerts.domain.Alert;
import dk.telemonitoring.alerts.domain.AlertFinding;
import dk.telemonitoring.alerts.domain.AlertState;
import dk.telemonitoring.alerts.domain.CareOutcome;
import dk.telemonitoring.alerts.domain.LinkTarget;
import dk.telemonitoring.alerts.domain.OnCall;
import dk.telemonitoring.alerts.domain.OnCallRole;
import dk.telemonitoring.hub.reading.MeasurementType;
import dk.telemonitoring.hub.store.AlertPageStore;
import dk.telemonitoring.hub.store.ContactLogStore;
import dk.telemonitoring.hub.store.PatientMessageStore;
import dk.telemonitoring.hub.store.PatientStatusStore;
import dk.telemonitoring.hub.store.StaffPhones;
import dk.telemonitoring.hub.triage.rules.FindingValues;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * What the on-call doctor's alert page shows of one alert: the patient (name, age, condition,
 * phones, contact nurse, the nurse on duty), the alert's level and findings with their values in
 * words, a 7-day chart per measurement the findings name (the patient's limits and personal
 * baseline band), the latest readings, earlier alerts, the clinic's recent contacts with the
 * patient and messages to the patient, the patient's status (admitted, on a pause, no longer
 * enrolled) and the advice given. People are named by their display names, never their e-mail
 * addresses. Read only: building it changes nothing.
 */
final class AlertPageView {

  /** The charts' look-back; readings up to an hour ahead count too (device clocks). */
  static final Duration CHART_WINDOW = Duration.ofDays(7);

  /** At most this many charts: the measurements of the worst findings. */
  static final int MAX_CHARTS = 3;

  private static final int EARLIER_CONTACTS = 6;

  private static final int EARLIER_MESSAGES = 3;

  private final Pool pool;
  private final AlertService alerts;
  private final AlertPageStore store;
  private final TrendCharts trendCharts;
  private final PatientReadings latest;
  private final AlertViews views;
  private final ContactLogStore contactLog;
  private final PatientMessageStore messages;
  private final PatientStatusStore status;
  private final AlertNotes notes;
  private final EarlierAlerts earlierAlerts;

  AlertPageView(Pool pool, AlertService alerts) {
    this.pool = pool;
    this.alerts = alerts;
    this.store = new AlertPageStore(pool);
    this.trendCharts = new TrendCharts(pool);
    // The latest values do not depend on how readings are stored.
    this.latest = new PatientReadings(pool, () -> null);
    this.views = new AlertViews(pool, () -> alerts);
    this.contactLog = new ContactLogStore(pool);
    this.messages = new PatientMessageStore(pool);
    this.status = new PatientStatusStore(pool);
    this.notes = new AlertNotes(pool, alerts);
    this.earlierAlerts = new EarlierAlerts(pool, alerts, notes);
  }

  /** The page as the signed link opens it: the link's person, until the link expires. */
  Future<JsonObject> read(LinkTarget link, Alert alert) {
    return read(alert, link.displayName(), link.expiresAt());
  }

  /**
   * The page for {@code you} (a display name); {@code expiresAt} is the link's expiry, null for a
   * signed-in person.
   */
  Future<JsonObject> read(Alert alert, String you, Instant expiresAt) {
    Instant now = Instant.now();
    Future<JsonObject> alertJson = views.withNames(alert);
    Future<List<AlertFinding>> findings =
        alerts.findings(List.of(alert.id())).map(m -> m.getOrDefault(alert.id(), List.of()));
    Future<Optional<AlertPageStore.PatientFacts>> patient = store.patient(alert.patientId());
    Future<JsonObject> nurseOnDuty = onCall(alert.clinicId(), OnCallRole.NURSE_ON_DUTY, now);
    // For a nurse reading the page: the doctor she would call.
    Future<JsonObject> doctorOnCall = onCall(alert.clinicId(), OnCallRole.ONCALL_DOCTOR, now);
    Future<JsonObject> latestValues = latest.latest(alert.patientId());
    Future<JsonArray> earlier = earlierAlerts.of(alert, now);
    Future<JsonArray> advice = alerts.advice(alert.id()).map(AlertPageView::adviceJson);
    Future<AlertNotes.Written> written = notes.of(alert.id());
    Future<JsonArray> charts = findings.compose(f -> charts(alert, f, now));
    Future<JsonArray> contacts =
        contactLog
            .list(alert.patientId(), EARLIER_CONTACTS)
            .map(list -> contactsJson(list, alert.id()));
    Future<JsonArray> sent =
        messages.list(alert.patientId(), EARLIER_MESSAGES).map(AlertPageView::messagesJson);
    Future<JsonObject> patientStatus =
        PatientStatusRoutes.summaries(status, Set.of(alert.patientId()), now)
            .map(m -> m.get(alert.patientId()));
    return Future.all(
            List.of(
                alertJson,
                findings,
                patient,
                nurseOnDuty,
                doctorOnCall,
                latestValues,
                earlier,
                advice,
                charts,
                contacts,
                sent,
                patientStatus,
                written))
        .map(
            x ->
                new JsonObject()
                    .put("now", now.toString())
                    .put("expiresAt", expiresAt == null ? null : expiresAt.toString())
                    .put("readOnly", alert.state() == AlertState.RESOLVED)
                    .put("you", you)
                    .put("alert", alertJson.result())
                    .put("findings", findingsJson(findings.result()))
                    .put("patient", patientJson(patient.result(), now))
                    .put("nurseOnDuty", nurseOnDuty.result())
                    .put("doctorOnCall", doctorOnCall.result())
                    .put("charts", charts.result())
                    .put("latest", latestValues.result())
                    .put("earlierAlerts", earlier.result())
                    .put("contacts", contacts.result())
                    .put("messages", sent.result())
                    .put("patientStatus", patientStatus.result())
                    .put("advice", advice.result())
                    .put("notes", written.result().notes())
                    .put("closing", written.result().closing())
                    .put("instructions", names(AdviceInstruction.values()))
                    .put(
                        "instructionsNeedingText",
                        new JsonArray(
                            Arrays.stream(AdviceInstruction.values())
                                .filter(AdviceInstruction::needsText)
                                .map(Enum::name)
                                .toList()))
                    .put("outcomes", names(CareOutcome.values())));
  }

  private static JsonArray names(Enum<?>[] values) {
    return new JsonArray(Arrays.stream(values).map(Enum::name).toList());
  }

  /** Live findings first, worst first, each with its values in words. */
  private static JsonArray findingsJson(List<AlertFinding> findings) {
    JsonArray out = new JsonArray();
    findings.stream()
        .sorted(
            Comparator.comparing((AlertFinding f) -> !f.live())
                .thenComparing(AlertFinding::level, Comparator.reverseOrder()))
        .forEach(
            f -> {
              FindingValues.Values v = FindingValues.of(f.ruleId(), f.inputs());
              out.add(
                  new JsonObject()
                      .put("ruleId", f.ruleId())
                      .put("level", f.level().name())
                      .put("live", f.live())
                      .put(
                          "explanations",
                          new JsonObject()
                              .put("en", f.explanation())
                              .put(
                                  "da",
                                  f.explanationDa() != null ? f.explanationDa() : f.explanation()))
                      .put("values", new JsonObject().put("en", v.en()).put("da", v.da()))
                      .put("lastMeasuredAt", Json.text(f.lastMeasuredAt())));
            });
    return out;
  }

  private static JsonObject patientJson(Optional<AlertPageStore.PatientFacts> found, Instant now) {
    if (found.isEmpty()) {
      return new JsonObject();
    }
    AlertPageStore.PatientFacts p = found.get();
    Integer age = null;
    if (p.birthDate() != null) {
      LocalDate today = now.atZone(zone(p.clinicZone())).toLocalDate();
      age = Period.between(p.birthDate(), today).getYears();
    }
    return new JsonObject()
        .put("id", p.id().toString())
        .put("displayName", p.displayName())
        .put("condition", p.condition())
        .put("age", age)
        .put("phone", p.phone())
        .put("contactNurse", p.contactNurse())
        .put("contactNursePhone", p.contactNursePhone())
        .put("clinicName", p.clinicName())
        .put("clinicPhone", p.clinicPhone());
  }

  private static ZoneId zone(String id) {
    try {
      return ZoneId.of(id);
    } catch (RuntimeException e) {
      return ZoneId.of("Europe/Copenhagen");
    }
  }

  /** Who holds the role now, by name and work phone; null when nobody does. */
  private Future<JsonObject> onCall(String clinicId, OnCallRole role, Instant now) {
    return alerts
        .whoIsOnCall(clinicId, role, now)
        .map(OnCall::now)
        .compose(
            shift ->
                shift.isEmpty()
                    ? Future.succeededFuture((JsonObject) null)
                    : Future.all(
                            DisplayNames.of(pool, Set.of(shift.get().personId())),
                            StaffPhones.ofAll(pool, Set.of(shift.get().personId())))
                        .map(
                            both -> {
                              String id = shift.get().personId();
                              Map<String, String> names = both.resultAt(0);
                              Map<String, String> phones = both.resultAt(1);
                              return new JsonObject()
                                  .put("displayName", names.getOrDefault(id, id))
                                  .put("phone", phones.get(id));
                            }));
  }

  /**
   * The patient's logged contacts, newest first; the author by name only (a contact whose author is
   * no longer a hub user shows no author rather than an e-mail address).
   */
  private static JsonArray contactsJson(List<ContactLogStore.Contact> contacts, UUID alertId) {
    JsonArray out = new JsonArray();
    for (ContactLogStore.Contact c : contacts) {
      out.add(
          new JsonObject()
              .put("contactedAt", Json.text(c.contactedAt()))
              .put("channel", c.channel().name())
              .put("durationMinutes", c.durationMinutes())
              .put("outcome", c.outcome().name())
              .put("summary", c.summary())
              .put("closedThisAlert", alertId.equals(c.resolvedAlertId()))
              .put("by", c.loggedByName()));
    }
    return out;
  }

  /** The clinic's latest messages to the patient's tablet: what, by whom, and whether shown. */
  private static JsonArray messagesJson(List<PatientMessageStore.Message> sent) {
    JsonArray out = new JsonArray();
    for (PatientMessageStore.Message m : sent) {
      out.add(
          new JsonObject()
              .put("sentAt", Json.text(m.sentAt()))
              .put("body", m.body())
              .put("published", m.publishedAt() != null)
              .put("shownAt", Json.text(m.deliveredAt()))
              .put("by", m.sentByName()));
    }
    return out;
  }

  static JsonArray adviceJson(List<Advice> advice) {
    JsonArray out = new JsonArray();
    advice.forEach(a -> out.add(adviceJson(a)));
    return out;
  }

  static JsonObject adviceJson(Advice a) {
    return new JsonObject()
        .put("id", a.id())
        .put("instruction", a.instruction().name())
        .put("note", a.note())
        .put("at", Json.text(a.at()))
        .put("by", a.actorName() != null ? a.actorName() : a.actorId())
        // Not shown: the board compares it with who holds the alert (a doctor's advice takes it).
        .put("byId", a.actorId())
        .put("carriedOutAt", Json.text(a.carriedOutAt()));
  }

  /**
   * One chart per measurement the alert's findings name (worst finding first, at most {@link
   * #MAX_CHARTS}): 7 days of readings, the patient's limits and the personal baseline band.
   */
  private Future<JsonArray> charts(Alert alert, List<AlertFinding> findings, Instant now) {
    Set<MeasurementType> types = new LinkedHashSet<>();
    findings.stream()
        .sorted(
            Comparator.comparing((AlertFinding f) -> !f.live())
                .thenComparing(AlertFinding::level, Comparator.reverseOrder()))
        .map(WorstParameter::named)
        .flatMap(Optional::stream)
        .forEach(types::add);
    List<MeasurementType> shown = types.stream().limit(MAX_CHARTS).toList();
    if (shown.isEmpty()) {
      return Future.succeededFuture(new JsonArray());
    }
    List<String> codes = shown.stream().map(MeasurementType::code).toList();
    return trendCharts.build(
        alert.patientId(), codes, now.minus(CHART_WINDOW), now.plus(Duration.ofHours(1)), true);
  }
}

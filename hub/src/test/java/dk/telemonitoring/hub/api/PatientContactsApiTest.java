package dk.telemonitoring.hub.api;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.alerts.domain.AlertSignal;
import dk.telemonitoring.alerts.domain.Level;
import dk.telemonitoring.hub.support.Devices;
import dk.telemonitoring.hub.support.Sql;
import dk.telemonitoring.hub.support.TestHub;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The contact log against a real hub and PostgreSQL: a nurse logs a phone, video or home-visit
 * contact with its care-ladder outcome, optionally closing the patient's open alert by the board's
 * rules; acute contacts count in the clinic overview exactly once; the patient's timeline lists
 * readings, alerts, contacts and status changes newest first, page by page.
 */
class PatientContactsApiTest extends TwoClinicApiTest {

  PatientContactsApiTest() {
    super("contacts");
  }

  private static String contacts(UUID patient) {
    return "/api/v1/patients/" + patient + "/contacts";
  }

  private static JsonObject contact(String channel, String outcome, String summary) {
    return new JsonObject()
        .put("channel", channel)
        .put("durationMinutes", 12)
        .put("summary", summary)
        .put("outcome", outcome);
  }

  @Test
  void loggedAcuteContactsCountInTheClinicOverviewExactlyOnce() {
    UUID patient = hub.provision("clinic-c", "ox-c-1", "COPD");
    ApiClient.createUser(
        base, TestHub.SERVICE_TOKEN, "nurse.c@test.dk", PASSWORD, "nurse", "clinic-c");
    ApiClient nurse = ApiClient.loggedIn(base, "nurse.c@test.dk", PASSWORD);
    JsonObject before = nurse.json("/api/v1/overview?clinic=clinic-c&days=30");
    assertThat(before.getJsonObject("figures").getLong("acuteContacts")).isZero();

    // Acute: a home visit that ended in an acute visit, and a phone call that ended in admission.
    for (JsonObject c :
        List.of(
            contact("HOME_VISIT", "ACUTE_HOME_VISIT", "exacerbation, started prednisolone"),
            contact("PHONE", "HOSPITAL_ADMISSION", "breathless at rest, ambulance called"),
            // Not acute: advice by phone, a video consultation with no action.
            contact("PHONE", "ADVICE_BY_PHONE", "inhaler technique"),
            contact("VIDEO", "NO_ACTION_NEEDED", "routine follow-up"))) {
      HttpResponse<String> r = nurse.send("POST", contacts(patient), c.encode());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }
    // An alert closed by a contact with an acute outcome counts once, as the alert's outcome.
    UUID alert = raise(patient, "clinic-c", "spo2.limit", Level.RED, "SpO2 88 % below 90 %");
    HttpResponse<String> closing =
        nurse.send(
            "POST",
            contacts(patient),
            contact("HOME_VISIT", "ACUTE_HOME_VISIT", "visited, antibiotics started")
                .put("resolveAlertId", alert.toString())
                .encode());
    assertThat(closing.statusCode()).as(closing.body()).isEqualTo(201);
    // Outside the period: a contact logged 40 days ago does not count in the last 30 days.
    HttpResponse<String> old =
        nurse.send(
            "POST",
            contacts(patient),
            contact("HOME_VISIT", "ACUTE_HOME_VISIT", "last month's visit")
                .put("contactedAt", Instant.now().minus(Duration.ofDays(40)).toString())
                .encode());
    assertThat(old.statusCode()).as(old.body()).isEqualTo(201);

    JsonObject o = nurse.json("/api/v1/overview?clinic=clinic-c&days=30");
    assertThat(o.getJsonObject("figures").getLong("acuteContacts")).isEqualTo(3);
    assertThat(o.getJsonObject("afterEnrolment").getLong("acuteContacts")).isEqualTo(3);
    assertThat(o.getJsonObject("figures").getJsonObject("outcomes").getLong("ACUTE_HOME_VISIT"))
        .as("alert outcomes stay the alerts' own")
        .isEqualTo(1);
    JsonArray groups = o.getJsonArray("byMunicipality");
    assertThat(groups.getJsonObject(0).getLong("acuteContacts")).isEqualTo(3);
  }

  @Test
  void aContactClosesThePatientsOpenAlertByTheBoardsRules() {
    ApiClient nurse = ApiClient.loggedIn(base, "nurse.a@test.dk", PASSWORD);
    UUID critical = raise(patientA, "clinic-a", "spo2.critical", Level.CRITICAL, "SpO2 82 %");
    JsonObject call =
        contact("PHONE", "ADVICE_BY_PHONE", "called: feels better after rest, re-measured 93 %")
            .put("resolveAlertId", critical.toString());

    HttpResponse<String> unconfirmed = nurse.send("POST", contacts(patientA), call.encode());
    assertThat(unconfirmed.statusCode()).as(unconfirmed.body()).isEqualTo(422);
    assertThat(alertState(critical)).isNotEqualTo("RESOLVED");
    assertThat(
            Sql.count(db, "SELECT count(*) FROM patient_contacts WHERE patient_id = ?", patientA))
        .as("nothing logged when the alert could not be closed")
        .isZero();
    // A form that showed the alert before a newer reading joined it closes nothing.
    JsonObject stale =
        call.copy()
            .put("confirmCritical", true)
            .put(
                "seenFindings",
                new JsonObject()
                    .put("spo2.critical", Instant.now().minus(Duration.ofHours(1)).toString()));
    HttpResponse<String> unseen = nurse.send("POST", contacts(patientA), stale.encode());
    assertThat(unseen.statusCode()).as(unseen.body()).isEqualTo(409);
    assertThat(alertState(critical)).isNotEqualTo("RESOLVED");
    assertThat(
            Sql.count(db, "SELECT count(*) FROM patient_contacts WHERE patient_id = ?", patientA))
        .isZero();

    String id = UUID.randomUUID().toString();
    JsonObject confirmed = call.copy().put("confirmCritical", true).put("id", id);
    HttpResponse<String> logged = nurse.send("POST", contacts(patientA), confirmed.encode());
    assertThat(logged.statusCode()).as(logged.body()).isEqualTo(201);
    JsonObject body = new JsonObject(logged.body());
    assertThat(body.getString("resolvedAlertId")).isEqualTo(critical.toString());
    assertThat(body.getString("loggedByName")).isEqualTo("nurse.a");
    assertThat(alertState(critical)).isEqualTo("RESOLVED");
    assertThat(Sql.text(db, "SELECT outcome FROM alerts WHERE id = ?", critical))
        .isEqualTo("ADVICE_BY_PHONE");

    // The form sent again (a retry) returns the same contact and closes nothing twice.
    HttpResponse<String> again = nurse.send("POST", contacts(patientA), confirmed.encode());
    assertThat(again.statusCode()).as(again.body()).isEqualTo(201);
    assertThat(new JsonObject(again.body()).getString("id")).isEqualTo(id);
    assertThat(
            Sql.count(db, "SELECT count(*) FROM patient_contacts WHERE patient_id = ?", patientA))
        .isEqualTo(1);
    // A resolved alert cannot be closed again by a new contact.
    HttpResponse<String> resolvedAlready =
        nurse.send("POST", contacts(patientA), call.copy().put("confirmCritical", true).encode());
    assertThat(resolvedAlready.statusCode()).as(resolvedAlready.body()).isEqualTo(409);
    // Another patient's alert is not found from this patient.
    UUID otherPatients = raise(patientB, "clinic-b", "spo2.limit", Level.RED, "SpO2 88 %");
    HttpResponse<String> foreign =
        nurse.send(
            "POST",
            contacts(patientA),
            contact("PHONE", "NO_ACTION_NEEDED", "x")
                .put("resolveAlertId", otherPatients.toString())
                .encode());
    assertThat(foreign.statusCode()).isEqualTo(404);
    assertThat(alertState(otherPatients)).isNotEqualTo("RESOLVED");

    JsonArray list = nurse.json(contacts(patientA)).getJsonArray("contacts");
    assertThat(list).hasSize(1);
    assertThat(
            Sql.count(
                db,
                "SELECT count(*) FROM audit_log WHERE action = 'contact.log' AND patient_id = ?"
                    + " AND user_email = 'nurse.a@test.dk'",
                patientA))
        .as("every attempt audited, the refused ones too")
        .isEqualTo(6);
    assertThat(
            Sql.count(
                db,
                "SELECT count(*) FROM audit_log WHERE action = 'alert.resolve' AND target = ?",
                critical.toString()))
        .as("the attempt refused for an unseen reading, and the resolve")
        .isEqualTo(2);
  }

  @Test
  void onlyNursesAndDoctorsOfThePatientsClinicLogAndBadInputGetsAReason() {
    JsonObject ok = contact("VIDEO", "NO_ACTION_NEEDED", "checked inhaler use");
    ApiClient admin = ApiClient.loggedIn(base, "admin.a@test.dk", PASSWORD);
    assertThat(admin.send("POST", contacts(patientB), ok.encode()).statusCode()).isEqualTo(403);
    ApiClient otherClinic = ApiClient.loggedIn(base, "nurse.a@test.dk", PASSWORD);
    assertThat(otherClinic.send("POST", contacts(patientB), ok.encode()).statusCode())
        .isEqualTo(404);
    assertThat(otherClinic.get(contacts(patientB)).statusCode()).isEqualTo(404);

    ApiClient nurse = ApiClient.loggedIn(base, "nurse.b@test.dk", PASSWORD);
    for (JsonObject bad :
        List.of(
            ok.copy().put("channel", "CARRIER_PIGEON"),
            ok.copy().put("durationMinutes", 0),
            ok.copy().put("durationMinutes", 2.5),
            ok.copy().put("summary", "  "),
            ok.copy().put("outcome", "FEELS_BETTER"),
            ok.copy().put("contactedAt", Instant.now().plus(Duration.ofDays(1)).toString()),
            ok.copy().put("resolveAlertId", "not-an-id"))) {
      HttpResponse<String> r = nurse.send("POST", contacts(patientB), bad.encode());
      assertThat(r.statusCode()).as(bad.encode() + " -> " + r.body()).isEqualTo(400);
      assertThat(new JsonObject(r.body()).getString("error")).isNotBlank();
    }
    HttpResponse<String> fine = nurse.send("POST", contacts(patientB), ok.encode());
    assertThat(fine.statusCode()).as(fine.body()).isEqualTo(201);
  }

  @Test
  void theTimelineListsEverythingNewestFirstPageByPage() throws Exception {
    UUID patient = hub.provision("clinic-d", "ox-d-1", "COPD");
    ApiClient.createUser(
        base, TestHub.SERVICE_TOKEN, "nurse.d@test.dk", PASSWORD, "nurse", "clinic-d");
    ApiClient nurse = ApiClient.loggedIn(base, "nurse.d@test.dk", PASSWORD);
    // A status change as the patient-status routes log it (their table, when this database has
    // it).
    Sql.exec(
        db,
        """
        CREATE TABLE IF NOT EXISTS patient_status_log (
          id bigserial PRIMARY KEY, patient_id uuid NOT NULL REFERENCES patients (id), action text NOT NULL,
          details jsonb NOT NULL, changed_by text NOT NULL, changed_at timestamptz NOT NULL DEFAULT clock_timestamp())""");
    Sql.exec(
        db,
        "INSERT INTO patient_status_log (patient_id, action, details, changed_by, changed_at)"
            + " VALUES (?, 'discharge', '{}'::jsonb, 'nurse.d@test.dk', now() - interval '3 hours')",
        patient);
    try (Devices devices = new Devices(hub.topicRoot())) {
      String topic = devices.readingsTopic("clinic-d", "ox-d-1");
      devices.publish(topic, Devices.spo2("tl-1", Instant.now().minusSeconds(7200), 97, 70));
      devices.publish(topic, Devices.spo2("tl-2", Instant.now().minusSeconds(3600), 97, 72));
      Sql.awaitCount(
          db,
          Duration.ofSeconds(20),
          n -> n == 4,
          "SELECT count(*) FROM readings WHERE patient_id = ?",
          patient);
      // Triaged (normal values: no alert of triage's own joins the timeline later).
      Sql.awaitCount(
          db,
          Duration.ofSeconds(20),
          n -> n == 2,
          "SELECT count(DISTINCT msg_id) FROM triage_findings WHERE patient_id = ?",
          patient);
    }
    UUID alert = raise(patient, "clinic-d", "spo2.limit", Level.RED, "SpO2 88 % below 90 %");
    HttpResponse<String> logged =
        nurse.send(
            "POST",
            contacts(patient),
            contact("PHONE", "ADVICE_BY_PHONE", "called, advice given")
                .put("resolveAlertId", alert.toString())
                .encode());
    assertThat(logged.statusCode()).as(logged.body()).isEqualTo(201);

    String path = "/api/v1/patients/" + patient + "/timeline";
    JsonArray all = nurse.json(path).getJsonArray("entries");
    List<String> kinds = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      JsonObject e = all.getJsonObject(i);
      kinds.add(e.getString("kind") + (e.containsKey("event") ? ":" + e.getString("event") : ""));
    }
    // Newest first: the contact and the resolution (same moment, in either order), the alert,
    // the two readings, then the discharge three hours ago.
    assertThat(kinds)
        .hasSize(6)
        .containsExactlyInAnyOrder(
            "contact", "alert:resolved", "alert:opened", "reading", "reading", "status");
    assertThat(kinds.subList(3, 6)).containsExactly("reading", "reading", "status");
    JsonObject reading = all.getJsonObject(3);
    assertThat(reading.getJsonArray("values")).hasSize(2);
    JsonObject status = all.getJsonObject(5);
    assertThat(status.getString("action")).isEqualTo("discharge");
    JsonObject resolved =
        all.stream()
            .map(JsonObject.class::cast)
            .filter(e -> "resolved".equals(e.getString("event")))
            .findFirst()
            .orElseThrow();
    assertThat(resolved.getString("outcome")).isEqualTo("ADVICE_BY_PHONE");
    assertThat(resolved.getString("by")).isEqualTo("nurse.d");
    for (int i = 1; i < all.size(); i++) {
      assertThat(Instant.parse(all.getJsonObject(i).getString("at")))
          .isBeforeOrEqualTo(Instant.parse(all.getJsonObject(i - 1).getString("at")));
    }

    // Pages of two give the same six entries, each once, in the same order.
    List<String> paged = new ArrayList<>();
    String next = null;
    int pages = 0;
    do {
      JsonObject page =
          nurse.json(
              path
                  + "?limit=2"
                  + (next == null ? "" : "&before=" + java.net.URLEncoder.encode(next, "UTF-8")));
      page.getJsonArray("entries").forEach(e -> paged.add(((JsonObject) e).getString("key")));
      next = page.getString("next");
      pages++;
    } while (next != null && pages < 10);
    List<String> keys = all.stream().map(e -> ((JsonObject) e).getString("key")).toList();
    assertThat(paged).containsExactlyElementsOf(keys);
    Set<String> unique = new HashSet<>(paged);
    assertThat(unique).hasSize(6);

    assertThat(nurse.get(path + "?before=yesterday").statusCode()).isEqualTo(400);
    assertThat(ApiClient.loggedIn(base, "nurse.b@test.dk", PASSWORD).get(path).statusCode())
        .isEqualTo(404);
    assertThat(
            Sql.count(
                db,
                "SELECT count(*) FROM audit_log WHERE action = 'timeline.read' AND patient_id = ?",
                patient))
        .isGreaterThanOrEqualTo(5);
  }

  /**
   * The timeline follows an alert step by step, each with the level the alert had then (an opened
   * step showed the alert's current level before), and with the steps between its opening and its
   * closing: raised, the patient's "call me", acknowledged, snoozed, closed with the outcome.
   */
  @Test
  void theTimelineFollowsAnAlertStepByStepWithTheLevelOfEachStep() {
    UUID patient = hub.provision("clinic-a", "ox-a-steps-1", "COPD");
    UUID alert =
        hub.raise(
            new AlertSignal(
                "clinic-a",
                patient,
                "pulse.limit",
                Level.YELLOW,
                "Pulse 112 /min is above 110",
                "Puls 112 /min er over 110",
                Instant.now(),
                null));
    hub.raise(
        new AlertSignal(
            "clinic-a",
            patient,
            "spo2.limit",
            Level.RED,
            "SpO2 88 % is below 90 %",
            "SpO2 88 % er under 90 %",
            Instant.now(),
            null));
    hub.callMe("clinic-a", patient, "Please call me, I feel worse");
    ApiClient nurse = ApiClient.loggedIn(base, "nurse.a@test.dk", PASSWORD);
    String alertPath = "/api/v1/alerts/" + alert;
    assertThat(nurse.send("POST", alertPath + "/acknowledge", "{}").statusCode()).isEqualTo(200);
    String until =
        Instant.now().plus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString();
    assertThat(
            nurse
                .send(
                    "POST",
                    alertPath + "/snooze",
                    new JsonObject().put("until", until).put("note", "own GP visits").encode())
                .statusCode())
        .isEqualTo(200);
    assertThat(
            nurse
                .send(
                    "POST",
                    alertPath + "/resolve",
                    new JsonObject()
                        .put("outcome", "ADVICE_BY_PHONE")
                        .put("note", "advice on inhaler")
                        .encode())
                .statusCode())
        .isEqualTo(200);

    List<JsonObject> steps =
        nurse.json("/api/v1/patients/" + patient + "/timeline").getJsonArray("entries").stream()
            .map(JsonObject.class::cast)
            .filter(e -> "alert".equals(e.getString("kind")))
            .toList();
    assertThat(steps)
        .extracting(e -> e.getString("event"))
        .containsExactly(
            "resolved", "snoozed", "acknowledged", "contactRequest", "raised", "opened");
    JsonObject opened = steps.get(5);
    assertThat(opened.getString("level")).as("the level when it opened").isEqualTo("YELLOW");
    assertThat(opened.getString("explanationDa")).isEqualTo("Puls 112 /min er over 110");
    JsonObject raised = steps.get(4);
    assertThat(raised.getString("fromLevel")).isEqualTo("YELLOW");
    assertThat(raised.getString("level")).isEqualTo("RED");
    assertThat(raised.getString("explanationDa")).isEqualTo("SpO2 88 % er under 90 %");
    assertThat(steps.get(3).getString("explanation")).endsWith(": Please call me, I feel worse");
    assertThat(steps.get(3).containsKey("byId")).as("the patient is not staff").isFalse();
    assertThat(steps.get(2).getString("by")).isEqualTo("nurse.a");
    assertThat(steps.get(1).getString("until")).isEqualTo(until);
    assertThat(steps.get(1).getString("text")).isEqualTo("own GP visits");
    assertThat(steps.get(0).getString("outcome")).isEqualTo("ADVICE_BY_PHONE");
    assertThat(steps.get(0).getString("text")).isEqualTo("advice on inhaler");
    assertThat(steps.get(0).getString("by")).isEqualTo("nurse.a");
  }

  private String alertState(UUID alert) {
    return Sql.text(db, "SELECT state FROM alerts WHERE id = ?", alert);
  }
}

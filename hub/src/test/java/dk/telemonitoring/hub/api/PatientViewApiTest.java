package dk.telemonitoring.hub.api;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.hub.config.DbUrl;
import dk.telemonitoring.hub.support.Sql;
import dk.telemonitoring.hub.support.TestHub;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The patient's own view against a real hub and database: staff issue a one-time code, the patient
 * signs in with it and reads their own view and nothing else (403 for another patient's id, for
 * every staff route and for every write but "call me"), "call me" becomes a contact request in the
 * nurse's queue once per request, every read is audited, and a relative signs in only while the
 * patient's consent holds.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PatientViewApiTest {

  private static final String PASSWORD = "patient view test password";
  private static final String CLINIC = "pv-a";

  DbUrl db;
  TestHub hub;
  String base;
  UUID patient;
  UUID neighbour;
  UUID otherClinic;

  @BeforeAll
  void start() {
    hub = TestHub.inFreshDatabase("patientview");
    db = hub.db();
    base = hub.httpBase();
    patient = hub.provision(CLINIC, "ox-pv-1", "COPD");
    neighbour = hub.provision(CLINIC, "ox-pv-2", "COPD");
    otherClinic = hub.provision("pv-b", "ox-pv-3", "COPD");
    ApiClient.createUser(base, TestHub.SERVICE_TOKEN, "nurse@pv.test", PASSWORD, "nurse", CLINIC);
    ApiClient.createUser(base, TestHub.SERVICE_TOKEN, "nurse@pvb.test", PASSWORD, "nurse", "pv-b");
    ApiClient.createUser(base, TestHub.SERVICE_TOKEN, "son@pv.test", PASSWORD, "relative");
    Sql.exec(db, "UPDATE clinics SET phone = '70 20 30 40' WHERE id = ?", CLINIC);
    for (UUID p : new UUID[] {patient, neighbour}) {
      Sql.exec(
          db,
          """
          INSERT INTO readings (measured_at, device_id, msg_id, code, patient_id, clinic_id, value, unit, received_at)
          VALUES (now() - interval '1 hour', 'ox', ?, 'spo2', ?, ?, ?, '%', now())""",
          "m-" + p,
          p,
          CLINIC,
          p.equals(patient) ? 94 : 88);
    }
    Sql.exec(
        db,
        "INSERT INTO patient_schedules (patient_id, code, start_date, phases, created_by) "
            + "VALUES (?, 'spo2', current_date, 'TWICE_DAILY:0-14,TWICE_WEEKLY:14-', 'test')",
        patient);
  }

  @AfterAll
  void stop() {
    if (hub != null) {
      hub.close();
    }
  }

  @Test
  void thePatientSignsInWithTheIssuedCodeAndReadsOnlyTheirOwnView() {
    ApiClient nurse = ApiClient.loggedIn(base, "nurse@pv.test", PASSWORD);
    String code = issue(nurse, patient, null);
    assertThat(code).matches("[A-Z2-9]{4}-[A-Z2-9]{4}");
    // Another clinic's nurse cannot issue one.
    assertThat(
            ApiClient.loggedIn(base, "nurse@pvb.test", PASSWORD)
                .send("POST", "/api/v1/patients/" + patient + "/patient-view/codes", "{}")
                .statusCode())
        .isEqualTo(404);

    // Typed in lower case with a space: still the code. Used once only.
    ApiClient me = signIn(code.toLowerCase().replace("-", " "));
    assertThat(new ApiClient(base).send("POST", "/api/v1/patient-view/session", codeBody(code)))
        .extracting(HttpResponse::statusCode)
        .isEqualTo(401);
    JsonObject session = me.json("/api/v1/patient-view/session");
    assertThat(session.getString("patientId")).isEqualTo(patient.toString());
    assertThat(session.getBoolean("relative")).isFalse();

    long readsBefore = audited("patient-view.read", patient);
    JsonObject view = me.json("/api/v1/patient-view/" + patient);
    assertThat(audited("patient-view.read", patient)).isEqualTo(readsBefore + 1);
    assertThat(
            Sql.count(
                db,
                "SELECT count(*) FROM audit_log WHERE action = 'patient-view.read' AND user_role = 'PATIENT' "
                    + "AND user_id = ? AND patient_id = ? AND clinic_id = ?",
                patient,
                patient,
                CLINIC))
        .isGreaterThanOrEqualTo(1);
    JsonArray measurements = view.getJsonArray("measurements");
    assertThat(measurements).hasSize(1);
    assertThat(measurements.getJsonObject(0).getString("code")).isEqualTo("spo2");
    assertThat(
            measurements
                .getJsonObject(0)
                .getJsonArray("points")
                .getJsonObject(0)
                .getDouble("value"))
        .isEqualTo(94.0);
    assertThat(view.getJsonArray("plan").getJsonObject(0).getString("cadence"))
        .isEqualTo("TWICE_DAILY");
    assertThat(view.getJsonArray("plan").getJsonObject(0).getString("then"))
        .isEqualTo("TWICE_WEEKLY");
    assertThat(view.getJsonObject("clinic").getString("phone")).isEqualTo("70 20 30 40");
    // Nothing of triage: no levels, scores or explanations.
    assertThat(view.encode()).doesNotContain("level", "news2", "explanation");

    // Another patient's id, in the same clinic or another: 403, audited as denied.
    for (UUID other : new UUID[] {neighbour, otherClinic, UUID.randomUUID()}) {
      assertThat(me.get("/api/v1/patient-view/" + other).statusCode()).isEqualTo(403);
      assertThat(
              me.send(
                      "POST",
                      "/api/v1/patient-view/" + other + "/call-me",
                      callBody(UUID.randomUUID()))
                  .statusCode())
          .isEqualTo(403);
    }
    assertThat(
            Sql.count(
                db,
                "SELECT count(*) FROM audit_log WHERE action = 'denied:patient-view.read' "
                    + "AND user_id = ? AND patient_id = ?",
                patient,
                neighbour))
        .isEqualTo(1);
    assertThat(Sql.count(db, "SELECT count(*) FROM device_events WHERE patient_id <> ?", patient))
        .isZero();

    // Every staff route, reading or writing, is refused before it touches anything.
    long auditBefore = Sql.count(db, "SELECT count(*) FROM audit_log");
    int checked = 0;
    for (String route : hub.declaredRoutes()) {
      String method = route.substring(0, route.indexOf(' '));
      String path = route.substring(route.indexOf(' ') + 1);
      if (!path.startsWith("/api/v1/")
          || path.startsWith("/api/v1/service/")
          || path.startsWith("/api/v1/patient-view")
          || route.equals("POST /api/v1/session")) {
        continue;
      }
      String filled =
          path.replace("{patientId}", patient.toString())
              .replace("{alertId}", UUID.randomUUID().toString())
              .replace("{userId}", patient.toString())
              .replace("{code}", "spo2")
              .replace("{deviceId}", "ox-pv-1")
              .replaceAll("\\{[A-Za-z]+}", "1");
      HttpResponse<String> r =
          me.send(
              method,
              filled,
              "GET".equals(method)
                  ? null
                  : new JsonObject()
                      .put("reason", "x")
                      .put("phases", "DAILY:0-")
                      .put("note", "x")
                      .put("email", "x@pv.test")
                      .put("patientId", patient.toString())
                      .encode());
      assertThat(r.statusCode()).as(route).isEqualTo(403);
      checked++;
    }
    assertThat(checked).isGreaterThan(25);
    assertThat(Sql.count(db, "SELECT count(*) FROM audit_log")).isEqualTo(auditBefore);

    // "Call me": only with the session's CSRF token; once per request id; into the nurse's queue.
    UUID request = UUID.randomUUID();
    assertThat(
            me.send(
                    "POST",
                    "/api/v1/patient-view/" + patient + "/call-me",
                    callBody(request),
                    false)
                .statusCode())
        .isEqualTo(403);
    HttpResponse<String> call =
        me.send("POST", "/api/v1/patient-view/" + patient + "/call-me", callBody(request));
    assertThat(call.statusCode()).as(call.body()).isEqualTo(202);
    assertThat(new JsonObject(call.body()).getBoolean("new")).isTrue();
    HttpResponse<String> again =
        me.send("POST", "/api/v1/patient-view/" + patient + "/call-me", callBody(request));
    assertThat(new JsonObject(again.body()).getBoolean("new")).isFalse();
    assertThat(
            Sql.awaitCount(
                db,
                Duration.ofSeconds(30),
                n -> n == 1,
                "SELECT count(*) FROM alerts WHERE kind = 'CONTACT_REQUEST' AND state = 'OPEN' AND patient_id = '"
                    + patient
                    + "'"))
        .isEqualTo(1);
    assertThat(Sql.text(db, "SELECT explanation_da FROM alerts WHERE kind = 'CONTACT_REQUEST'"))
        .contains("short of breath tonight");
    assertThat(audited("patient-view.call-me", patient)).isEqualTo(2);
    assertThat(
            me.json("/api/v1/patient-view/" + patient)
                .getJsonArray("told")
                .getJsonObject(0)
                .getString("kind"))
        .isEqualTo("call-requested");

    // The clinic ends the view's sessions (a lost tablet): the session stops working.
    assertThat(
            nurse
                .send("DELETE", "/api/v1/patients/" + patient + "/patient-view/sessions", null)
                .statusCode())
        .isEqualTo(200);
    assertThat(me.get("/api/v1/patient-view/" + patient).statusCode()).isEqualTo(401);
  }

  @Test
  void aRelativeSignsInOnlyWhileThePatientsConsentHolds() {
    ApiClient nurse = ApiClient.loggedIn(base, "nurse@pv.test", PASSWORD);
    // No such relative link: no code.
    HttpResponse<String> none =
        nurse.send(
            "POST",
            "/api/v1/patients/" + patient + "/patient-view/codes",
            new JsonObject().put("relativeId", 999_999).encode());
    assertThat(none.statusCode()).isEqualTo(409);

    HttpResponse<String> added =
        nurse.send(
            "POST",
            "/api/v1/patients/" + patient + "/relatives",
            new JsonObject()
                .put("email", "son@pv.test")
                .put("relation", "son")
                .put("consentGiven", true)
                .put("consentNote", "asked at the visit")
                .encode());
    assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
    long linkId =
        new JsonObject(added.body()).getJsonArray("relatives").getJsonObject(0).getLong("id");
    String code = issue(nurse, patient, linkId);
    String spare = issue(nurse, patient, linkId);
    // A new code for the same person ends the older unused one.
    assertThat(new ApiClient(base).send("POST", "/api/v1/patient-view/session", codeBody(code)))
        .extracting(HttpResponse::statusCode)
        .isEqualTo(401);
    ApiClient son = signIn(spare);
    JsonObject view = son.json("/api/v1/patient-view/" + patient);
    assertThat(view.getJsonObject("viewer").getBoolean("relative")).isTrue();
    String sonId = Sql.text(db, "SELECT id::text FROM app_users WHERE email = 'son@pv.test'");
    assertThat(
            Sql.count(
                db,
                "SELECT count(*) FROM audit_log WHERE action = 'patient-view.read' AND user_id = ?::uuid "
                    + "AND user_email = 'son@pv.test' AND patient_id = ?",
                sonId,
                patient))
        .isEqualTo(1);
    assertThat(son.get("/api/v1/patient-view/" + neighbour).statusCode()).isEqualTo(403);
    String unused = issue(nurse, patient, linkId);

    // Consent withdrawn: the session ends at once, the unused code no longer signs in (403 with
    // the reason), and no new code can be issued.
    assertThat(
            nurse
                .send("DELETE", "/api/v1/patients/" + patient + "/relatives/" + linkId, null)
                .statusCode())
        .isEqualTo(200);
    assertThat(son.get("/api/v1/patient-view/" + patient).statusCode()).isEqualTo(401);
    HttpResponse<String> refused =
        new ApiClient(base).send("POST", "/api/v1/patient-view/session", codeBody(unused));
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(new JsonObject(refused.body()).getString("error")).contains("withdrawn");
    assertThat(
            nurse
                .send(
                    "POST",
                    "/api/v1/patients/" + patient + "/patient-view/codes",
                    new JsonObject().put("relativeId", linkId).encode())
                .statusCode())
        .isEqualTo(409);
  }

  @Test
  void aStaffSessionCannotReadThePatientView() {
    ApiClient nurse = ApiClient.loggedIn(base, "nurse@pv.test", PASSWORD);
    assertThat(nurse.get("/api/v1/patient-view/" + patient).statusCode()).isEqualTo(403);
    assertThat(nurse.get("/api/v1/patient-view/session").statusCode()).isEqualTo(403);
    assertThat(new ApiClient(base).send("POST", "/api/v1/patient-view/session", "{}").statusCode())
        .isEqualTo(400);
  }

  private long audited(String action, UUID patientId) {
    return Sql.count(
        db,
        "SELECT count(*) FROM audit_log WHERE action = ? AND patient_id = ?",
        action,
        patientId);
  }

  private static String issue(ApiClient staff, UUID patientId, Long relativeId) {
    HttpResponse<String> r =
        staff.send(
            "POST",
            "/api/v1/patients/" + patientId + "/patient-view/codes",
            relativeId == null ? "{}" : new JsonObject().put("relativeId", relativeId).encode());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    JsonObject body = new JsonObject(r.body());
    assertThat(body.getString("link"))
        .endsWith("/patient.html#code=" + body.getString("code").replace("-", ""));
    return body.getString("code");
  }

  private ApiClient signIn(String code) {
    ApiClient c = new ApiClient(base);
    HttpResponse<String> r = c.send("POST", "/api/v1/patient-view/session", codeBody(code));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    c.setCookie = r.headers().firstValue("set-cookie").orElseThrow();
    assertThat(c.setCookie).containsIgnoringCase("HttpOnly").contains("SameSite=Strict");
    c.cookie = c.setCookie.substring(0, c.setCookie.indexOf(';'));
    c.csrf = new JsonObject(r.body()).getString("csrfToken");
    return c;
  }

  private static String codeBody(String code) {
    return new JsonObject().put("code", code).encode();
  }

  private static String callBody(UUID request) {
    return new JsonObject()
        .put("requestId", request.toString())
        .put("text", "short of breath tonight")
        .encode();
  }
}

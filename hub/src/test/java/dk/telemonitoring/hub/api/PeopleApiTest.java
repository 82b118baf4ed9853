package dk.telemonitoring.hub.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dk.telemonitoring.alerts.domain.AlertSignal;
import dk.telemonitoring.alerts.domain.Level;
import dk.telemonitoring.hub.app.DbUrl;
import dk.telemonitoring.hub.app.Setting;
import dk.telemonitoring.hub.store.StorageMode;
import dk.telemonitoring.hub.support.Sql;
import dk.telemonitoring.hub.support.TestHub;
import dk.telemonitoring.hub.support.TestServices;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The people-facing API against a real hub, PostgreSQL and broker: authentication, authorisation by role and clinic,
 * CSRF, login rate limits, the audit trail and its immutability, the OpenAPI file, alerts through the alerts module,
 * downsampled readings.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PeopleApiTest {

  static final String PASSWORD = "correct horse battery";

  DbUrl db;
  TestHub hub;
  String base;
  UUID patientA;
  UUID patientB;

  @BeforeAll
  void start() {
    hub = TestHub.inFreshDatabase("people");
    db = hub.db();
    base = hub.httpBase();
    patientA = hub.provision("clinic-a", "ox-a-1", "COPD");
    patientB = hub.provision("clinic-b", "ox-b-1", "COPD");
    ApiClient.createTwoClinicStaff(base, TestHub.SERVICE_TOKEN, PASSWORD);
  }

  @AfterAll
  void stop() {
    if (hub != null) {
      hub.close();
    }
  }

  private static String fill(String path, UUID patient) {
    return path.replace("{patientId}", patient.toString()).replace("{alertId}", UUID.randomUUID().toString())
        .replace("{userId}", UUID.randomUUID().toString()).replace("{taskId}", "1").replace("{code}", "spo2")
        .replace("{deviceId}", "ox-b-1").replace("{relativeId}", "1")
        .replace("{level}", "RED").replace("{rotationId}", "1").replace("{overrideId}", "1");
  }

  private static String bodyFor(String method) {
    return "GET".equals(method) ? null : "{}";
  }

  @Test
  void withoutASessionEveryPeopleRouteAnswers401() {
    ApiClient anonymous = new ApiClient(base);
    int checked = 0;
    for (String route : hub.declaredRoutes()) {
      String method = route.substring(0, route.indexOf(' '));
      String path = route.substring(route.indexOf(' ') + 1);
      if (!path.startsWith("/api/v1/") || path.startsWith("/api/v1/service/") || route.equals("POST /api/v1/session")) {
        continue;
      }
      HttpResponse<String> r = anonymous.send(method, fill(path, patientA), bodyFor(method));
      assertThat(r.statusCode()).as(route).isEqualTo(401);
      assertThat(new JsonObject(r.body()).getString("error")).as(route).isNotBlank();
      checked++;
    }
    assertThat(checked).isGreaterThan(30);
  }

  @Test
  void anotherClinicsPatientIsNotFoundOnEveryRouteThatTakesAPatient() {
    for (String email : new String[] {"nurse.a@test.dk", "doctor.a@test.dk", "admin.a@test.dk"}) {
      ApiClient staff = ApiClient.loggedIn(base, email, PASSWORD);
      int checked = 0;
      for (String route : hub.declaredRoutes()) {
        if (!route.contains("{patientId}")) {
          continue;
        }
        String method = route.substring(0, route.indexOf(' '));
        String path = route.substring(route.indexOf(' ') + 1);
        String body = "GET".equals(method) ? null
            : new JsonObject().put("reason", "test").put("phases", "DAILY:0-").put("yellowLow", 92.0).put("note", "x")
                .put("email", "x@test.dk").put("relation", "son").put("consentGiven", true).put("consentNote", "x").encode();
        HttpResponse<String> r = staff.send(method, fill(path, patientB), body);
        assertThat(r.statusCode()).as(email + " " + route).isIn(403, 404);
        checked++;
      }
      assertThat(checked).isGreaterThanOrEqualTo(12);
      // Binding another clinic's device, or a device to another clinic's patient, is not found either.
      HttpResponse<String> bind = staff.send("PUT", "/api/v1/devices/ox-a-1/binding",
          new JsonObject().put("patientId", patientB.toString()).encode());
      assertThat(bind.statusCode()).as(email).isIn(403, 404);
    }
    // And their own clinic's patient is there.
    ApiClient nurse = ApiClient.loggedIn(base, "nurse.a@test.dk", PASSWORD);
    assertThat(nurse.json("/api/v1/patients/" + patientA).getString("clinicId")).isEqualTo("clinic-a");
    assertThat(nurse.json("/api/v1/patients").getJsonArray("patients")).hasSize(1);
  }

  @Test
  void aNurseCannotChangeLimitsButADoctorCanAndNobodyRelaxesACriticalFloor() {
    JsonObject limit = new JsonObject().put("yellowLow", 90.0).put("redLow", 88.0).put("criticalLow", 85.0)
        .put("reason", "stable COPD patient living at 90-91%");
    ApiClient nurse = ApiClient.loggedIn(base, "nurse.a@test.dk", PASSWORD);
    HttpResponse<String> byNurse = nurse.send("PUT", "/api/v1/patients/" + patientA + "/limits/spo2", limit.encode());
    assertThat(byNurse.statusCode()).isEqualTo(403);
    assertThat(Sql.count(db, "SELECT count(*) FROM patient_limits WHERE patient_id = ? AND author = 'nurse.a@test.dk'", patientA)).isZero();

    ApiClient doctor = ApiClient.loggedIn(base, "doctor.a@test.dk", PASSWORD);
    HttpResponse<String> byDoctor = doctor.send("PUT", "/api/v1/patients/" + patientA + "/limits/spo2", limit.encode());
    assertThat(byDoctor.statusCode()).as(byDoctor.body()).isEqualTo(200);
    assertThat(Sql.text(db, "SELECT author FROM patient_limits WHERE patient_id = ? AND code = 'spo2'", patientA))
        .isEqualTo("doctor.a@test.dk");

    HttpResponse<String> relaxed = doctor.send("PUT", "/api/v1/patients/" + patientA + "/limits/spo2",
        limit.copy().put("criticalLow", 80.0).encode());
    assertThat(relaxed.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(relaxed.body()).getString("error")).isNotBlank();
  }

  @Test
  void everyReadOfAPatientsDataIsAudited() {
    ApiClient nurse = ApiClient.loggedIn(base, "nurse.a@test.dk", PASSWORD);
    String userId = nurse.json("/api/v1/session").getJsonObject("user").getString("id");
    Map<String, String> reads = Map.of(
        "/api/v1/patients/" + patientA, "patient.read",
        "/api/v1/patients/" + patientA + "/readings", "readings.read",
        "/api/v1/patients/" + patientA + "/triage", "triage.read",
        "/api/v1/patients/" + patientA + "/alerts", "alerts.history.read",
        "/api/v1/patients/" + patientA + "/limits", "limits.read",
        "/api/v1/patients/" + patientA + "/schedules", "schedules.read",
        "/api/v1/patients/" + patientA + "/devices", "devices.read",
        "/api/v1/patients", "patients.list");
    reads.forEach((path, action) -> {
      long before = Sql.count(db, "SELECT count(*) FROM audit_log WHERE user_id = ?::uuid AND patient_id = ? AND action = ?",
          userId, patientA, action);
      assertThat(nurse.get(path).statusCode()).as(path).isEqualTo(200);
      long after = Sql.count(db, "SELECT count(*) FROM audit_log WHERE user_id = ?::uuid AND patient_id = ? AND action = ?",
          userId, patientA, action);
      assertThat(after).as(path).isEqualTo(before + 1);
    });
    assertThat(Sql.text(db, "SELECT ip || ' ' || user_agent FROM audit_log WHERE user_id = ?::uuid ORDER BY id DESC LIMIT 1", userId))
        .isEqualTo("127.0.0.1 ApiClient-test");
    // A denied attempt on another clinic's patient is audited too.
    String denied = "SELECT count(*) FROM audit_log WHERE user_id = ?::uuid AND patient_id = ? AND action = 'denied:patient.read'";
    long deniedBefore = Sql.count(db, denied, userId, patientB);
    nurse.get("/api/v1/patients/" + patientB);
    assertThat(Sql.count(db, denied, userId, patientB)).isEqualTo(deniedBefore + 1);
    // Admins see the trail through the API.
    ApiClient admin = ApiClient.loggedIn(base, "admin.a@test.dk", PASSWORD);
    JsonArray entries = admin.json("/api/v1/audit?patient=" + patientA + "&user=" + userId).getJsonArray("entries");
    assertThat(entries.stream().map(e -> ((JsonObject) e).getString("action"))).contains("patient.read", "readings.read");
    assertThat(nurse.get("/api/v1/audit").statusCode()).isEqualTo(403);
  }

  @Test
  void aStateChangingCallWithoutTheCsrfTokenIs403() {
    ApiClient doctor = ApiClient.loggedIn(base, "doctor.a@test.dk", PASSWORD);
    String limit = new JsonObject().put("yellowHigh", 110.0).put("reason", "csrf test").encode();
    HttpResponse<String> r = doctor.send("PUT", "/api/v1/patients/" + patientA + "/limits/pulse", limit, false);
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.body()).contains("X-CSRF-Token");
    ApiClient other = ApiClient.loggedIn(base, "nurse.a@test.dk", PASSWORD);
    doctor.csrf = other.csrf; // another session's token does not do either
    assertThat(doctor.send("PUT", "/api/v1/patients/" + patientA + "/limits/pulse", limit).statusCode()).isEqualTo(403);
    assertThat(doctor.send("DELETE", "/api/v1/session", null, false).statusCode()).isEqualTo(403);
    // A login posted as a form (what a cross-site page could do) is refused.
    assertThat(new ApiClient(base).send("POST", "/api/v1/session", null).statusCode()).isEqualTo(415);
  }

  @Test
  void loginAttemptsAreRateLimitedPerAccount() {
    ApiClient.createUser(base, TestHub.SERVICE_TOKEN, "ratelimit@test.dk", PASSWORD, "nurse", "clinic-a");
    ApiClient c = new ApiClient(base);
    for (int i = 0; i < Auth.MAX_FAILURES_PER_ACCOUNT; i++) {
      assertThat(c.login("ratelimit@test.dk", "wrong password " + i).statusCode()).isEqualTo(401);
    }
    HttpResponse<String> blocked = c.login("ratelimit@test.dk", PASSWORD);
    assertThat(blocked.statusCode()).isEqualTo(429);
    assertThat(blocked.headers().firstValue("Retry-After")).isPresent();
    // Another account from the same address is not blocked by this account's failures.
    assertThat(new ApiClient(base).login("nurse.a@test.dk", PASSWORD).statusCode()).isEqualTo(201);
  }

  @Test
  void theSessionCookieIsHttpOnlyStrictAndNewAtEveryLoginAndLogoutEndsIt() {
    ApiClient first = ApiClient.loggedIn(base, "nurse.a@test.dk", PASSWORD);
    assertThat(first.setCookie).containsIgnoringCase("HttpOnly").contains("SameSite=Strict").doesNotContain("Secure");
    String planted = first.cookie;
    ApiClient second = new ApiClient(base);
    second.cookie = planted; // a token fixed before login is never promoted
    assertThat(second.login("nurse.a@test.dk", PASSWORD).statusCode()).isEqualTo(201);
    assertThat(second.cookie).isNotEqualTo(planted);
    assertThat(first.get("/api/v1/session").statusCode()).isEqualTo(401);
    assertThat(second.send("DELETE", "/api/v1/session", null).statusCode()).isEqualTo(204);
    assertThat(second.get("/api/v1/session").statusCode()).isEqualTo(401);
    assertThat(Sql.count(db, "SELECT count(*) FROM app_sessions WHERE token_hash = decode(?, 'hex')",
        "00")).isZero(); // only hashes are stored
  }

  @Test
  void theAuditLogCannotBeEditedThroughTheApiOrWithSql() throws SQLException {
    ApiClient admin = ApiClient.loggedIn(base, "admin.a@test.dk", PASSWORD);
    admin.get("/api/v1/patients/" + patientA);
    long id = Sql.count(db, "SELECT max(id) FROM audit_log");
    for (String method : new String[] {"PUT", "PATCH", "DELETE", "POST"}) {
      int status = admin.send(method, "/api/v1/audit", "{}").statusCode();
      assertThat(status).as(method).isIn(404, 405);
      assertThat(admin.send(method, "/api/v1/audit/" + id, "{}").statusCode()).as(method).isIn(404, 405);
    }
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
         Statement st = c.createStatement()) {
      assertThatThrownBy(() -> st.executeUpdate("UPDATE audit_log SET user_email = 'someone@else' WHERE id = " + id))
          .hasMessageContaining("append-only");
      assertThatThrownBy(() -> st.executeUpdate("DELETE FROM audit_log WHERE id = " + id))
          .hasMessageContaining("append-only");
      assertThatThrownBy(() -> st.executeUpdate("TRUNCATE audit_log")).hasMessageContaining("append-only");
    }
    assertThat(Sql.text(db, "SELECT user_email FROM audit_log WHERE id = ?", id)).isEqualTo("admin.a@test.dk");
  }

  @Test
  void theOpenApiFileDescribesExactlyTheRoutesOfTheRouter() throws IOException {
    String yaml;
    try (InputStream in = getClass().getResourceAsStream("/openapi.yaml")) {
      yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Set<String> documented = new TreeSet<>();
    String path = null;
    Matcher m;
    for (String line : yaml.split("\n")) {
      if ((m = Pattern.compile("^  (/\\S*):\\s*$").matcher(line)).matches()) {
        path = m.group(1);
      } else if (path != null && (m = Pattern.compile("^    (get|post|put|patch|delete):.*").matcher(line)).matches()) {
        documented.add(m.group(1).toUpperCase() + " " + path);
      } else if (line.startsWith("components:") || line.startsWith("security:")) {
        path = null;
      }
    }
    assertThat(documented).isEqualTo(hub.declaredRoutes());
    // The server serves the file.
    assertThat(new ApiClient(base).get("/api/openapi.yaml").body()).startsWith("openapi: 3");
  }

  @Test
  void aNurseAcknowledgesAndResolvesAnAlertRaisedByTheAlertsModuleAndColleaguesSeeWhoHasIt() {
    UUID alertId = raise(patientA, "clinic-a", "spo2.limit", Level.RED, "SpO2 88% is below the patient's RED limit of 89%");
    ApiClient nurse = ApiClient.loggedIn(base, "nurse.a@test.dk", PASSWORD);
    JsonObject board = nurse.json("/api/v1/board");
    JsonObject row = board.getJsonArray("patients").stream().map(JsonObject.class::cast)
        .filter(p -> p.getJsonObject("patient").getString("id").equals(patientA.toString())).findFirst().orElseThrow();
    assertThat(row.getString("worstLevel")).isEqualTo("RED");
    assertThat(row.getJsonArray("alerts").getJsonObject(0).getString("explanation")).contains("SpO2 88%");
    // Another clinic's nurse neither sees it nor can act on it.
    ApiClient nurseB = ApiClient.loggedIn(base, "nurse.b@test.dk", PASSWORD);
    assertThat(nurseB.json("/api/v1/board").getJsonArray("patients")).isEmpty();
    assertThat(nurseB.send("POST", "/api/v1/alerts/" + alertId + "/acknowledge", "{}").statusCode()).isEqualTo(404);

    HttpResponse<String> ack = nurse.send("POST", "/api/v1/alerts/" + alertId + "/acknowledge", "{\"note\":\"calling now\"}");
    assertThat(ack.statusCode()).as(ack.body()).isEqualTo(200);
    ApiClient doctor = ApiClient.loggedIn(base, "doctor.a@test.dk", PASSWORD);
    JsonObject seen = doctor.json("/api/v1/alerts/" + alertId);
    assertThat(seen.getString("state")).isEqualTo("ACKNOWLEDGED");
    assertThat(seen.getJsonObject("acknowledgedBy").getString("displayName")).isEqualTo("nurse.a");
    assertThat(nurse.send("POST", "/api/v1/alerts/" + alertId + "/resolve", "{\"outcome\":\"SOMETHING\"}").statusCode()).isEqualTo(400);
    HttpResponse<String> resolved = nurse.send("POST", "/api/v1/alerts/" + alertId + "/resolve",
        "{\"outcome\":\"ADVICE_BY_PHONE\",\"note\":\"inhaler technique\"}");
    assertThat(resolved.statusCode()).as(resolved.body()).isEqualTo(200);
    assertThat(nurse.send("POST", "/api/v1/alerts/" + alertId + "/resolve", "{\"outcome\":\"ADVICE_BY_PHONE\"}").statusCode())
        .isEqualTo(409);
    JsonObject history = nurse.json("/api/v1/patients/" + patientA + "/alerts").getJsonArray("alerts").getJsonObject(0);
    assertThat(history.getString("outcome")).isEqualTo("ADVICE_BY_PHONE");
    assertThat(history.getJsonArray("history").stream().map(h -> ((JsonObject) h).getString("action")))
        .containsSubsequence("OPEN", "ACKNOWLEDGE", "RESOLVE");
  }

  @Test
  void noiseControlSnoozesAnAlertAndAcknowledgesAPatientsGreenAlertsInOneAction() {
    UUID yellow = raise(patientA, "clinic-a", "pulse.limit", Level.YELLOW, "Pulse 112 /min is above the YELLOW limit");
    UUID green = raise(patientA, "clinic-a", "weight.trend", Level.GREEN, "Weight steady");
    ApiClient nurse = ApiClient.loggedIn(base, "nurse.a@test.dk", PASSWORD);
    String until = Instant.now().plus(2, ChronoUnit.HOURS).toString();
    HttpResponse<String> snoozed = nurse.send("POST", "/api/v1/alerts/" + yellow + "/snooze", "{\"until\":\"" + until + "\"}");
    assertThat(snoozed.statusCode()).as(snoozed.body()).isEqualTo(200);
    assertThat(new JsonObject(snoozed.body()).getBoolean("snoozed")).isTrue();

    ApiClient nurseB = ApiClient.loggedIn(base, "nurse.b@test.dk", PASSWORD);
    assertThat(nurseB.send("POST", "/api/v1/alerts/acknowledge-green", "{\"patientIds\":[\"" + patientA + "\"]}")
        .statusCode()).as("another clinic's patient").isEqualTo(404);
    HttpResponse<String> acked = nurse.send("POST", "/api/v1/alerts/acknowledge-green", "{\"patientIds\":[\"" + patientA + "\"]}");
    assertThat(acked.statusCode()).as(acked.body()).isEqualTo(200);
    assertThat(new JsonObject(acked.body()).getInteger("acknowledged")).isEqualTo(1);
    assertThat(nurse.json("/api/v1/alerts/" + green).getString("state")).isEqualTo("ACKNOWLEDGED");
    assertThat(nurse.json("/api/v1/alerts/" + yellow).getString("state")).isEqualTo("OPEN");
  }

  @Test
  void whoIsOnCallNowAndNextIsAnsweredForTheCallersClinicOnly() {
    var schedules = new dk.telemonitoring.alerts.store.ScheduleStore();
    var zone = java.time.ZoneId.of("Europe/Copenhagen");
    schedules.addRotation(hub.hub().pool(), new dk.telemonitoring.alerts.domain.Rotation(0, "clinic-a",
        dk.telemonitoring.alerts.domain.OnCallRole.ONCALL_DOCTOR, zone, java.time.LocalDate.now(zone).minusDays(2), 1,
        java.util.List.of(java.time.LocalTime.of(8, 0)), java.util.List.of("dr-one", "dr-two"))).await();
    JsonObject onCall = ApiClient.loggedIn(base, "nurse.a@test.dk", PASSWORD).json("/api/v1/oncall?clinic=clinic-a");
    JsonObject doctor = onCall.getJsonObject("roles").getJsonObject("ONCALL_DOCTOR");
    assertThat(java.util.List.of(doctor.getJsonObject("now").getString("personId"), doctor.getJsonObject("next").getString("personId")))
        .containsExactlyInAnyOrder("dr-one", "dr-two");
    assertThat(Instant.parse(doctor.getJsonObject("next").getString("from")))
        .isEqualTo(Instant.parse(doctor.getJsonObject("now").getString("until")));
    assertThat(ApiClient.loggedIn(base, "nurse.b@test.dk", PASSWORD).get("/api/v1/oncall?clinic=clinic-a").statusCode())
        .isEqualTo(403);
  }

  @Test
  void longRangesAreDownsampledWithTheStorageModesBucketFunction() {
    Instant start = Instant.now().minus(10, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
         Statement st = c.createStatement()) {
      st.execute("""
          INSERT INTO readings (measured_at, device_id, msg_id, code, patient_id, clinic_id, value, unit, received_at)
          SELECT '%s'::timestamptz + g * interval '1 hour', 'ox-a-1', 'ds-' || g, 'spo2', '%s', 'clinic-a',
                 93 + (g %% 3), '%%', now()
          FROM generate_series(0, 239) g""".formatted(start, patientA));
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    ApiClient nurse = ApiClient.loggedIn(base, "nurse.a@test.dk", PASSWORD);
    JsonObject longRange = nurse.json("/api/v1/patients/" + patientA + "/readings?code=spo2&from=" + start
        + "&to=" + start.plus(10, ChronoUnit.DAYS));
    assertThat(longRange.getBoolean("downsampled")).isTrue();
    assertThat(longRange.getString("function"))
        .isEqualTo(hub.hub().storageMode() == StorageMode.TIMESCALEDB ? "time_bucket" : "date_bin");
    JsonArray points = longRange.getJsonArray("series").getJsonObject(0).getJsonArray("points");
    assertThat(points.size()).isBetween(40, 300);
    long n = points.stream().mapToLong(p -> ((JsonObject) p).getLong("n")).sum();
    assertThat(n).isEqualTo(240);
    assertThat(longRange.getJsonObject("baselines").getJsonObject("spo2").getDouble("median")).isEqualTo(94.0);
    JsonObject shortRange = nurse.json("/api/v1/patients/" + patientA + "/readings?code=spo2&from=" + start
        + "&to=" + start.plus(1, ChronoUnit.DAYS));
    assertThat(shortRange.getBoolean("downsampled")).isFalse();
    assertThat(shortRange.getJsonArray("readings")).hasSize(24);
  }

  @Test
  void outsideDemoModeTheHubDoesNotStartWhileAUserHasAWellKnownDefaultPassword() {
    DbUrl server = TestServices.postgres();
    DbUrl other = TestServices.freshDatabase(server, "defaultpw");
    try {
      var settings = TestHub.settings(other, TestServices.uniqueTopicRoot(), "hub-demo-" + UUID.randomUUID());
      settings.put(Setting.DEMO_MODE, "true");
      try (TestHub demo = TestHub.start(settings)) {
        ApiClient nurse = ApiClient.loggedIn(demo.httpBase(), "sygeplejerske@vios.demo", "demo-nurse");
        assertThat(nurse.json("/api/v1/session").getJsonObject("user").getString("role")).isEqualTo("nurse");
      }
      settings.put(Setting.DEMO_MODE, "false");
      assertThatThrownBy(() -> TestHub.start(settings).close()).hasMessageContaining("default passwords");
    } finally {
      TestServices.dropDatabase(other, server);
    }
  }

  private UUID raise(UUID patient, String clinic, String rule, Level level, String explanation) {
    return hub.hub().pool().withTransaction(tx -> hub.hub().alerts().raise(tx,
        new AlertSignal(clinic, patient, rule, level, explanation, Instant.now(), null))).await().alertId();
  }
}

package dk.telemonitoring.hub.api;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.alerts.domain.AlertSignal;
import dk.telemonitoring.alerts.domain.Level;
import dk.telemonitoring.hub.config.DbUrl;
import dk.telemonitoring.hub.config.Setting;
import dk.telemonitoring.hub.support.Sql;
import dk.telemonitoring.hub.support.TestHub;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Clinic admins manage escalation policies and the on-call rota over the API, against a real hub
 * and database: who may read and change what, validation with clear messages, the audit trail, and
 * that the escalation engine and GET /api/v1/oncall then use what was stored.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OnCallAdminApiTest {

  static final String PASSWORD = "correct horse battery";
  static final ZoneId CPH = ZoneId.of("Europe/Copenhagen");

  DbUrl db;
  TestHub hub;
  String base;
  UUID patientE;
  UUID patientF;
  UUID patientG;

  @BeforeAll
  void start() {
    hub =
        TestHub.inFreshDatabase(
            "oncalladmin",
            settings -> {
              settings.put(Setting.ALERTS_DELIVERY_MAX_ATTEMPTS, "4");
              settings.put(Setting.ALERTS_RETRY_BACKOFF, "PT0.5S");
              settings.put(Setting.ALERTS_RETRY_BACKOFF_MAX, "PT3S");
            });
    db = hub.db();
    base = hub.httpBase();
    hub.provision("clinic-a", "ox-a-1", "COPD");
    hub.provision("clinic-b", "ox-b-1", "COPD");
    patientE = hub.provision("clinic-e", "ox-e-1", "COPD");
    patientF = hub.provision("clinic-f", "ox-f-1", "COPD");
    patientG = hub.provision("clinic-g", "ox-g-1", "COPD");
    ApiClient.createUser(
        base, TestHub.SERVICE_TOKEN, "admin.a@test.dk", PASSWORD, "admin", "clinic-a");
    ApiClient.createUser(
        base, TestHub.SERVICE_TOKEN, "nurse.a@test.dk", PASSWORD, "nurse", "clinic-a");
    ApiClient.createUser(
        base, TestHub.SERVICE_TOKEN, "doctor.a@test.dk", PASSWORD, "doctor", "clinic-a");
    ApiClient.createUser(
        base, TestHub.SERVICE_TOKEN, "doctor2.a@test.dk", PASSWORD, "doctor", "clinic-a");
    ApiClient.createUser(
        base, TestHub.SERVICE_TOKEN, "admin.b@test.dk", PASSWORD, "admin", "clinic-b");
    ApiClient.createUser(
        base, TestHub.SERVICE_TOKEN, "doctor.b@test.dk", PASSWORD, "doctor", "clinic-b");
    ApiClient.createUser(
        base, TestHub.SERVICE_TOKEN, "admin.e@test.dk", PASSWORD, "admin", "clinic-e");
    ApiClient.createUser(
        base, TestHub.SERVICE_TOKEN, "doctor.e@test.dk", PASSWORD, "doctor", "clinic-e");
    ApiClient.createUser(
        base, TestHub.SERVICE_TOKEN, "nurse.f@test.dk", PASSWORD, "nurse", "clinic-f");
    ApiClient.createUser(
        base, TestHub.SERVICE_TOKEN, "admin.g@test.dk", PASSWORD, "admin", "clinic-g");
    ApiClient.createUser(
        base, TestHub.SERVICE_TOKEN, "nurse.g@test.dk", PASSWORD, "nurse", "clinic-g");
    ApiClient.createUser(
        base, TestHub.SERVICE_TOKEN, "doctor.g@test.dk", PASSWORD, "doctor", "clinic-g");
    ApiClient.createUser(
        base, TestHub.SERVICE_TOKEN, "heart.g@test.dk", PASSWORD, "doctor", "clinic-g");
  }

  @AfterAll
  void stop() {
    if (hub != null) {
      hub.close();
    }
  }

  private String userId(String email) {
    return Sql.text(db, "SELECT id::text FROM app_users WHERE email = ?", email);
  }

  private static JsonObject ok(HttpResponse<String> r, int status) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    return new JsonObject(r.body());
  }

  private static JsonObject step(double delay, String recipient, String... channels) {
    return new JsonObject()
        .put("delaySeconds", delay)
        .put("recipients", new JsonArray().add(recipient))
        .put("channels", new JsonArray(List.of((Object[]) channels)));
  }

  /** A step that pages one named person (by user id) and no on-call role. */
  private static JsonObject named(double delay, String personId, String... channels) {
    return new JsonObject()
        .put("delaySeconds", delay)
        .put("people", new JsonArray().add(personId))
        .put("channels", new JsonArray(List.of((Object[]) channels)));
  }

  @Test
  void aStepNamingASpecificDoctorPagesThatDoctorAndNobodyElseAndEscalates() {
    ApiClient admin = ApiClient.loggedIn(base, "admin.g@test.dk", PASSWORD);
    String nurse = userId("nurse.g@test.dk");
    String onCall = userId("doctor.g@test.dk");
    String specialist = userId("heart.g@test.dk");
    for (String[] rota :
        List.of(new String[] {"NURSE_ON_DUTY", nurse}, new String[] {"ONCALL_DOCTOR", onCall})) {
      ok(
          admin.send(
              "POST",
              "/api/v1/oncall/rotations",
              new JsonObject()
                  .put("role", rota[0])
                  .put("anchorDate", LocalDate.now(CPH).minusDays(2).toString())
                  .put("handoverTimes", new JsonArray().add("08:00"))
                  .put("members", new JsonArray().add(rota[1]))
                  .encode()),
          201);
    }
    // The heart-failure specialist at once; the on-call doctor only after 30 minutes (RED's rule
    // needs the role).
    JsonObject red =
        ok(
            admin.send(
                "PUT",
                "/api/v1/escalation-policies/RED",
                new JsonObject()
                    .put(
                        "steps",
                        new JsonArray()
                            .add(named(0, specialist, "IN_APP"))
                            .add(step(1800, "ONCALL_DOCTOR", "IN_APP", "EMAIL")))
                    .put("repeatEverySeconds", 600)
                    .encode()),
            200);
    assertThat(red.getJsonArray("steps").getJsonObject(0).getJsonArray("people"))
        .containsExactly(specialist);
    assertThat(red.getJsonArray("steps").getJsonObject(0).getJsonArray("recipients")).isEmpty();
    assertThat(ok(admin.send("PUT", "/api/v1/escalation-policies/RED", red.encode()), 200))
        .as("what GET returns can be sent back")
        .isEqualTo(red);

    UUID alertId =
        hub.hub()
            .pool()
            .withTransaction(
                tx ->
                    hub.hub()
                        .alerts()
                        .raise(
                            tx,
                            new AlertSignal(
                                "clinic-g",
                                patientG,
                                "spo2.limit",
                                Level.RED,
                                "SpO2 87% is below the RED limit",
                                Instant.now(),
                                null)))
            .await()
            .alertId();
    long paged =
        Sql.awaitCount(
            db,
            Duration.ofSeconds(20),
            n -> n == 1,
            "SELECT count(*) FROM notifications"
                + " WHERE alert_id = ? AND person_id = ? AND recipient_role = 'NAMED_DOCTOR' AND status = 'SENT'",
            alertId,
            specialist);
    assertThat(paged).as("the named specialist's in-app page, sent").isEqualTo(1);
    // The step's notifications are created in one transaction; the next step is 30 minutes away.
    assertThat(Sql.count(db, "SELECT count(*) FROM notifications WHERE alert_id = ?", alertId))
        .as("nobody else (not the nurse on duty, not the on-call doctor) was paged")
        .isEqualTo(1);
    assertThat(Sql.text(db, "SELECT state FROM alerts WHERE id = ?", alertId))
        .as("a page to a named doctor escalates like a page to the on-call doctor")
        .isEqualTo("ESCALATED");
    assertThat(
            Sql.text(
                db,
                "SELECT note FROM alert_transitions WHERE alert_id = ? AND action = 'ESCALATE'",
                alertId))
        .contains("step 1")
        .contains(specialist + " as NAMED_DOCTOR by IN_APP");
  }

  @Test
  void aStepNamingSomeoneWhoIsNotADoctorPagesThemWithoutEscalating() {
    ApiClient admin = ApiClient.loggedIn(base, "admin.g@test.dk", PASSWORD);
    String head = userId("admin.g@test.dk");
    ok(
        admin.send(
            "PUT",
            "/api/v1/escalation-policies/YELLOW",
            new JsonObject().put("steps", new JsonArray().add(named(0, head, "IN_APP"))).encode()),
        200);
    // A patient of its own: another test opens patientG's (one) alert at RED.
    UUID patient = hub.provision("clinic-g", "ox-g-yellow", "COPD");
    UUID alertId =
        hub.hub()
            .pool()
            .withTransaction(
                tx ->
                    hub.hub()
                        .alerts()
                        .raise(
                            tx,
                            new AlertSignal(
                                "clinic-g",
                                patient,
                                "pulse.limit",
                                Level.YELLOW,
                                "Pulse 112 /min",
                                Instant.now(),
                                null)))
            .await()
            .alertId();
    assertThat(
            Sql.awaitCount(
                db,
                Duration.ofSeconds(20),
                n -> n == 1,
                "SELECT count(*) FROM notifications"
                    + " WHERE alert_id = ? AND person_id = ? AND recipient_role = 'NAMED_PERSON' AND status = 'SENT'",
                alertId,
                head))
        .isEqualTo(1);
    assertThat(Sql.count(db, "SELECT count(*) FROM notifications WHERE alert_id = ?", alertId))
        .isEqualTo(1);
    assertThat(Sql.text(db, "SELECT state FROM alerts WHERE id = ?", alertId)).isEqualTo("OPEN");
  }

  @Test
  void anAdminReplacesAPolicysStepsStaffReadItAndResettingBringsBackTheDefault() {
    ApiClient admin = ApiClient.loggedIn(base, "admin.a@test.dk", PASSWORD);
    ApiClient nurse = ApiClient.loggedIn(base, "nurse.a@test.dk", PASSWORD);
    JsonObject dflt = nurse.json("/api/v1/escalation-policies/YELLOW?clinic=clinic-a");
    assertThat(dflt.getBoolean("isDefault")).isTrue();
    assertThat(dflt.getJsonArray("steps")).hasSize(1);

    JsonObject wanted =
        new JsonObject()
            .put(
                "steps",
                new JsonArray()
                    .add(step(0, "NURSE_ON_DUTY", "IN_APP"))
                    .add(step(1800, "ONCALL_DOCTOR", "IN_APP", "EMAIL")));
    JsonObject stored =
        ok(admin.send("PUT", "/api/v1/escalation-policies/YELLOW", wanted.encode()), 200);
    assertThat(stored.getBoolean("isDefault")).isFalse();
    assertThat(stored.getString("clinicId")).isEqualTo("clinic-a");
    assertThat(stored.getJsonArray("steps").getJsonObject(1).getLong("atSeconds")).isEqualTo(1800L);
    assertThat(stored.getJsonArray("steps").getJsonObject(1).getJsonArray("channels"))
        .containsExactly("EMAIL", "IN_APP");
    // What was not sent is kept from the policy in force (the default's repeat and deadline).
    assertThat(stored.getValue("repeatEverySeconds"))
        .isEqualTo(dflt.getValue("repeatEverySeconds"));
    assertThat(stored.getValue("responseDeadlineSeconds"))
        .isEqualTo(dflt.getValue("responseDeadlineSeconds"));

    JsonObject read =
        ApiClient.loggedIn(base, "doctor.a@test.dk", PASSWORD).json("/api/v1/escalation-policies");
    JsonObject yellow =
        read.getJsonArray("policies").stream()
            .map(JsonObject.class::cast)
            .filter(p -> p.getString("level").equals("YELLOW"))
            .findFirst()
            .orElseThrow();
    assertThat(yellow).isEqualTo(stored);
    // The round trip: what GET returns can be sent back unchanged.
    assertThat(
            ok(
                admin.send(
                    "PUT", "/api/v1/escalation-policies/YELLOW?clinic=clinic-a", stored.encode()),
                200))
        .isEqualTo(stored);
    assertThat(
            Sql.count(
                db,
                "SELECT count(*) FROM audit_log WHERE action = 'escalation-policy.change'"
                    + " AND clinic_id = 'clinic-a' AND user_email = 'admin.a@test.dk' AND target LIKE 'YELLOW%'"))
        .isEqualTo(2);

    JsonObject reset = ok(admin.send("DELETE", "/api/v1/escalation-policies/YELLOW", null), 200);
    assertThat(reset.getBoolean("isDefault")).isTrue();
    assertThat(reset.getJsonArray("steps")).isEqualTo(dflt.getJsonArray("steps"));
    assertThat(
            Sql.count(
                db, "SELECT count(*) FROM audit_log WHERE action = 'escalation-policy.reset'"))
        .isEqualTo(1);
  }

  @Test
  void nursesAndDoctorsMayReadButNotChangeAndOtherClinicsGet403Or404() {
    String body =
        new JsonObject()
            .put("steps", new JsonArray().add(step(0, "NURSE_ON_DUTY", "IN_APP")))
            .encode();
    for (String email : List.of("nurse.a@test.dk", "doctor.a@test.dk")) {
      ApiClient staff = ApiClient.loggedIn(base, email, PASSWORD);
      HttpResponse<String> put = staff.send("PUT", "/api/v1/escalation-policies/YELLOW", body);
      assertThat(put.statusCode()).as(email).isEqualTo(403);
      assertThat(new JsonObject(put.body()).getString("error")).contains("may not");
      assertThat(staff.send("POST", "/api/v1/oncall/rotations", "{}").statusCode())
          .as(email)
          .isEqualTo(403);
      assertThat(staff.send("POST", "/api/v1/oncall/overrides", "{}").statusCode())
          .as(email)
          .isEqualTo(403);
      assertThat(staff.get("/api/v1/oncall/rotations").statusCode()).as(email).isEqualTo(200);
      assertThat(staff.get("/api/v1/oncall/overrides").statusCode()).as(email).isEqualTo(200);
    }
    ApiClient adminA = ApiClient.loggedIn(base, "admin.a@test.dk", PASSWORD);
    ApiClient adminB = ApiClient.loggedIn(base, "admin.b@test.dk", PASSWORD);
    assertThat(
            adminB
                .send("PUT", "/api/v1/escalation-policies/YELLOW?clinic=clinic-a", body)
                .statusCode())
        .isEqualTo(403);
    assertThat(adminB.get("/api/v1/escalation-policies/RED?clinic=clinic-a").statusCode())
        .isEqualTo(403);
    assertThat(adminB.get("/api/v1/oncall/rotations?clinic=clinic-a").statusCode()).isEqualTo(403);

    JsonObject rotation =
        ok(
            adminA.send(
                "POST",
                "/api/v1/oncall/rotations",
                new JsonObject()
                    .put("role", "ONCALL_DOCTOR")
                    .put("anchorDate", "2026-01-05")
                    .put("handoverTimes", new JsonArray().add("08:00"))
                    .put("members", new JsonArray().add(userId("doctor.a@test.dk")))
                    .encode()),
            201);
    JsonObject override =
        ok(
            adminA.send(
                "POST",
                "/api/v1/oncall/overrides",
                new JsonObject()
                    .put("role", "ONCALL_DOCTOR")
                    .put("personId", userId("doctor2.a@test.dk"))
                    .put("from", Instant.now().plus(1, ChronoUnit.DAYS).toString())
                    .put("to", Instant.now().plus(2, ChronoUnit.DAYS).toString())
                    .encode()),
            201);
    assertThat(
            adminB
                .send("DELETE", "/api/v1/oncall/rotations/" + rotation.getLong("id"), null)
                .statusCode())
        .isEqualTo(404);
    assertThat(
            adminB
                .send("DELETE", "/api/v1/oncall/overrides/" + override.getLong("id"), null)
                .statusCode())
        .isEqualTo(404);
    assertThat(adminB.json("/api/v1/oncall/rotations").getJsonArray("rotations")).isEmpty();
    // An admin cannot put another clinic's doctor on the rota.
    HttpResponse<String> foreign =
        adminA.send(
            "POST",
            "/api/v1/oncall/overrides",
            new JsonObject()
                .put("role", "ONCALL_DOCTOR")
                .put("personId", userId("doctor.b@test.dk"))
                .put("from", Instant.now().toString())
                .put("to", Instant.now().plus(1, ChronoUnit.HOURS).toString())
                .encode());
    assertThat(ok(foreign, 400).getString("error")).contains("is not a user of clinic clinic-a");
    ok(adminA.send("DELETE", "/api/v1/oncall/rotations/" + rotation.getLong("id"), null), 200);
    ok(adminA.send("DELETE", "/api/v1/oncall/overrides/" + override.getLong("id"), null), 200);
    assertThat(
            adminA
                .send("DELETE", "/api/v1/oncall/overrides/" + override.getLong("id"), null)
                .statusCode())
        .isEqualTo(404);
  }

  @Test
  void invalidPoliciesRotationsAndOverridesAre400WithAMessageThatSaysWhy() {
    ApiClient admin = ApiClient.loggedIn(base, "admin.a@test.dk", PASSWORD);
    String doctor = userId("doctor.a@test.dk");
    String nurse = userId("nurse.a@test.dk");
    record Case(String method, String path, JsonObject body, String message) {}
    JsonObject rotation =
        new JsonObject()
            .put("role", "ONCALL_DOCTOR")
            .put("anchorDate", "2026-01-05")
            .put("handoverTimes", new JsonArray().add("08:00"))
            .put("members", new JsonArray().add(doctor));
    String now = Instant.now().toString();
    String later = Instant.now().plus(1, ChronoUnit.HOURS).toString();
    List<Case> cases =
        List.of(
            new Case(
                "PUT",
                "/api/v1/escalation-policies/PURPLE",
                new JsonObject().put("steps", new JsonArray()),
                "level must be one of"),
            new Case(
                "PUT",
                "/api/v1/escalation-policies/YELLOW",
                new JsonObject(),
                "'steps' is required"),
            new Case(
                "PUT",
                "/api/v1/escalation-policies/YELLOW",
                new JsonObject()
                    .put("steps", new JsonArray().add(step(-5, "NURSE_ON_DUTY", "IN_APP"))),
                "steps[0].delaySeconds must be 0 or more"),
            new Case(
                "PUT",
                "/api/v1/escalation-policies/YELLOW",
                new JsonObject().put("steps", new JsonArray().add(step(0, "JANITOR", "IN_APP"))),
                "'JANITOR' is not one of"),
            new Case(
                "PUT",
                "/api/v1/escalation-policies/YELLOW",
                new JsonObject()
                    .put("steps", new JsonArray().add(step(0, "NURSE_ON_DUTY", "PIGEON"))),
                "'PIGEON' is not one of"),
            new Case(
                "PUT",
                "/api/v1/escalation-policies/YELLOW",
                new JsonObject()
                    .put(
                        "steps",
                        new JsonArray()
                            .add(step(0, "NURSE_ON_DUTY", "IN_APP").put("step", 2))
                            .add(step(60, "ONCALL_DOCTOR", "IN_APP").put("step", 1))),
                "must be listed in order"),
            new Case(
                "PUT",
                "/api/v1/escalation-policies/CRITICAL",
                new JsonObject()
                    .put("steps", new JsonArray().add(step(300, "ONCALL_DOCTOR", "IN_APP"))),
                "CRITICAL must page the ONCALL_DOCTOR in its first step with delay 0"),
            new Case(
                "PUT",
                "/api/v1/escalation-policies/RED",
                new JsonObject()
                    .put("steps", new JsonArray().add(step(0, "NURSE_ON_DUTY", "IN_APP"))),
                "RED must page a doctor"),
            new Case(
                "PUT",
                "/api/v1/escalation-policies/RED",
                new JsonObject()
                    .put("repeatEverySeconds", 0)
                    .put("steps", new JsonArray().add(step(0, "ONCALL_DOCTOR", "IN_APP"))),
                "'repeatEverySeconds' must be more than 0"),
            new Case(
                "PUT",
                "/api/v1/escalation-policies/YELLOW",
                new JsonObject()
                    .put("steps", new JsonArray().add(step(0, "ACKNOWLEDGER", "IN_APP"))),
                "ACKNOWLEDGER can only be paged by the acknowledged reminder"),
            new Case(
                "PUT",
                "/api/v1/escalation-policies/YELLOW",
                new JsonObject()
                    .put(
                        "steps",
                        new JsonArray().add(named(0, userId("doctor.b@test.dk"), "IN_APP"))),
                "is not a user of clinic clinic-a"),
            new Case(
                "PUT",
                "/api/v1/escalation-policies/YELLOW",
                new JsonObject().put("steps", new JsonArray().add(named(0, "dr-nobody", "IN_APP"))),
                "steps[0].people: 'dr-nobody' is not a user id"),
            new Case(
                "PUT",
                "/api/v1/escalation-policies/YELLOW",
                new JsonObject()
                    .put(
                        "steps",
                        new JsonArray()
                            .add(named(0, doctor, "IN_APP").put("people", new JsonArray()))),
                "steps[0] must page someone"),
            new Case(
                "POST",
                "/api/v1/oncall/rotations",
                rotation.copy().put("zone", "Europe/Kopenhagen"),
                "'zone' must be an IANA time zone"),
            new Case(
                "POST",
                "/api/v1/oncall/rotations",
                rotation.copy().put("role", "SURGEON"),
                "'role' must be one of"),
            new Case(
                "POST",
                "/api/v1/oncall/rotations",
                rotation.copy().put("handoverTimes", new JsonArray().add("25:00")),
                "is not a time of day"),
            new Case(
                "POST",
                "/api/v1/oncall/rotations",
                rotation.copy().put("anchorDate", "05/01/2026"),
                "'anchorDate' must be a date"),
            new Case(
                "POST",
                "/api/v1/oncall/rotations",
                rotation.copy().put("rotationDays", 0),
                "'rotationDays' must be a whole number"),
            new Case(
                "POST",
                "/api/v1/oncall/rotations",
                rotation.copy().put("members", new JsonArray()),
                "'members' must be a non-empty"),
            new Case(
                "POST",
                "/api/v1/oncall/rotations",
                rotation.copy().put("members", new JsonArray().add(nurse)),
                "ONCALL_DOCTOR needs a doctor"),
            new Case(
                "POST",
                "/api/v1/oncall/rotations",
                rotation.copy().put("members", new JsonArray().add("not-an-id")),
                "is not a user id"),
            new Case(
                "POST",
                "/api/v1/oncall/overrides",
                new JsonObject()
                    .put("role", "NURSE_ON_DUTY")
                    .put("personId", doctor)
                    .put("from", now)
                    .put("to", later),
                "NURSE_ON_DUTY needs a nurse"),
            new Case(
                "POST",
                "/api/v1/oncall/overrides",
                new JsonObject()
                    .put("role", "ONCALL_DOCTOR")
                    .put("personId", doctor)
                    .put("from", later)
                    .put("to", now),
                "'to' must be after 'from'"),
            new Case(
                "POST",
                "/api/v1/oncall/overrides",
                new JsonObject()
                    .put("role", "ONCALL_DOCTOR")
                    .put("personId", doctor)
                    .put("from", "2020-01-01T00:00:00Z")
                    .put("to", "2020-01-02T00:00:00Z"),
                "'to' lies in the past"),
            new Case(
                "POST",
                "/api/v1/oncall/overrides",
                new JsonObject()
                    .put("role", "ONCALL_DOCTOR")
                    .put("personId", doctor)
                    .put("from", "tomorrow")
                    .put("to", later),
                "'from' must be an ISO-8601 instant"));
    for (Case c : cases) {
      HttpResponse<String> r = admin.send(c.method(), c.path(), c.body().encode());
      assertThat(r.statusCode()).as(c.message() + ": " + r.body()).isEqualTo(400);
      assertThat(new JsonObject(r.body()).getString("error")).as(c.path()).contains(c.message());
    }
    // Nothing invalid was stored, and nothing was audited as a change.
    assertThat(
            Sql.count(
                db,
                "SELECT count(*) FROM escalation_policies WHERE clinic_id = 'clinic-a'"
                    + " AND level IN ('RED', 'CRITICAL')"))
        .isZero();
    assertThat(
            Sql.count(
                db,
                "SELECT count(*) FROM alert_contacts WHERE person_id = ?",
                userId("doctor.b@test.dk")))
        .as("a refused named person is not made pageable")
        .isZero();
    assertThat(
            Sql.count(
                db,
                "SELECT count(*) FROM oncall_rotations WHERE clinic_id = 'clinic-a'"
                    + " AND zone_id <> 'Europe/Copenhagen'"))
        .isZero();
  }

  @Test
  void aRotationAndAnOverrideCreatedThroughTheApiDecideWhoIsOnCallNow() {
    ApiClient admin = ApiClient.loggedIn(base, "admin.b@test.dk", PASSWORD);
    String doctor = userId("doctor.b@test.dk");
    ApiClient.createUser(
        base, TestHub.SERVICE_TOKEN, "doctor2.b@test.dk", PASSWORD, "doctor", "clinic-b");
    String doctor2 = userId("doctor2.b@test.dk");
    JsonObject rotation =
        ok(
            admin.send(
                "POST",
                "/api/v1/oncall/rotations",
                new JsonObject()
                    .put("role", "ONCALL_DOCTOR")
                    .put("anchorDate", LocalDate.now(CPH).minusDays(3).toString())
                    .put("rotationDays", 7)
                    .put("handoverTimes", new JsonArray().add("08:00"))
                    .put("members", new JsonArray().add(doctor))
                    .encode()),
            201);
    assertThat(rotation.getString("zone"))
        .as("the clinic's zone by default")
        .isEqualTo("Europe/Copenhagen");
    assertThat(rotation.getJsonArray("members").getJsonObject(0).getString("displayName"))
        .isEqualTo("doctor.b");
    assertThat(admin.json("/api/v1/oncall/rotations").getJsonArray("rotations"))
        .containsExactly(rotation);
    assertThat(
            Sql.count(
                db,
                "SELECT count(*) FROM audit_log WHERE action = 'oncall.rotation.create' AND clinic_id = 'clinic-b'"))
        .isEqualTo(1);
    // Members become pageable.
    assertThat(Sql.text(db, "SELECT email FROM alert_contacts WHERE person_id = ?", doctor))
        .isEqualTo("doctor.b@test.dk");

    ApiClient nurse = ApiClient.loggedIn(base, "doctor.b@test.dk", PASSWORD);
    JsonObject before =
        nurse.json("/api/v1/oncall").getJsonObject("roles").getJsonObject("ONCALL_DOCTOR");
    assertThat(before.getJsonObject("now").getString("personId")).isEqualTo(doctor);
    assertThat(before.getJsonObject("now").getString("source")).isEqualTo("ROTATION");

    Instant from = Instant.now().minus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
    Instant to = from.plus(4, ChronoUnit.HOURS);
    JsonObject override =
        ok(
            admin.send(
                "POST",
                "/api/v1/oncall/overrides",
                new JsonObject()
                    .put("role", "ONCALL_DOCTOR")
                    .put("personId", doctor2)
                    .put("from", from.toString())
                    .put("to", to.toString())
                    .put("reason", "swapped shift")
                    .encode()),
            201);
    assertThat(override.getString("displayName")).isEqualTo("doctor2.b");
    JsonObject during =
        nurse.json("/api/v1/oncall").getJsonObject("roles").getJsonObject("ONCALL_DOCTOR");
    assertThat(during.getJsonObject("now").getString("personId")).isEqualTo(doctor2);
    assertThat(during.getJsonObject("now").getString("source")).isEqualTo("OVERRIDE");
    assertThat(during.getJsonObject("now").getString("until")).isEqualTo(to.toString());
    assertThat(during.getJsonObject("next").getString("personId")).isEqualTo(doctor);
    assertThat(nurse.json("/api/v1/oncall/overrides").getJsonArray("overrides"))
        .containsExactly(override);

    ok(admin.send("DELETE", "/api/v1/oncall/overrides/" + override.getLong("id"), null), 200);
    assertThat(
            nurse
                .json("/api/v1/oncall")
                .getJsonObject("roles")
                .getJsonObject("ONCALL_DOCTOR")
                .getJsonObject("now")
                .getString("personId"))
        .isEqualTo(doctor);
    ok(admin.send("DELETE", "/api/v1/oncall/rotations/" + rotation.getLong("id"), null), 200);
    assertThat(
            nurse
                .json("/api/v1/oncall")
                .getJsonObject("roles")
                .getJsonObject("ONCALL_DOCTOR")
                .getValue("now"))
        .isNull();
    assertThat(
            Sql.count(
                db,
                "SELECT count(*) FROM audit_log WHERE clinic_id = 'clinic-b' AND user_email = 'admin.b@test.dk'"
                    + " AND action IN ('oncall.override.create', 'oncall.override.delete', 'oncall.rotation.delete')"))
        .isEqualTo(3);
  }

  @Test
  void deliveryRetrySettingsReachTheAlertsModule() {
    var config = hub.hub().alerts().config();
    assertThat(config.maxAttempts()).isEqualTo(4);
    assertThat(config.retryBackoff()).isEqualTo(Duration.ofMillis(500));
    assertThat(config.retryBackoffMax()).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void aPolicyChangedThroughTheApiIsTheOneTheEscalationEngineUses() {
    ApiClient admin = ApiClient.loggedIn(base, "admin.e@test.dk", PASSWORD);
    String doctor = userId("doctor.e@test.dk");
    ok(
        admin.send(
            "POST",
            "/api/v1/oncall/rotations",
            new JsonObject()
                .put("role", "ONCALL_DOCTOR")
                .put("anchorDate", LocalDate.now(CPH).minusDays(2).toString())
                .put("handoverTimes", new JsonArray().add("08:00"))
                .put("members", new JsonArray().add(doctor))
                .encode()),
        201);
    // The shipped RED policy waits 15 minutes before paging the doctor; this clinic pages the
    // doctor at once.
    JsonObject red =
        ok(
            admin.send(
                "PUT",
                "/api/v1/escalation-policies/RED",
                new JsonObject()
                    .put("steps", new JsonArray().add(step(0, "ONCALL_DOCTOR", "IN_APP")))
                    .put("repeatEverySeconds", 600)
                    .encode()),
            200);
    assertThat(red.getJsonArray("steps")).hasSize(1);

    UUID alertId =
        hub.hub()
            .pool()
            .withTransaction(
                tx ->
                    hub.hub()
                        .alerts()
                        .raise(
                            tx,
                            new AlertSignal(
                                "clinic-e",
                                patientE,
                                "spo2.limit",
                                Level.RED,
                                "SpO2 87% is below the RED limit",
                                Instant.now(),
                                null)))
            .await()
            .alertId();
    long paged =
        Sql.awaitCount(
            db,
            Duration.ofSeconds(20),
            n -> n == 1,
            "SELECT count(*) FROM notifications"
                + " WHERE alert_id = ? AND person_id = ? AND recipient_role = 'ONCALL_DOCTOR' AND status = 'SENT'",
            alertId,
            doctor);
    assertThat(paged).as("the on-call doctor's in-app page, sent").isEqualTo(1);
    assertThat(Sql.text(db, "SELECT state FROM alerts WHERE id = ?", alertId))
        .isEqualTo("ESCALATED");
    assertThat(
            Sql.text(
                db,
                "SELECT note FROM alert_transitions WHERE alert_id = ? AND action = 'ESCALATE'",
                alertId))
        .contains("step 1")
        .contains(doctor + " as ONCALL_DOCTOR by IN_APP");
  }

  /** The clinic figures of issue 4 come from GET /api/v1/overview (nothing else exposes them). */
  @Test
  void theOverviewCarriesTheClinicFiguresOfTheClinicsAlerts() {
    ApiClient nurse = ApiClient.loggedIn(base, "nurse.f@test.dk", PASSWORD);
    UUID red =
        hub.hub()
            .pool()
            .withTransaction(
                tx ->
                    hub.hub()
                        .alerts()
                        .raise(
                            tx,
                            new AlertSignal(
                                "clinic-f",
                                patientF,
                                "spo2.limit",
                                Level.RED,
                                "SpO2 87%",
                                Instant.now(),
                                null)))
            .await()
            .alertId();
    ok(
        nurse.send(
            "POST", "/api/v1/alerts/" + red + "/escalate", "{\"note\":\"needs the doctor\"}"),
        200);
    ok(
        nurse.send(
            "POST", "/api/v1/alerts/" + red + "/resolve", "{\"outcome\":\"HOSPITAL_ADMISSION\"}"),
        200);
    // One open alert per patient: the next case of the patient opens once the first is resolved.
    UUID yellow =
        hub.hub()
            .pool()
            .withTransaction(
                tx ->
                    hub.hub()
                        .alerts()
                        .raise(
                            tx,
                            new AlertSignal(
                                "clinic-f",
                                patientF,
                                "pulse.limit",
                                Level.YELLOW,
                                "Pulse 112 /min",
                                Instant.now(),
                                null)))
            .await()
            .alertId();
    ok(nurse.send("POST", "/api/v1/alerts/" + yellow + "/acknowledge", "{}"), 200);
    ok(
        nurse.send(
            "POST", "/api/v1/alerts/" + yellow + "/resolve", "{\"outcome\":\"NO_ACTION_NEEDED\"}"),
        200);

    JsonObject figures =
        nurse.json("/api/v1/overview?clinic=clinic-f&days=7").getJsonObject("figures");
    assertThat(figures.getLong("escalationsToDoctors")).isEqualTo(1);
    assertThat(figures.getDouble("noActionNeededShare")).isEqualTo(0.5);
    assertThat(figures.getJsonObject("outcomes").getMap())
        .containsEntry("HOSPITAL_ADMISSION", 1)
        .containsEntry("NO_ACTION_NEEDED", 1);
    assertThat(figures.getJsonObject("alertsPerPatientWeek").fieldNames())
        .containsExactlyInAnyOrder("spo2.limit", "pulse.limit");
    assertThat(
            figures.getJsonArray("responseTimes").stream()
                .map(JsonObject.class::cast)
                .map(
                    t ->
                        t.getString("level")
                            + ":"
                            + (t.getValue("medianMinutesToResolve") != null)))
        .containsExactly("RED:true", "YELLOW:true");
    assertThat(
            figures
                .getJsonArray("responseTimes")
                .getJsonObject(1)
                .getValue("medianMinutesToAcknowledge"))
        .isNotNull();
  }
}

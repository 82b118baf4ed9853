package dk.telemonitoring.hub.api;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.alerts.domain.Level;
import dk.telemonitoring.hub.support.Sql;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Clinic admins manage escalation policies over the API, against a real hub and database: a step
 * naming a person, who may read and change a policy, the audit trail, and that the escalation
 * engine then pages as stored.
 */
class EscalationPolicyApiTest extends OnCallAdminFixture {

  @Override
  String databasePrefix() {
    return "escpolicy";
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
        hub.raise("clinic-g", patientG, "spo2.limit", Level.RED, "SpO2 87% is below the RED limit");
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
    UUID alertId = hub.raise("clinic-g", patient, "pulse.limit", Level.YELLOW, "Pulse 112 /min");
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
        hub.raise("clinic-e", patientE, "spo2.limit", Level.RED, "SpO2 87% is below the RED limit");
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
}

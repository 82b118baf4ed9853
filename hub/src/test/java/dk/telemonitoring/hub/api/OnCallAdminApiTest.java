package dk.telemonitoring.hub.api;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.alerts.domain.Level;
import dk.telemonitoring.hub.support.Sql;
import dk.telemonitoring.hub.support.TestHub;
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
 * Clinic admins manage the on-call rota over the API, against a real hub and database: validation
 * with clear messages, rotations and overrides deciding who is on call, delivery retry settings,
 * and the clinic figures of the alerts that follow.
 */
class OnCallAdminApiTest extends OnCallAdminFixture {

  @Override
  String databasePrefix() {
    return "oncalladmin";
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

  /** The clinic figures of issue 4 come from GET /api/v1/overview (nothing else exposes them). */
  @Test
  void theOverviewCarriesTheClinicFiguresOfTheClinicsAlerts() {
    ApiClient nurse = ApiClient.loggedIn(base, "nurse.f@test.dk", PASSWORD);
    UUID red = hub.raise("clinic-f", patientF, "spo2.limit", Level.RED, "SpO2 87%");
    ok(
        nurse.send(
            "POST", "/api/v1/alerts/" + red + "/escalate", "{\"note\":\"needs the doctor\"}"),
        200);
    ok(
        nurse.send(
            "POST", "/api/v1/alerts/" + red + "/resolve", "{\"outcome\":\"HOSPITAL_ADMISSION\"}"),
        200);
    // One open alert per patient: the next case of the patient opens once the first is resolved.
    UUID yellow = hub.raise("clinic-f", patientF, "pulse.limit", Level.YELLOW, "Pulse 112 /min");
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

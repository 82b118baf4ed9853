package dk.telemonitoring.hub.api;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.alerts.domain.Level;
import dk.telemonitoring.hub.support.Sql;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * How an alert reaches the doctor, as the board and the patient's timeline tell it. A nurse's
 * hand-over names her as the sender, and the page that follows is one step that names the doctor it
 * went to, not a second escalation. The plan's own escalation (nobody acknowledged in time) has no
 * sender and names the doctor it paged.
 */
class EscalationStepsApiTest extends OnCallAdminFixture {

  @Override
  String databasePrefix() {
    return "escalationsteps";
  }

  @Test
  void aNursesHandOverNamesHerAndThePageThatFollowsNamesTheDoctor() {
    ApiClient admin = ApiClient.loggedIn(base, "admin.g@test.dk", PASSWORD);
    rota(admin);
    // The plan would page the doctor only after an hour: the page here is the nurse's doing.
    redPolicy(admin, step(3600, "ONCALL_DOCTOR", "IN_APP"));
    UUID patient = hub.provision("clinic-g", "ox-g-handover", "COPD");
    UUID alert = hub.raise("clinic-g", patient, "spo2.limit", Level.RED, "SpO2 87%");
    ApiClient nurse = ApiClient.loggedIn(base, "nurse.g@test.dk", PASSWORD);
    ok(
        nurse.send(
            "POST",
            "/api/v1/alerts/" + alert + "/escalate",
            new JsonObject().put("note", "Vil du se på hende?").encode()),
        200);
    awaitDoctorPaged(alert);

    JsonObject shown = boardAlert(nurse, patient);
    assertThat(shown.getString("state")).isEqualTo("ESCALATED");
    assertThat(shown.getJsonObject("escalatedBy").getString("id"))
        .isEqualTo(userId("nurse.g@test.dk"));
    assertThat(shown.getJsonObject("escalatedBy").getString("displayName")).isEqualTo("nurse.g");

    List<JsonObject> steps = escalationSteps(nurse, patient);
    assertThat(steps).extracting(s -> s.getString("event")).containsExactly("paged", "escalated");
    JsonObject handOver = steps.get(1);
    assertThat(handOver.getString("byId")).isEqualTo(userId("nurse.g@test.dk"));
    assertThat(handOver.getString("text")).isEqualTo("Vil du se på hende?");
    JsonObject page = steps.get(0);
    assertThat(page.containsKey("byId")).as("the plan is nobody").isFalse();
    assertThat(page.getJsonArray("paged")).containsExactly(page("IN_APP", false));

    // A worse finding is news for the nurses: the hand-over made at RED no longer holds it back.
    hub.raise("clinic-g", patient, "spo2.limit", Level.CRITICAL, "SpO2 82%");
    JsonObject worse = boardAlert(nurse, patient);
    assertThat(worse.getString("level")).isEqualTo("CRITICAL");
    assertThat(worse.getString("state")).isEqualTo("ESCALATED");
    assertThat(worse.getValue("escalatedBy")).isNull();
  }

  @Test
  void thePlansEscalationHasNoSenderAndNamesTheDoctorPaged() {
    ApiClient admin = ApiClient.loggedIn(base, "admin.g@test.dk", PASSWORD);
    rota(admin);
    redPolicy(admin, step(0, "ONCALL_DOCTOR", "IN_APP"));
    UUID patient = hub.provision("clinic-g", "ox-g-plan", "COPD");
    UUID alert = hub.raise("clinic-g", patient, "spo2.limit", Level.RED, "SpO2 87%");
    awaitDoctorPaged(alert);
    ApiClient nurse = ApiClient.loggedIn(base, "nurse.g@test.dk", PASSWORD);

    JsonObject shown = boardAlert(nurse, patient);
    assertThat(shown.getString("state")).isEqualTo("ESCALATED");
    assertThat(shown.getValue("escalatedBy")).isNull();

    List<JsonObject> steps = escalationSteps(nurse, patient);
    assertThat(steps).extracting(s -> s.getString("event")).containsExactly("escalated");
    assertThat(steps.get(0).containsKey("byId")).isFalse();
    assertThat(steps.get(0).getJsonArray("paged").getJsonObject(0).getString("name"))
        .isEqualTo("doctor.g");

    // The patient page's alert history names her too, on the step the engine wrote.
    List<JsonObject> history =
        ok(nurse.get("/api/v1/patients/" + patient + "/alerts"), 200)
            .getJsonArray("alerts")
            .getJsonObject(0)
            .getJsonArray("history")
            .stream()
            .map(JsonObject.class::cast)
            .filter(t -> !t.getJsonArray("paged").isEmpty())
            .toList();
    assertThat(history).hasSize(1);
    assertThat(history.get(0).getJsonArray("paged"))
        .containsExactly(
            new JsonObject()
                .put("name", "doctor.g")
                .put("role", "ONCALL_DOCTOR")
                .put("channel", "IN_APP"));
  }

  @Test
  void aPageThatNeverArrivedSaysSoInTheTimeline() {
    ApiClient admin = ApiClient.loggedIn(base, "admin.g@test.dk", PASSWORD);
    rota(admin);
    // The test hub has no mail server: the e-mail page is given up on, the one on the screen is
    // not.
    redPolicy(admin, step(0, "ONCALL_DOCTOR", "IN_APP", "EMAIL"));
    UUID patient = hub.provision("clinic-g", "ox-g-mail", "COPD");
    UUID alert = hub.raise("clinic-g", patient, "spo2.limit", Level.RED, "SpO2 87%");
    Sql.awaitCount(
        db,
        Duration.ofSeconds(30),
        n -> n == 1,
        "SELECT count(*) FROM notifications WHERE alert_id = ? AND channel = 'EMAIL'"
            + " AND status = 'DEAD'",
        alert);
    ApiClient nurse = ApiClient.loggedIn(base, "nurse.g@test.dk", PASSWORD);

    List<JsonObject> steps = escalationSteps(nurse, patient);
    assertThat(steps).hasSize(1);
    assertThat(steps.get(0).getJsonArray("paged"))
        .containsExactlyInAnyOrder(page("IN_APP", false), page("EMAIL", true));
  }

  /** A page to the on-call doctor doctor.g as a timeline step names it. */
  private static JsonObject page(String channel, boolean notArrived) {
    return new JsonObject()
        .put("name", "doctor.g")
        .put("role", "ONCALL_DOCTOR")
        .put("channel", channel)
        .put("notArrived", notArrived);
  }

  private void rota(ApiClient admin) {
    if (Sql.count(db, "SELECT count(*) FROM oncall_rotations WHERE clinic_id = 'clinic-g'") == 0) {
      ok(
          admin.send(
              "POST",
              "/api/v1/oncall/rotations",
              rotation("ONCALL_DOCTOR", userId("doctor.g@test.dk"))),
          201);
    }
  }

  private void awaitDoctorPaged(UUID alert) {
    Sql.awaitCount(
        db,
        Duration.ofSeconds(30),
        n -> n == 1,
        "SELECT count(*) FROM notifications WHERE alert_id = ? AND recipient_role = 'ONCALL_DOCTOR'",
        alert);
  }

  private static JsonObject boardAlert(ApiClient nurse, UUID patient) {
    return ok(nurse.get("/api/v1/board?clinic=clinic-g"), 200).getJsonArray("patients").stream()
        .map(JsonObject.class::cast)
        .filter(p -> p.getJsonObject("patient").getString("id").equals(patient.toString()))
        .findFirst()
        .orElseThrow()
        .getJsonArray("alerts")
        .getJsonObject(0);
  }

  /** The timeline's escalation entries, newest first. */
  private static List<JsonObject> escalationSteps(ApiClient nurse, UUID patient) {
    return ok(nurse.get("/api/v1/patients/" + patient + "/timeline"), 200)
        .getJsonArray("entries")
        .stream()
        .map(JsonObject.class::cast)
        .filter(e -> List.of("escalated", "paged").contains(e.getString("event")))
        .toList();
  }
}

package dk.telemonitoring.hub.api;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.alerts.domain.Level;
import dk.telemonitoring.hub.support.Sql;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A doctor's advice outlives an alert the doctor closes: it stays on the nurses' board until a
 * nurse has carried it out, and only there. A nurse closing the alert carries it out with it; "no
 * action" asks nothing of anyone; the other clinic never sees it.
 */
class AdviceLeftOnClosedAlertsApiTest extends TwoClinicApiTest {

  AdviceLeftOnClosedAlertsApiTest() {
    super("adviceleft");
  }

  @Test
  void adviceOnAnAlertTheDoctorClosedWaitsForANurse() {
    ApiClient nurse = nurse();
    ApiClient doctor = doctor();
    ApiClient otherClinic = ApiClient.loggedIn(base, "nurse.b@test.dk", PASSWORD);
    UUID alert = raise(patientA, "clinic-a", "spo2.limit", Level.RED, "SpO2 87 % below 88 %");
    JsonObject advice =
        advise(doctor, alert, "START_RESCUE_PACK", "Prednisolon 37,5 mg i 5 dage, amoxicillin");
    resolve(doctor, alert, "ADVICE_BY_PHONE");

    JsonArray left = adviceLeftFor(nurse, alert);
    assertThat(left).hasSize(1);
    JsonObject row = left.getJsonObject(0);
    assertThat(row.getString("alertId")).isEqualTo(alert.toString());
    assertThat(row.getLong("adviceId")).isEqualTo(advice.getLong("id"));
    assertThat(row.getJsonObject("patient").getString("id")).isEqualTo(patientA.toString());
    assertThat(row.getJsonObject("advice").getString("instruction")).isEqualTo("START_RESCUE_PACK");
    assertThat(row.getJsonObject("advice").getString("note")).startsWith("Prednisolon");
    assertThat(row.getJsonObject("closedBy").getString("displayName")).isEqualTo("doctor.a");
    assertThat(otherClinic.json("/api/v1/board").getJsonArray("adviceLeft")).isEmpty();
    // The other clinic's nurse cannot carry it out either: to her the alert does not exist.
    assertThat(otherClinic.send("POST", carriedOut(alert, advice), "{}").statusCode())
        .isEqualTo(404);

    HttpResponse<String> done = nurse.send("POST", carriedOut(alert, advice), "{}");
    assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
    assertThat(new JsonObject(done.body()).getString("carriedOutAt")).isNotNull();
    assertThat(adviceLeftFor(nurse, alert)).isEmpty();
    assertThat(
            Sql.text(
                db, "SELECT carried_out_by FROM alert_advice WHERE id = ?", advice.getLong("id")))
        .isEqualTo(nurseA());
    assertThat(nurse.send("POST", carriedOut(alert, advice), "{}").statusCode()).isEqualTo(409);
    // The patient's timeline tells the rest of the story: who carried it out.
    List<JsonObject> done1 = carriedOutSteps(nurse, patientA);
    assertThat(done1).hasSize(1);
    assertThat(done1.get(0).getString("instruction")).isEqualTo("START_RESCUE_PACK");
    assertThat(done1.get(0).getString("byId")).isEqualTo(nurseA());
    List<JsonObject> advised =
        nurse.json("/api/v1/patients/" + patientA + "/timeline").getJsonArray("entries").stream()
            .map(JsonObject.class::cast)
            .filter(e -> "advised".equals(e.getString("event")))
            .toList();
    assertThat(advised).hasSize(1);
    assertThat(advised.get(0).getString("instruction")).isEqualTo("START_RESCUE_PACK");
    assertThat(advised.get(0).getString("text")).startsWith("Prednisolon");
    assertThat(
            Sql.text(
                db,
                "SELECT count(*)::text FROM audit_log WHERE action = 'alert.advice.carry-out'"
                    + " AND patient_id = ?",
                patientA))
        .isEqualTo("2");
  }

  @Test
  void aNurseClosingTheAlertCarriesOutItsAdvice() {
    UUID patient = patient("ox-a-advice-2");
    ApiClient nurse = nurse();
    ApiClient doctor = doctor();
    UUID alert = raise(patient, "clinic-a", "spo2.limit", Level.RED, "SpO2 86 % below 88 %");
    advise(doctor, alert, "CALL_PATIENT_TODAY", null);

    resolve(nurse, alert, "ADVICE_BY_PHONE");

    assertThat(adviceLeftFor(nurse, alert)).isEmpty();
    assertThat(Sql.text(db, "SELECT carried_out_by FROM alert_advice WHERE alert_id = ?", alert))
        .isEqualTo(nurseA());
    // Her closing says it; the timeline does not repeat it as a step of its own.
    assertThat(carriedOutSteps(nurse, patient)).isEmpty();
  }

  @Test
  void noActionAsksNothingAndOnlyTheNewestAdviceCounts() {
    UUID patient = patient("ox-a-advice-3");
    ApiClient nurse = nurse();
    ApiClient doctor = doctor();
    UUID quiet = raise(patient, "clinic-a", "spo2.limit", Level.RED, "SpO2 87 % below 88 %");
    JsonObject first = advise(doctor, quiet, "CALL_PATIENT_NOW", null);
    advise(doctor, quiet, "NO_ACTION", "talked to her myself");
    resolve(doctor, quiet, "NO_ACTION_NEEDED");

    assertThat(adviceLeftFor(nurse, quiet)).isEmpty();
    // The replaced advice is not the nurse's to carry out either.
    assertThat(nurse.send("POST", carriedOut(quiet, first), "{}").statusCode()).isEqualTo(409);
  }

  @Test
  void adviceOnAnAlertThatClosedItselfStaysForTheNurse() {
    UUID patient = patient("ox-a-advice-4");
    ApiClient nurse = nurse();
    ApiClient doctor = doctor();
    UUID alert = raise(patient, "clinic-a", "spo2.limit", Level.YELLOW, "SpO2 91 % below 92 %");
    advise(doctor, alert, "REPEAT_MEASUREMENT", null);
    HttpResponse<String> snoozed = nurse.send("POST", "/api/v1/alerts/" + alert + "/snooze", "{}");
    assertThat(snoozed.statusCode()).as(snoozed.body()).isEqualTo(200);

    hub.clear(patient, "spo2.limit", Instant.now());

    assertThat(Sql.text(db, "SELECT state FROM alerts WHERE id = ?", alert)).isEqualTo("RESOLVED");
    JsonArray left = adviceLeftFor(nurse, alert);
    assertThat(left).hasSize(1);
    assertThat(left.getJsonObject(0).getValue("closedBy")).isNull();
  }

  private ApiClient nurse() {
    return ApiClient.loggedIn(base, "nurse.a@test.dk", PASSWORD);
  }

  private ApiClient doctor() {
    return ApiClient.loggedIn(base, "doctor.a@test.dk", PASSWORD);
  }

  /** A patient of clinic A of her own, so each test's alerts and advice are its own. */
  private UUID patient(String device) {
    return hub.provision("clinic-a", device, "COPD");
  }

  private static JsonObject advise(ApiClient doctor, UUID alert, String instruction, String note) {
    HttpResponse<String> r =
        doctor.send(
            "POST",
            "/api/v1/alerts/" + alert + "/advise",
            new JsonObject().put("instruction", instruction).put("note", note).encode());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return new JsonObject(r.body());
  }

  private static void resolve(ApiClient who, UUID alert, String outcome) {
    HttpResponse<String> r =
        who.send(
            "POST",
            "/api/v1/alerts/" + alert + "/resolve",
            new JsonObject().put("outcome", outcome).encode());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  private static JsonArray adviceLeftFor(ApiClient nurse, UUID alert) {
    JsonArray out = new JsonArray();
    nurse.json("/api/v1/board").getJsonArray("adviceLeft").stream()
        .map(JsonObject.class::cast)
        .filter(r -> r.getString("alertId").equals(alert.toString()))
        .forEach(out::add);
    return out;
  }

  private static List<JsonObject> carriedOutSteps(ApiClient nurse, UUID patient) {
    return nurse.json("/api/v1/patients/" + patient + "/timeline").getJsonArray("entries").stream()
        .map(JsonObject.class::cast)
        .filter(e -> "adviceCarriedOut".equals(e.getString("event")))
        .toList();
  }

  private static String carriedOut(UUID alert, JsonObject advice) {
    return "/api/v1/alerts/" + alert + "/advice/" + advice.getLong("id") + "/carried-out";
  }

  private String nurseA() {
    return Sql.text(db, "SELECT id::text FROM app_users WHERE email = 'nurse.a@test.dk'");
  }
}

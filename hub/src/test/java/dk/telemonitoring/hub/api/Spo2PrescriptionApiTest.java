package dk.telemonitoring.hub.api;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.hub.support.Devices;
import dk.telemonitoring.hub.support.Sql;
import dk.telemonitoring.hub.support.TestHub;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A doctor's SpO2 scale 2 prescription against a real hub, PostgreSQL and broker: only a doctor of
 * the patient's clinic writes it, every access is audited, and NEWS2 scores the readings measured
 * while it is in force on scale 2 (an 89 % reading of a prescribed COPD patient scores 0 for SpO2,
 * the same reading without it 3), and on scale 1 again after it is revoked.
 */
class Spo2PrescriptionApiTest extends TwoClinicApiTest {

  private static final JsonObject PRESCRIPTION =
      new JsonObject()
          .put("reason", "hypercapnic respiratory failure, blood gas 2026-11-30: target 88-92 %");
  private static final JsonObject REVOCATION =
      new JsonObject().put("reason", "no longer retaining CO2");

  Spo2PrescriptionApiTest() {
    super("spo2rx");
  }

  private String path(UUID patient) {
    return "/api/v1/patients/" + patient + "/spo2-prescription";
  }

  @Test
  void onlyADoctorOfThePatientsClinicPrescribesOrRevokes() {
    ApiClient.createUser(
        base, TestHub.SERVICE_TOKEN, "doctor.b@test.dk", PASSWORD, "doctor", "clinic-b");
    ApiClient.createUser(base, TestHub.SERVICE_TOKEN, "son@spo2.test", PASSWORD, "relative");
    ApiClient nurse = ApiClient.loggedIn(base, "nurse.a@test.dk", PASSWORD);
    HttpResponse<String> linked =
        nurse.send(
            "POST",
            "/api/v1/patients/" + patientA + "/relatives",
            new JsonObject()
                .put("email", "son@spo2.test")
                .put("relation", "son")
                .put("consentGiven", true)
                .put("consentNote", "asked at the enrolment visit")
                .encode());
    assertThat(linked.statusCode()).as(linked.body()).isEqualTo(201);

    for (String email : new String[] {"nurse.a@test.dk", "admin.a@test.dk", "son@spo2.test"}) {
      ApiClient other = ApiClient.loggedIn(base, email, PASSWORD);
      assertThat(other.send("PUT", path(patientA), PRESCRIPTION.encode()).statusCode())
          .as(email)
          .isEqualTo(403);
      assertThat(other.send("DELETE", path(patientA), REVOCATION.encode()).statusCode())
          .as(email)
          .isEqualTo(403);
    }
    ApiClient otherClinicsDoctor = ApiClient.loggedIn(base, "doctor.b@test.dk", PASSWORD);
    assertThat(otherClinicsDoctor.send("PUT", path(patientA), PRESCRIPTION.encode()).statusCode())
        .isIn(403, 404);
    assertThat(
            Sql.count(db, "SELECT count(*) FROM spo2_prescriptions WHERE patient_id = ?", patientA))
        .isZero();
    // A relative reads measurements, not the clinic's prescriptions.
    assertThat(ApiClient.loggedIn(base, "son@spo2.test", PASSWORD).get(path(patientA)).statusCode())
        .isEqualTo(403);

    ApiClient doctor = ApiClient.loggedIn(base, "doctor.a@test.dk", PASSWORD);
    assertThat(doctor.send("PUT", path(patientA), new JsonObject().encode()).statusCode())
        .isEqualTo(400);
    assertThat(
            doctor
                .send("PUT", path(patientA), PRESCRIPTION.copy().put("targetLow", 90).encode())
                .statusCode())
        .isEqualTo(400);
    HttpResponse<String> prescribed = doctor.send("PUT", path(patientA), PRESCRIPTION.encode());
    assertThat(prescribed.statusCode()).as(prescribed.body()).isEqualTo(200);

    // Nurses read it: target, the doctor's name, the reason and the date.
    JsonObject current = nurse.json(path(patientA)).getJsonObject("current");
    assertThat(current.getInteger("targetLow")).isEqualTo(88);
    assertThat(current.getInteger("targetHigh")).isEqualTo(92);
    assertThat(current.getString("prescribedByName")).isEqualTo("doctor.a");
    assertThat(current.getString("reason")).isEqualTo(PRESCRIPTION.getString("reason"));
    assertThat(current.getString("prescribedAt")).isNotBlank();

    // The audit trail says who prescribed, beside the row's own author.
    assertThat(
            Sql.count(
                db,
                """
        SELECT count(*) FROM audit_log WHERE action = 'spo2-prescription.prescribe' AND patient_id = ?
          AND user_email = 'doctor.a@test.dk' AND user_role = 'DOCTOR'""",
                patientA))
        .isEqualTo(1);
    assertThat(
            Sql.text(
                db, "SELECT prescribed_by FROM spo2_prescriptions WHERE patient_id = ?", patientA))
        .isEqualTo("doctor.a@test.dk");

    assertThat(doctor.send("DELETE", path(patientA), "{}").statusCode()).isEqualTo(400);
    HttpResponse<String> revoked = doctor.send("DELETE", path(patientA), REVOCATION.encode());
    assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
    JsonObject after = new JsonObject(revoked.body());
    assertThat(after.getValue("current")).isNull();
    JsonObject past = after.getJsonArray("past").getJsonObject(0);
    assertThat(past.getString("revokedByName")).isEqualTo("doctor.a");
    assertThat(past.getString("revokeReason")).isEqualTo(REVOCATION.getString("reason"));
    assertThat(doctor.send("DELETE", path(patientA), REVOCATION.encode()).statusCode())
        .isEqualTo(404);
    assertThat(
            Sql.count(
                db,
                """
        SELECT count(*) FROM audit_log WHERE action = 'spo2-prescription.revoke' AND patient_id = ?
          AND user_email = 'doctor.a@test.dk'""",
                patientA))
        .isEqualTo(2);
  }

  @Test
  void news2ScoresAPrescribedPatientsSpo2OnScale2UntilTheDoctorRevokesIt() {
    ApiClient.createUser(
        base, TestHub.SERVICE_TOKEN, "doctor.b2@test.dk", PASSWORD, "doctor", "clinic-b");
    ApiClient doctor = ApiClient.loggedIn(base, "doctor.b2@test.dk", PASSWORD);
    try (Devices devices = new Devices(hub.topicRoot())) {
      String topic = devices.readingsTopic("clinic-b", "ox-b-1");

      // Without a prescription: scale 1, 89 % scores 3.
      devices.publish(topic, Devices.spo2("rx-none", Instant.now(), 89, 80));
      assertThat(spo2Points("rx-none")).isEqualTo("3");
      assertThat(scale("rx-none")).isEqualTo("1");

      HttpResponse<String> prescribed = doctor.send("PUT", path(patientB), PRESCRIPTION.encode());
      assertThat(prescribed.statusCode()).as(prescribed.body()).isEqualTo(200);
      devices.publish(topic, Devices.spo2("rx-on", Instant.now(), 89, 80));
      assertThat(spo2Points("rx-on")).isEqualTo("0");
      assertThat(scale("rx-on")).isEqualTo("2");

      HttpResponse<String> revoked = doctor.send("DELETE", path(patientB), REVOCATION.encode());
      assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
      devices.publish(topic, Devices.spo2("rx-off", Instant.now(), 89, 80));
      assertThat(spo2Points("rx-off")).isEqualTo("3");
      assertThat(scale("rx-off")).isEqualTo("1");
    }
  }

  /** The SpO2 points of the NEWS2 finding of one message, once triage stored it. */
  private String spo2Points(String msgId) {
    long found =
        Sql.awaitCount(
            db,
            Duration.ofSeconds(20),
            n -> n == 1,
            "SELECT count(*) FROM triage_findings WHERE msg_id = ? AND rule_id = 'news2.aggregate'",
            msgId);
    assertThat(found).as("NEWS2 finding of " + msgId).isEqualTo(1);
    return Sql.text(
        db,
        "SELECT inputs->'points'->>'spo2' FROM triage_findings WHERE msg_id = ? AND rule_id = 'news2.aggregate'",
        msgId);
  }

  private String scale(String msgId) {
    return Sql.text(
        db,
        "SELECT inputs->>'scale' FROM triage_findings WHERE msg_id = ? AND rule_id = 'news2.aggregate'",
        msgId);
  }
}

package dk.telemonitoring.hub.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dk.telemonitoring.hub.support.Devices;
import dk.telemonitoring.hub.support.Sql;
import dk.telemonitoring.hub.support.TestHub;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The patient-status API against a real hub, PostgreSQL and broker: who may write what, what is
 * refused and why, the doctor's spirometry personal best as the spirometry rule reads it, a holiday
 * that stops tasks but never alerts, and the overview's bed days and patient-years asserted
 * exactly.
 */
class PatientStatusApiTest extends TwoClinicApiTest {

  private static final ZoneId ZONE = ZoneId.of("Europe/Copenhagen");
  private static final double YEAR_DAYS = 365.25;

  PatientStatusApiTest() {
    super("status_api");
  }

  @Test
  void onlyADoctorSetsAPersonalBestAndTheSpirometryRuleComparesWithIt() {
    String path = "/api/v1/patients/" + patientA + "/spirometry-personal-best/fev1";
    JsonObject best =
        new JsonObject().put("value", 2.0).put("reason", "best stable session, clinic visit");
    for (String email : new String[] {"nurse.a@test.dk", "admin.a@test.dk"}) {
      HttpResponse<String> r =
          ApiClient.loggedIn(base, email, PASSWORD).send("PUT", path, best.encode());
      assertThat(r.statusCode()).as(email).isEqualTo(403);
    }
    assertThat(
            Sql.count(
                db, "SELECT count(*) FROM spirometry_personal_best WHERE patient_id = ?", patientA))
        .isZero();

    ApiClient doctor = ApiClient.loggedIn(base, "doctor.a@test.dk", PASSWORD);
    assertThat(
            doctor
                .send(
                    "PUT",
                    "/api/v1/patients/" + patientA + "/spirometry-personal-best/fvc",
                    best.encode())
                .statusCode())
        .as("the rule compares FEV1 and peak flow only")
        .isEqualTo(400);
    assertThat(doctor.send("PUT", path, best.copy().put("value", 80).encode()).statusCode())
        .isEqualTo(400);
    assertThat(doctor.send("PUT", path, new JsonObject().put("value", 2.0).encode()).statusCode())
        .as("a reason is required")
        .isEqualTo(400);
    HttpResponse<String> set = doctor.send("PUT", path, best.encode());
    assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
    JsonObject stored = new JsonObject(set.body()).getJsonArray("personalBest").getJsonObject(0);
    assertThat(stored.getString("code")).isEqualTo("fev1");
    assertThat(stored.getDouble("value")).isEqualTo(2.0);
    assertThat(stored.getString("setBy")).isEqualTo("doctor.a");
    // Every attempt of the doctor is audited, the three refused ones too (access comes first).
    assertThat(
            Sql.count(
                db,
                "SELECT count(*) FROM audit_log WHERE action = 'status.personal-best.set' AND patient_id = ? AND user_role = 'DOCTOR'",
                patientA))
        .isEqualTo(4);
    assertThat(
            Sql.text(
                db,
                "SELECT changed_by || ' ' || (details->>'value') FROM patient_status_log WHERE patient_id = ? AND action = 'personal-best.set'",
                patientA))
        .isEqualTo("doctor.a@test.dk 2.0");

    // FEV1 0.8 L is 40 % of the best: the spirometry rule's RED finding, with the doctor's value.
    try (Devices devices = new Devices(hub.topicRoot())) {
      devices.publish(
          devices.readingsTopic("clinic-a", "ox-a-1"),
          """
          {"v":1,"msgId":"fev-1","kind":"measurement","measuredAt":"%s",
           "values":[{"code":"fev1","value":0.8,"unit":"L"}]}"""
              .formatted(Instant.now()));
      assertThat(
              Sql.awaitCount(
                  db,
                  Duration.ofSeconds(20),
                  n -> n == 1,
                  "SELECT count(*) FROM triage_findings WHERE msg_id = 'fev-1' AND rule_id = 'spiro.best.fev1'"))
          .isEqualTo(1);
    }
    assertThat(
            Sql.text(
                db,
                "SELECT level || ' ' || (inputs->>'personalBest') || ' ' || (inputs->>'percentOfBest') FROM triage_findings WHERE msg_id = 'fev-1' AND rule_id = 'spiro.best.fev1'"))
        .isEqualTo("RED 2.0 40");
  }

  @Test
  void aHolidayStopsMissedMeasurementTasksButNeverSilencesAnAbnormalReading() {
    ApiClient nurse = ApiClient.loggedIn(base, "nurse.b@test.dk", PASSWORD);
    String path = "/api/v1/patients/" + patientB + "/passive-intervals";
    assertThat(
            nurse
                .send(
                    "POST",
                    path,
                    new JsonObject().put("kind", "ADMISSION").put("reason", "x").encode())
                .statusCode())
        .as("an admission is recorded as an admission")
        .isEqualTo(400);
    assertThat(
            nurse.send("POST", path, new JsonObject().put("kind", "HOLIDAY").encode()).statusCode())
        .as("a reason is required")
        .isEqualTo(400);
    HttpResponse<String> holiday =
        nurse.send(
            "POST",
            path,
            new JsonObject()
                .put("kind", "HOLIDAY")
                .put("from", Instant.now().minusSeconds(60).toString())
                .put("to", Instant.now().plus(Duration.ofDays(7)).toString())
                .put("reason", "summer house, no tablet")
                .encode());
    assertThat(holiday.statusCode()).as(holiday.body()).isEqualTo(201);
    JsonObject status = new JsonObject(holiday.body());
    assertThat(status.getString("state")).isEqualTo("ENROLLED");
    assertThat(status.getJsonObject("passiveNow").getString("kind")).isEqualTo("HOLIDAY");

    try (Devices devices = new Devices(hub.topicRoot())) {
      devices.publish(
          devices.readingsTopic("clinic-b", "ox-b-1"),
          Devices.spo2("holiday-1", Instant.now(), 82, 124));
      assertThat(
              Sql.awaitCount(
                  db,
                  Duration.ofSeconds(20),
                  n -> n == 1,
                  "SELECT count(*) FROM alerts WHERE patient_id = ? AND level = 'CRITICAL' AND state <> 'RESOLVED'",
                  patientB))
          .isEqualTo(1);
    }
    long id = status.getJsonArray("passiveIntervals").getJsonObject(0).getLong("id");
    HttpResponse<String> ended =
        nurse.send("PUT", path + "/" + id + "/end", new JsonObject().encode());
    assertThat(ended.statusCode()).as(ended.body()).isEqualTo(200);
    assertThat(new JsonObject(ended.body()).getValue("passiveNow")).isNull();
    assertThat(nurse.send("PUT", path + "/" + id + "/end", "{}").statusCode()).isEqualTo(409);
    // Another clinic's nurse does not see the patient.
    assertThat(
            ApiClient.loggedIn(base, "nurse.a@test.dk", PASSWORD)
                .send("PUT", path + "/" + id + "/end", "{}")
                .statusCode())
        .isEqualTo(404);
  }

  @Test
  void admissionsAreRefusedInTheFutureOrOverlappingAndOnlyStaffWhoTreatRecordThem() {
    UUID patient = patient("clinic-a", Instant.now().minus(Duration.ofDays(30)));
    String path = "/api/v1/patients/" + patient + "/admissions";
    ApiClient admin = ApiClient.loggedIn(base, "admin.a@test.dk", PASSWORD);
    assertThat(admin.send("POST", path, "{}").statusCode()).isEqualTo(403);
    ApiClient doctor = ApiClient.loggedIn(base, "doctor.a@test.dk", PASSWORD);
    assertThat(
            doctor
                .send(
                    "POST",
                    path,
                    new JsonObject()
                        .put("admittedAt", Instant.now().plus(Duration.ofDays(1)).toString())
                        .encode())
                .statusCode())
        .isEqualTo(400);
    assertThat(
            doctor
                .send(
                    "POST",
                    path,
                    new JsonObject()
                        .put("admittedAt", Instant.now().minus(Duration.ofDays(40)).toString())
                        .encode())
                .statusCode())
        .as("before enrolment")
        .isEqualTo(400);
    assertThat(
            doctor
                .send("POST", path, new JsonObject().put("admittedAt", "yesterday").encode())
                .statusCode())
        .isEqualTo(400);
    HttpResponse<String> past =
        doctor.send(
            "POST",
            path,
            new JsonObject()
                .put("admittedAt", Instant.now().minus(Duration.ofDays(10)).toString())
                .put("dischargedAt", Instant.now().minus(Duration.ofDays(6)).toString())
                .encode());
    assertThat(past.statusCode()).as(past.body()).isEqualTo(201);
    assertThat(
            doctor
                .send(
                    "POST",
                    path,
                    new JsonObject()
                        .put("admittedAt", Instant.now().minus(Duration.ofDays(8)).toString())
                        .encode())
                .statusCode())
        .as("overlaps the recorded admission")
        .isEqualTo(409);
    HttpResponse<String> now = doctor.send("POST", path, "{}");
    assertThat(now.statusCode()).as(now.body()).isEqualTo(201);
    assertThat(doctor.send("POST", path, "{}").statusCode()).as("already admitted").isEqualTo(409);
    assertThat(
            ApiClient.loggedIn(base, "nurse.a@test.dk", PASSWORD)
                .json("/api/v1/patients/" + patient + "/status")
                .getJsonArray("admissions")
                .size())
        .isEqualTo(2);
  }

  /**
   * A clinic of three: A admitted 10:00 twelve days ago and discharged 14:00 five days ago (7 bed
   * days); B admitted three days ago and, still in hospital, no longer enrolled since yesterday
   * (bed days up to the end of enrolment, not to today); C whose enrolment ended before the period.
   */
  @Test
  void theOverviewCountsBedDaysFromAdmissionToDischargeAndPatientYearsToTheEndOfEnrolment() {
    String clinic = "beds";
    Sql.exec(
        db,
        "INSERT INTO clinics (id, name, timezone) VALUES (?, 'Beds', 'Europe/Copenhagen')",
        clinic);
    ApiClient.createUser(base, TestHub.SERVICE_TOKEN, "nurse@beds.test", PASSWORD, "nurse", clinic);
    ApiClient nurse = ApiClient.loggedIn(base, "nurse@beds.test", PASSWORD);
    Instant t0 = Instant.now();
    LocalDate today = t0.atZone(ZONE).toLocalDate();
    UUID a = patient(clinic, t0.minus(Duration.ofDays(40)));
    UUID b = patient(clinic, t0.minus(Duration.ofDays(20)));
    UUID c = patient(clinic, t0.minus(Duration.ofDays(100)));

    admit(
        nurse,
        a,
        today.minusDays(12).atTime(10, 0).atZone(ZONE).toInstant(),
        today.minusDays(5).atTime(14, 0).atZone(ZONE).toInstant());
    LocalDate bAdmitted = today.minusDays(3);
    admit(nurse, b, bAdmitted.atTime(9, 0).atZone(ZONE).toInstant(), null);
    Instant bEnded = t0.minus(Duration.ofDays(1));
    end(nurse, b, "DECEASED", bEnded);
    end(nurse, c, "COMPLETED", t0.minus(Duration.ofDays(40)));
    long bBedDays = ChronoUnit.DAYS.between(bAdmitted, bEnded.atZone(ZONE).toLocalDate());
    assertThat(bBedDays).isEqualTo(2);

    JsonObject o = nurse.json("/api/v1/overview?days=30");
    assertThat(o.getInteger("enrolled")).isEqualTo(2);
    assertThat(o.getInteger("active")).isEqualTo(1);
    double aYears = 30 / YEAR_DAYS;
    double bYears = 19 / YEAR_DAYS;
    assertThat(o.getDouble("patientYears")).isCloseTo(aYears + bYears, within(1e-9));
    assertThat(o.getBoolean("tooFewPatientYears")).isTrue();
    assertThat(o.getDouble("minPatientYears")).isEqualTo(1.0);
    JsonObject after = o.getJsonObject("afterEnrolment");
    assertThat(after.getLong("bedDays")).isEqualTo(7 + bBedDays);
    assertThat(o.getJsonObject("figures").getLong("bedDays")).isEqualTo(7 + bBedDays);
    assertThat(after.getDouble("bedDaysPerPatientYear"))
        .isCloseTo((7 + bBedDays) / (aYears + bYears), within(1e-6));
    assertThat(after.getDouble("medianBedDaysPerPatientYear"))
        .isCloseTo((7 / aYears + bBedDays / bYears) / 2, within(1e-6));
    assertThat(after.getDouble("medianAcuteContactsPerPatientYear")).isEqualTo(0.0);
    JsonObject group = o.getJsonArray("byMunicipality").getJsonObject(0);
    assertThat(group.getLong("bedDays")).isEqualTo(7 + bBedDays);
    assertThat(group.getBoolean("tooFewPatientYears")).isTrue();
    assertThat(group.getValue("medianAdherence")).isNull();
  }

  // ----- helpers -----

  private UUID patient(String clinic, Instant enrolledAt) {
    UUID id = UUID.randomUUID();
    Sql.exec(
        db,
        "INSERT INTO patients (id, clinic_id, display_name, condition, language, enrolled_at) VALUES (?, ?, 'Status patient', 'COPD', 'da', ?)",
        id,
        clinic,
        OffsetDateTime.ofInstant(enrolledAt, ZoneOffset.UTC));
    return id;
  }

  private static void admit(ApiClient nurse, UUID patient, Instant from, Instant to) {
    JsonObject body = new JsonObject().put("admittedAt", from.toString());
    if (to != null) {
      body.put("dischargedAt", to.toString());
    }
    HttpResponse<String> r =
        nurse.send("POST", "/api/v1/patients/" + patient + "/admissions", body.encode());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
  }

  private static void end(ApiClient nurse, UUID patient, String reason, Instant at) {
    HttpResponse<String> r =
        nurse.send(
            "PUT",
            "/api/v1/patients/" + patient + "/enrolment-end",
            new JsonObject().put("reason", reason).put("endedAt", at.toString()).encode());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }
}

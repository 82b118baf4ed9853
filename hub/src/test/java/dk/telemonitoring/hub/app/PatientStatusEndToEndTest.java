package dk.telemonitoring.hub.app;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.alerts.domain.Contact;
import dk.telemonitoring.hub.api.ApiClient;
import dk.telemonitoring.hub.config.DbUrl;
import dk.telemonitoring.hub.support.Devices;
import dk.telemonitoring.hub.support.OnCallRota;
import dk.telemonitoring.hub.support.Sql;
import dk.telemonitoring.hub.support.TestHub;
import dk.telemonitoring.hub.triage.worker.MissedMeasurementScanner;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The patient's status against a real hub, PostgreSQL and Mosquitto: readings published over MQTT
 * while the patient is admitted are stored and scored but open no alert, page nobody and open no
 * missed-measurement task; after the discharge an abnormal reading alerts and pages as before, and
 * the days in hospital are not counted as missed measurements. After the end of enrolment the
 * schedule and tasks stop, readings are still stored but open no alert, and patient-years stop at
 * the date.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PatientStatusEndToEndTest {

  private static final String PASSWORD = "patient status password";
  private static final ZoneId ZONE = ZoneId.of("Europe/Copenhagen");
  private static final Duration GRACE = Duration.ofHours(2);

  TestHub hub;
  DbUrl db;
  String base;

  @BeforeAll
  void start() {
    hub = TestHub.inFreshDatabase("status");
    db = hub.db();
    base = hub.httpBase();
  }

  @AfterAll
  void stop() {
    if (hub != null) {
      hub.close();
    }
  }

  @Test
  void readingsDuringAnAdmissionOpenNoAlertPageNobodyAndOpenNoTaskUntilTheDischarge() {
    String clinic = "adm";
    UUID patient = hub.provision(clinic, "ox-adm-1", "COPD");
    staff(clinic);
    enrolledDaysAgo(patient, 30);
    onCall(clinic);
    ApiClient nurse = ApiClient.loggedIn(base, "nurse@" + clinic + ".test", PASSWORD);
    ApiClient doctor = ApiClient.loggedIn(base, "doctor@" + clinic + ".test", PASSWORD);
    dailySpo2(doctor, patient);

    // Not measuring for 20 days: the scan opens a missed-measurement task (it can).
    Instant now = Instant.now();
    scan(now);
    assertThat(openTasks(patient)).isEqualTo(1);

    Instant admittedAt = now.minus(Duration.ofDays(10));
    HttpResponse<String> admitted =
        nurse.send(
            "POST",
            "/api/v1/patients/" + patient + "/admissions",
            new JsonObject()
                .put("admittedAt", admittedAt.toString())
                .put("note", "exacerbation, Bispebjerg")
                .encode());
    assertThat(admitted.statusCode()).as(admitted.body()).isEqualTo(201);
    JsonObject status = new JsonObject(admitted.body());
    assertThat(status.getString("state")).isEqualTo("ADMITTED");
    long admission = status.getJsonObject("admitted").getLong("id");
    assertThat(openTasks(patient)).as("the admission resolves the open task").isZero();
    assertThat(
            Sql.text(
                db,
                "SELECT resolved_by FROM nurse_tasks WHERE patient_id = ? AND kind = 'MISSED_MEASUREMENT'",
                patient))
        .isEqualTo("nurse@adm.test");
    assertThat(listedStatus(nurse, patient)).isEqualTo("ADMITTED");

    try (Devices devices = new Devices(hub.topicRoot())) {
      String topic = devices.readingsTopic(clinic, "ox-adm-1");
      devices.publish(topic, Devices.spo2("in-bed-1", Instant.now(), 82, 124));
      devices.publish(topic, Devices.spo2("in-bed-2", Instant.now().plusSeconds(1), 86, 118));
      // Each awaited: the critical lane may hold in-bed-1 while triage takes in-bed-2 first.
      awaitTriaged("in-bed-1");
      awaitTriaged("in-bed-2");
      assertThat(
              Sql.text(
                  db,
                  "SELECT string_agg(DISTINCT message_level || ':' || passive, ',') FROM triage_findings WHERE msg_id = 'in-bed-1'"))
          .as("stored and scored, as passive")
          .isEqualTo("CRITICAL:true");
      assertThat(Sql.count(db, "SELECT count(*) FROM readings WHERE msg_id LIKE 'in-bed-%'"))
          .isEqualTo(4);
      // The escalation engine ticks every 250 ms: give it many ticks to page anyone.
      Sql.sleep(2_000);
      assertThat(Sql.count(db, "SELECT count(*) FROM alerts WHERE patient_id = ?", patient))
          .isZero();
      assertThat(Sql.count(db, "SELECT count(*) FROM notifications")).isZero();
      scan(Instant.now());
      assertThat(openTasks(patient)).isZero();

      Instant dischargedAt = Instant.now();
      HttpResponse<String> discharged =
          nurse.send(
              "PUT",
              "/api/v1/patients/" + patient + "/admissions/" + admission + "/discharge",
              new JsonObject().put("dischargedAt", dischargedAt.toString()).encode());
      assertThat(discharged.statusCode()).as(discharged.body()).isEqualTo(200);
      assertThat(new JsonObject(discharged.body()).getString("state")).isEqualTo("ENROLLED");
      assertThat(listedStatus(nurse, patient)).isNull();

      // Two days on, only the days after the discharge count as missed, not the ten in hospital.
      Instant later = dischargedAt.plus(Duration.ofDays(2)).plus(Duration.ofHours(3));
      scan(later);
      assertThat(openTasks(patient)).isEqualTo(1);
      LocalDate firstAfter = dischargedAt.atZone(ZONE).toLocalDate().plusDays(1);
      long expected = 0;
      for (LocalDate d = firstAfter; ; d = d.plusDays(1)) {
        if (d.plusDays(1).atStartOfDay(ZONE).toInstant().plus(GRACE).isAfter(later)) {
          break;
        }
        expected++;
      }
      assertThat(
              Sql.count(
                  db,
                  "SELECT (details->>'missedSlots')::bigint FROM nurse_tasks WHERE patient_id = ? AND status = 'OPEN'",
                  patient))
          .isEqualTo(expected);
      assertThat(
              Instant.parse(
                  Sql.text(
                      db,
                      "SELECT details->>'firstMissedFrom' FROM nurse_tasks WHERE patient_id = ? AND status = 'OPEN'",
                      patient)))
          .isEqualTo(firstAfter.atStartOfDay(ZONE).toInstant());

      // After the discharge triage alerts, and pages, as before.
      devices.publish(topic, Devices.spo2("home-1", Instant.now().plusSeconds(1), 82, 124));
      assertThat(
              Sql.awaitCount(
                  db,
                  Duration.ofSeconds(20),
                  n -> n == 1,
                  "SELECT count(*) FROM alerts WHERE patient_id = ? AND level = 'CRITICAL' AND state <> 'RESOLVED'",
                  patient))
          .isEqualTo(1);
      assertThat(
              Sql.awaitCount(
                  db, Duration.ofSeconds(20), n -> n > 0, "SELECT count(*) FROM notifications"))
          .isPositive();
    }
    // Both changes are in the audit trail and the patient's status log.
    assertThat(
            Sql.count(
                db,
                "SELECT count(*) FROM audit_log WHERE patient_id = ? AND action IN ('status.admit', 'status.discharge') AND user_email = 'nurse@adm.test'",
                patient))
        .isEqualTo(2);
    assertThat(
            Sql.text(
                db,
                "SELECT string_agg(action, ',' ORDER BY id) FROM patient_status_log WHERE patient_id = ?",
                patient))
        .isEqualTo("admission,discharge");
  }

  @Test
  void theEndOfEnrolmentStopsSchedulesTasksAlertsAndPatientYearsButKeepsTheReadings() {
    String clinic = "end";
    UUID patient = hub.provision(clinic, "ox-end-1", "COPD");
    staff(clinic);
    enrolledDaysAgo(patient, 30);
    ApiClient nurse = ApiClient.loggedIn(base, "nurse@" + clinic + ".test", PASSWORD);
    ApiClient doctor = ApiClient.loggedIn(base, "doctor@" + clinic + ".test", PASSWORD);
    dailySpo2(doctor, patient);
    scan(Instant.now());
    assertThat(openTasks(patient)).isEqualTo(1);

    HttpResponse<String> unknownReason =
        nurse.send(
            "PUT",
            "/api/v1/patients/" + patient + "/enrolment-end",
            new JsonObject().put("reason", "BORED").encode());
    assertThat(unknownReason.statusCode()).isEqualTo(400);
    Instant endedAt = Instant.now().minus(Duration.ofDays(2));
    HttpResponse<String> ended =
        nurse.send(
            "PUT",
            "/api/v1/patients/" + patient + "/enrolment-end",
            new JsonObject().put("reason", "MOVED").put("endedAt", endedAt.toString()).encode());
    assertThat(ended.statusCode()).as(ended.body()).isEqualTo(200);
    JsonObject status = new JsonObject(ended.body());
    assertThat(status.getString("state")).isEqualTo("ENDED");
    assertThat(status.getJsonObject("enrolment").getString("endReason")).isEqualTo("MOVED");
    assertThat(listedStatus(nurse, patient)).isEqualTo("ENDED");
    assertThat(openTasks(patient)).as("the end of enrolment resolves the task").isZero();
    assertThat(
            nurse
                .send(
                    "PUT",
                    "/api/v1/patients/" + patient + "/enrolment-end",
                    new JsonObject().put("reason", "MOVED").encode())
                .statusCode())
        .isEqualTo(409);
    assertThat(
            nurse
                .send(
                    "POST",
                    "/api/v1/patients/" + patient + "/admissions",
                    new JsonObject().encode())
                .statusCode())
        .as("no admission after the end of enrolment")
        .isEqualTo(400);

    // The schedule stops: no task now, nor days later.
    scan(Instant.now());
    scan(Instant.now().plus(Duration.ofDays(3)));
    assertThat(openTasks(patient)).isZero();

    try (Devices devices = new Devices(hub.topicRoot())) {
      devices.publish(
          devices.readingsTopic(clinic, "ox-end-1"),
          Devices.spo2("gone-1", Instant.now(), 82, 124));
      awaitTriaged("gone-1");
    }
    assertThat(Sql.count(db, "SELECT count(*) FROM readings WHERE msg_id = 'gone-1'"))
        .as("never lose data")
        .isEqualTo(2);
    assertThat(
            Sql.text(
                db, "SELECT bool_and(passive)::text FROM triage_findings WHERE msg_id = 'gone-1'"))
        .isEqualTo("true");
    Sql.sleep(1_000);
    assertThat(Sql.count(db, "SELECT count(*) FROM alerts WHERE patient_id = ?", patient)).isZero();

    // Patient-years stop at the date; the patient counts as enrolled in the period, not as active.
    JsonObject overview = nurse.json("/api/v1/overview?days=90");
    assertThat(overview.getInteger("enrolled")).isEqualTo(1);
    assertThat(overview.getInteger("active")).isZero();
    double enrolledEpoch =
        Double.parseDouble(
            Sql.text(
                db,
                "SELECT extract(epoch FROM enrolled_at)::text FROM patients WHERE id = ?",
                patient));
    double endedEpoch = endedAt.getEpochSecond() + endedAt.getNano() / 1e9;
    double years = (endedEpoch - enrolledEpoch) / 86400 / 365.25;
    assertThat(overview.getDouble("patientYears"))
        .isCloseTo(years, org.assertj.core.api.Assertions.within(1e-9));
    assertThat(overview.getBoolean("tooFewPatientYears")).isTrue();

    // Recorded in error: cleared with a note, and the log keeps what it was.
    HttpResponse<String> resumed =
        nurse.send(
            "DELETE",
            "/api/v1/patients/" + patient + "/enrolment-end",
            new JsonObject().put("note", "wrong patient").encode());
    assertThat(resumed.statusCode()).as(resumed.body()).isEqualTo(200);
    assertThat(new JsonObject(resumed.body()).getString("state")).isEqualTo("ENROLLED");
    assertThat(
            Sql.text(
                db,
                "SELECT details->>'wasReason' FROM patient_status_log WHERE patient_id = ? AND action = 'enrolment.resume'",
                patient))
        .isEqualTo("MOVED");
  }

  // ----- helpers -----

  private void staff(String clinic) {
    ApiClient.createUser(
        base, TestHub.SERVICE_TOKEN, "nurse@" + clinic + ".test", PASSWORD, "nurse", clinic);
    ApiClient.createUser(
        base, TestHub.SERVICE_TOKEN, "doctor@" + clinic + ".test", PASSWORD, "doctor", clinic);
  }

  private void enrolledDaysAgo(UUID patient, int days) {
    Sql.exec(
        db,
        "UPDATE patients SET enrolled_at = ? WHERE id = ?",
        OffsetDateTime.ofInstant(Instant.now().minus(Duration.ofDays(days)), ZoneOffset.UTC),
        patient);
  }

  private void onCall(String clinic) {
    OnCallRota.doctorAndNurse(
        hub.hub().pool(),
        new Contact("dr-" + clinic, clinic, "Dr On Call", null, null, null, null, true, true),
        new Contact("rn-" + clinic, clinic, "Nurse On Duty", null, null, null, null, true, true));
  }

  private static void dailySpo2(ApiClient doctor, UUID patient) {
    HttpResponse<String> r =
        doctor.send(
            "PUT",
            "/api/v1/patients/" + patient + "/schedules/spo2",
            new JsonObject()
                .put("phases", "DAILY:0-")
                .put(
                    "startDate",
                    Instant.now().minus(Duration.ofDays(20)).atZone(ZONE).toLocalDate().toString())
                .put("graceMinutes", (int) GRACE.toMinutes())
                .encode());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  /** One missed-measurement scan as if it were {@code at}. */
  private void scan(Instant at) {
    new MissedMeasurementScanner(
            hub.hub().vertx(), hub.hub().pool(), Duration.ofHours(1), Clock.fixed(at, ZONE))
        .scan()
        .await();
  }

  private long openTasks(UUID patient) {
    return Sql.count(
        db,
        "SELECT count(*) FROM nurse_tasks WHERE patient_id = ? AND kind = 'MISSED_MEASUREMENT' AND status = 'OPEN'",
        patient);
  }

  private void awaitTriaged(String msgId) {
    assertThat(
            Sql.awaitCount(
                db,
                Duration.ofSeconds(20),
                n -> n > 0,
                "SELECT count(*) FROM triage_findings WHERE msg_id = ?",
                msgId))
        .as("triaged " + msgId)
        .isPositive();
  }

  /** The status the patient list shows for the patient (null while simply enrolled). */
  private static String listedStatus(ApiClient nurse, UUID patient) {
    for (Object o : nurse.json("/api/v1/patients").getJsonArray("patients")) {
      JsonObject p = (JsonObject) o;
      if (p.getString("id").equals(patient.toString())) {
        JsonObject s = p.getJsonObject("status");
        return s == null ? null : s.getString("state");
      }
    }
    throw new AssertionError("patient not listed");
  }
}

package dk.telemonitoring.hub.api;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.hub.support.Devices;
import dk.telemonitoring.hub.support.Sql;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The API the administration screens add: the quarantine read with a session (admins only, their
 * own clinics only, audited), retiring a device (admin of its clinic), the on-call shifts of a week
 * (exact across a daylight-saving change) and the staff's patient list with adherence and latest
 * values. A nurse cannot create users.
 */
class AdminScreensApiTest extends TwoClinicApiTest {

  AdminScreensApiTest() {
    super("admin_screens");
  }

  @Test
  void anAdminReadsTheQuarantineOfHerOwnClinicOnlyAndTheReadIsAudited() throws Exception {
    String lentTo =
        Sql.text(
            db,
            "SELECT patient_id::text FROM device_bindings WHERE device_id = 'ox-a-1'"
                + " AND unbound_at IS NULL");
    Sql.exec(db, "UPDATE patients SET display_name = 'Karen Kol' WHERE id = ?::uuid", lentTo);
    try (Devices devices = new Devices(hub.topicRoot())) {
      Instant now = Instant.now();
      devices.publish(
          devices.readingsTopic("clinic-a", "ox-a-1"), Devices.spo2("qa-1", now, 250, 70));
      devices.publish(
          devices.readingsTopic("clinic-b", "ox-b-1"), Devices.spo2("qb-1", now, 250, 70));
      assertThat(
              Sql.awaitCount(
                  db,
                  Duration.ofSeconds(30),
                  n -> n == 2,
                  "SELECT count(*) FROM quarantine WHERE device_id IN ('ox-a-1', 'ox-b-1')"))
          .isEqualTo(2);
    }
    ApiClient admin = ApiClient.loggedIn(base, "admin.a@test.dk", PASSWORD);
    HttpResponse<String> r = admin.get("/api/v1/quarantine");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonArray rows = new JsonObject(r.body()).getJsonArray("quarantine");
    assertThat(rows.stream().map(o -> ((JsonObject) o).getString("deviceId")))
        .containsExactly("ox-a-1");
    JsonObject row = rows.getJsonObject(0);
    assertThat(row.getString("reasonCode")).isEqualTo("impossible_value");
    assertThat(row.getString("deviceKind")).isEqualTo("OXIMETER");
    assertThat(row.containsKey("payload")).isFalse();
    assertThat(row.getString("patientId"))
        .as("the patient the device was lent to")
        .isEqualTo(lentTo);
    assertThat(row.getString("patientName")).isEqualTo("Karen Kol");
    assertThat(
            Sql.count(
                db,
                "SELECT count(*) FROM audit_log WHERE action = 'quarantine.read' AND clinic_id = 'clinic-a'"))
        .isEqualTo(1);
    assertThat(admin.get("/api/v1/quarantine?clinic=clinic-b").statusCode()).isEqualTo(403);
    ApiClient nurse = ApiClient.loggedIn(base, "nurse.a@test.dk", PASSWORD);
    assertThat(nurse.get("/api/v1/quarantine").statusCode()).isEqualTo(403);
  }

  @Test
  void aNurseCannotCreateUsersAndAnAdminCanOnlyRetireHerOwnClinicsDevices() {
    ApiClient nurse = ApiClient.loggedIn(base, "nurse.a@test.dk", PASSWORD);
    HttpResponse<String> created =
        nurse.send(
            "POST",
            "/api/v1/users",
            new JsonObject()
                .put("email", "new@test.dk")
                .put("displayName", "New")
                .put("role", "nurse")
                .put("password", "long enough password")
                .put("clinics", new JsonArray().add("clinic-a"))
                .encode());
    assertThat(created.statusCode()).isEqualTo(403);
    assertThat(nurse.send("POST", "/api/v1/devices/ox-a-1/retire", null).statusCode())
        .isEqualTo(403);

    ApiClient admin = ApiClient.loggedIn(base, "admin.a@test.dk", PASSWORD);
    assertThat(admin.send("POST", "/api/v1/devices/ox-b-1/retire", null).statusCode())
        .isEqualTo(404);
    assertThat(Sql.text(db, "SELECT status FROM devices WHERE id = 'ox-b-1'"))
        .isNotEqualTo("RETIRED");
    admin.send("POST", "/api/v1/devices", "{\"id\":\"ox-a-spare\",\"kind\":\"OXIMETER\"}");
    HttpResponse<String> retired = admin.send("POST", "/api/v1/devices/ox-a-spare/retire", null);
    assertThat(retired.statusCode()).as(retired.body()).isEqualTo(200);
    assertThat(Sql.text(db, "SELECT status FROM devices WHERE id = 'ox-a-spare'"))
        .isEqualTo("RETIRED");
    assertThat(
            Sql.count(
                db,
                "SELECT count(*) FROM audit_log WHERE action = 'device.retire' AND target = 'ox-a-spare'"))
        .isEqualTo(1);
  }

  @Test
  void theWeekOfShiftsHandsOverAtEightLocalTimeOnBothSidesOfTheAutumnClockChange() {
    ApiClient admin = ApiClient.loggedIn(base, "admin.a@test.dk", PASSWORD);
    String nurseId =
        new JsonObject(admin.get("/api/v1/users").body())
            .getJsonArray("users").stream()
                .map(o -> (JsonObject) o)
                .filter(u -> u.getString("email").equals("nurse.a@test.dk"))
                .findFirst()
                .orElseThrow()
                .getString("id");
    HttpResponse<String> made =
        admin.send(
            "POST",
            "/api/v1/oncall/rotations",
            new JsonObject()
                .put("clinic", "clinic-a")
                .put("role", "NURSE_ON_DUTY")
                .put("anchorDate", "2026-10-01")
                .put("handoverTimes", new JsonArray().add("08:00"))
                .put("members", new JsonArray().add(nurseId))
                .encode());
    assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
    // Sunday 25 October 2026 is 25 hours long in Copenhagen: 08:00 is 06:00Z before, 07:00Z after.
    HttpResponse<String> r =
        admin.get(
            "/api/v1/oncall/shifts?clinic=clinic-a&from=2026-10-24T22:00:00Z&to=2026-10-26T23:00:00Z");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(OnCallShifts.of(r.body(), "NURSE_ON_DUTY"))
        .containsExactly(
            "2026-10-24T06:00:00Z/2026-10-25T07:00:00Z nurse.a",
            "2026-10-25T07:00:00Z/2026-10-26T07:00:00Z nurse.a",
            "2026-10-26T07:00:00Z/2026-10-27T07:00:00Z nurse.a");
    ApiClient nurseB = ApiClient.loggedIn(base, "nurse.b@test.dk", PASSWORD);
    assertThat(nurseB.get("/api/v1/oncall/shifts?clinic=clinic-a").statusCode()).isEqualTo(403);
    assertThat(
            admin
                .get(
                    "/api/v1/oncall/shifts?clinic=clinic-a&from=2026-10-01T00:00:00Z&to=2026-12-01T00:00:00Z")
                .statusCode())
        .isEqualTo(400);
  }

  @Test
  void staffSeeEveryPatientOfTheirClinicWithAdherenceAndLatestValues() throws Exception {
    try (Devices devices = new Devices(hub.topicRoot())) {
      devices.publish(
          devices.readingsTopic("clinic-a", "ox-a-1"),
          Devices.spo2("list-1", Instant.now().minusSeconds(30), 95, 72));
      assertThat(
              Sql.awaitCount(
                  db,
                  Duration.ofSeconds(30),
                  n -> n >= 1,
                  "SELECT count(*) FROM readings WHERE msg_id = 'list-1'"))
          .isGreaterThanOrEqualTo(1);
    }
    ApiClient nurse = ApiClient.loggedIn(base, "nurse.a@test.dk", PASSWORD);
    JsonArray patients =
        new JsonObject(nurse.get("/api/v1/patients").body()).getJsonArray("patients");
    assertThat(patients.stream().map(o -> ((JsonObject) o).getString("id")))
        .containsExactly(patientA.toString());
    JsonObject p = patients.getJsonObject(0);
    assertThat(p.getJsonObject("latest").getJsonObject("spo2").getDouble("value")).isEqualTo(95.0);
    assertThat(p.getJsonObject("adherence7Days").getLong("due")).isNotNull();
  }
}

package dk.telemonitoring.hub.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.hub.config.DbUrl;
import dk.telemonitoring.hub.store.RegistryStore;
import dk.telemonitoring.hub.support.Devices;
import dk.telemonitoring.hub.support.Sql;
import dk.telemonitoring.hub.support.TestHub;
import dk.telemonitoring.hub.support.TestServices;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * Access and deletion requests through the service API against a real hub on TimescaleDB: the
 * export holds the patient's complete record (readings, triage results, alerts with history, audit
 * rows); the erasure removes every row about the patient and nobody else's, and leaves a deletion
 * record in the audit log that holds no health data.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(180)
class PatientRecordsTest {

  private static final String CLINIC = "lifecycle";
  private static final String DEVICE_A = "ox-life-a";
  private static final String DEVICE_B = "ox-life-b";

  private DbUrl db;
  private TestHub hub;
  private Devices devices;
  private UUID patientA;
  private UUID patientB;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  void start() {
    Assumptions.assumeTrue(
        TestServices.timescaleAvailable(), "needs TimescaleDB (HUB_TEST_PG_URL or Docker)");
    db = TestServices.freshDatabase(TestServices.postgres(), "lifecycle");
    String topicRoot = TestServices.uniqueTopicRoot();
    hub = TestHub.start(TestHub.settings(db, topicRoot, "hub-life-" + UUID.randomUUID()));
    patientA = hub.provision(CLINIC, DEVICE_A, "COPD");
    RegistryStore registry = new RegistryStore(hub.hub().pool());
    patientB = registry.createPatient(CLINIC, "Other patient", "HEART_FAILURE", "da").await();
    registry.registerDevice(DEVICE_B, CLINIC, "OXIMETER", 172_800).await();
    registry.bind(DEVICE_B, patientB, Instant.now().minusSeconds(86_400), "test").await();
    devices = new Devices(topicRoot);
    Instant at = Instant.now().minusSeconds(60);
    devices.publish(devices.readingsTopic(CLINIC, DEVICE_A), Devices.spo2("life-a-1", at, 80, 112));
    devices.publish(
        devices.readingsTopic(CLINIC, DEVICE_A),
        Devices.spo2("life-a-2", at.plusSeconds(5), 96, 70));
    devices.publish(devices.readingsTopic(CLINIC, DEVICE_B), Devices.spo2("life-b-1", at, 97, 66));
    await(
        "SELECT count(DISTINCT msg_id) FROM triage_results WHERE msg_id IN ('life-a-1', 'life-a-2', 'life-b-1')",
        3,
        true);
    await("SELECT count(*) FROM alerts WHERE patient_id = '" + patientA + "'", 1, false);
    Sql.count(
        db,
        """
        WITH x AS (INSERT INTO audit_log (user_email, user_role, action, patient_id, clinic_id, method, path)
        VALUES ('nurse@example.org', 'NURSE', 'READ_PATIENT', ?, ?, 'GET', '/api/v1/patients/x') RETURNING 1)
        SELECT count(*) FROM x""",
        patientA,
        CLINIC);
  }

  @AfterAll
  void stop() {
    if (devices != null) {
      devices.close();
    }
    if (hub != null) {
      hub.close();
    }
    if (db != null) {
      TestServices.dropDatabase(db, TestServices.postgres());
    }
  }

  @Test
  @Order(1)
  void exportHoldsThePatientsCompleteRecord() throws Exception {
    // A doctor's advice on the patient's alert is part of the record.
    Sql.exec(
        db,
        "INSERT INTO alert_advice (alert_id, at, actor_id, actor_name, instruction, note)"
            + " SELECT id, now(), 'dr-x', 'Dr X', 'CALL_PATIENT_TODAY', 'ring i dag' FROM alerts"
            + " WHERE patient_id = ? ORDER BY opened_at LIMIT 1",
        patientA);
    HttpResponse<String> response =
        send("GET", "/api/v1/service/patients/" + patientA + "/export", true);
    assertThat(response.statusCode()).isEqualTo(200);
    JsonObject export = new JsonObject(response.body());
    assertThat(export.getString("format")).isEqualTo(PatientRecords.EXPORT_FORMAT);
    assertThat(export.getJsonObject("patient").getString("id")).isEqualTo(patientA.toString());
    assertThat(export.getJsonObject("patient").getJsonObject("clinic").getString("id"))
        .isEqualTo(CLINIC);
    JsonArray readings = export.getJsonArray("readings");
    assertThat(readings).hasSize(4);
    assertThat(readings.stream().map(r -> ((JsonObject) r).getString("patient_id")))
        .containsOnly(patientA.toString());
    assertThat(export.getJsonArray("triage_results")).isNotEmpty();
    assertThat(export.getJsonArray("device_bindings")).hasSize(1);
    JsonArray alerts = export.getJsonArray("alerts");
    assertThat(alerts).isNotEmpty();
    JsonObject alert = alerts.getJsonObject(0);
    assertThat(alert.getJsonArray("history")).isNotEmpty();
    assertThat(alert.getJsonArray("findings"))
        .as("the rules' findings inside the alert")
        .isNotEmpty();
    assertThat(alert.getJsonArray("advice").getJsonObject(0).getString("note"))
        .isEqualTo("ring i dag");
    assertThat(alert.getJsonArray("notifications").stream().map(n -> (JsonObject) n))
        .allSatisfy(n -> assertThat(n.fieldNames()).doesNotContain("ack_token_hash", "address"));
    assertThat(
            export.getJsonArray("audit_log").stream()
                .map(a -> ((JsonObject) a).getString("action")))
        .contains("READ_PATIENT", "PATIENT_RECORD_EXPORTED");
    assertThat(response.body()).doesNotContain(patientB.toString());

    assertThat(send("GET", "/api/v1/service/patients/" + patientA + "/export", false).statusCode())
        .isEqualTo(401);
    assertThat(
            send("GET", "/api/v1/service/patients/" + UUID.randomUUID() + "/export", true)
                .statusCode())
        .isEqualTo(404);
  }

  @Test
  @Order(2)
  void erasureRemovesEveryRowAboutThePatientAndIsAudited() throws Exception {
    long readingsOfB =
        Sql.count(db, "SELECT count(*) FROM readings WHERE patient_id = ?", patientB);
    long triageOfB =
        Sql.count(db, "SELECT count(*) FROM triage_results WHERE patient_id = ?", patientB);
    assertThat(
            send("DELETE", "/api/v1/service/patients/" + patientA + "?reference=bad%20text", true)
                .statusCode())
        .isEqualTo(400);

    HttpResponse<String> response =
        send("DELETE", "/api/v1/service/patients/" + patientA + "?reference=CASE-2026-42", true);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonObject erasure = new JsonObject(response.body());
    assertThat(erasure.getJsonObject("rowsDeleted").getLong("readings")).isEqualTo(4);
    assertThat(erasure.getJsonObject("rowsDeleted").getLong("patients")).isEqualTo(1);
    assertThat(erasure.getJsonObject("rowsDeleted").getLong("alerts")).isPositive();
    assertThat(erasure.getJsonObject("rowsDeleted").getLong("alert_findings")).isPositive();
    assertThat(erasure.getJsonObject("rowsDeleted").getLong("alert_advice")).isEqualTo(1);

    for (String table : tablesWithPatientId()) {
      if (!List.of("audit_log", "patient_erasures").contains(table)) {
        assertThat(
                Sql.count(
                    db, "SELECT count(*) FROM \"" + table + "\" WHERE patient_id = ?", patientA))
            .as("rows left in " + table)
            .isZero();
      }
    }
    assertThat(Sql.count(db, "SELECT count(*) FROM patients WHERE id = ?", patientA)).isZero();
    assertThat(
            Sql.count(
                db,
                """
        SELECT count(*) FROM alert_transitions t WHERE NOT EXISTS (SELECT 1 FROM alerts a WHERE a.id = t.alert_id)"""))
        .isZero();
    assertThat(Sql.count(db, "SELECT count(*) FROM readings WHERE patient_id = ?", patientB))
        .isEqualTo(readingsOfB);
    assertThat(Sql.count(db, "SELECT count(*) FROM triage_results WHERE patient_id = ?", patientB))
        .isEqualTo(triageOfB);

    // The deletion record: in the audit log and the erasure ledger, with no health data. The row
    // id, the random
    // patient id and the time are left out of the text searched, as they may contain the digits of
    // a measured value.
    String audit =
        Sql.text(
            db,
            """
        SELECT (to_jsonb(a) - 'id' - 'patient_id' - 'path' - 'at')::text
        FROM audit_log a WHERE action = 'PATIENT_DATA_ERASED' AND patient_id = ?""",
            patientA);
    assertThat(audit)
        .contains("erasure:CASE-2026-42")
        .doesNotContain("COPD", "Test patient", "spo2", "80");
    assertThat(
            Sql.count(
                db,
                "SELECT count(*) FROM audit_log WHERE patient_id = ? AND action = 'READ_PATIENT'",
                patientA))
        .as("the append-only audit log keeps who read the record")
        .isEqualTo(1);
    assertThat(
            Sql.text(
                db,
                "SELECT rows_deleted::text FROM patient_erasures WHERE patient_id = ?",
                patientA))
        .contains("\"readings\": 4");

    assertThat(send("GET", "/api/v1/service/patients/" + patientA + "/export", true).statusCode())
        .isEqualTo(404);
    assertThat(send("DELETE", "/api/v1/service/patients/" + patientA, true).statusCode())
        .isEqualTo(404);

    // The device is no longer bound: every hub's registry cache was told, so its next reading is
    // quarantined.
    devices.publish(
        devices.readingsTopic(CLINIC, DEVICE_A),
        Devices.spo2("life-a-after", Instant.now(), 95, 70));
    await("SELECT count(*) FROM quarantine WHERE device_id = '" + DEVICE_A + "'", 1, false);
    assertThat(Sql.count(db, "SELECT count(*) FROM readings WHERE msg_id = 'life-a-after'"))
        .isZero();
  }

  private List<String> tablesWithPatientId() throws Exception {
    List<String> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
        PreparedStatement st =
            c.prepareStatement(
                """
             SELECT c.table_name FROM information_schema.columns c JOIN information_schema.tables t
               ON t.table_schema = c.table_schema AND t.table_name = c.table_name
             WHERE c.column_name = 'patient_id' AND c.table_schema = 'public' AND t.table_type = 'BASE TABLE'""");
        ResultSet rs = st.executeQuery()) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    assertThat(out)
        .contains("readings", "triage_results", "alerts", "device_bindings", "reading_daily");
    return out;
  }

  private void await(String sql, long atLeast, boolean exact) {
    long n = Sql.awaitCount(db, Duration.ofSeconds(30), c -> c >= atLeast, sql);
    assertThat(n).as(sql).isGreaterThanOrEqualTo(atLeast);
    if (exact) {
      assertThat(n).as(sql).isGreaterThanOrEqualTo(atLeast);
    }
  }

  private HttpResponse<String> send(String method, String path, boolean token) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(hub.httpBase() + path))
            .method(method, HttpRequest.BodyPublishers.noBody());
    if (token) {
      b.header("Authorization", "Bearer " + TestHub.SERVICE_TOKEN);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}

package dk.telemonitoring.hub.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dk.telemonitoring.hub.support.Sql;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The audit trail of the people-facing API against a real hub and PostgreSQL: every read of a
 * patient's data and every denied attempt is recorded, admins read the trail, and nobody edits it,
 * through the API or with SQL.
 */
class PeopleApiAuditTest extends TwoClinicApiTest {

  PeopleApiAuditTest() {
    super("people_audit");
  }

  @Test
  void everyReadOfAPatientsDataIsAudited() {
    ApiClient nurse = ApiClient.loggedIn(base, "nurse.a@test.dk", PASSWORD);
    String userId = nurse.json("/api/v1/session").getJsonObject("user").getString("id");
    Map<String, String> reads =
        Map.of(
            "/api/v1/patients/" + patientA,
            "patient.read",
            "/api/v1/patients/" + patientA + "/readings",
            "readings.read",
            "/api/v1/patients/" + patientA + "/triage",
            "triage.read",
            "/api/v1/patients/" + patientA + "/alerts",
            "alerts.history.read",
            "/api/v1/patients/" + patientA + "/limits",
            "limits.read",
            "/api/v1/patients/" + patientA + "/schedules",
            "schedules.read",
            "/api/v1/patients/" + patientA + "/devices",
            "devices.read",
            "/api/v1/patients",
            "patients.list");
    reads.forEach(
        (path, action) -> {
          long before =
              Sql.count(
                  db,
                  "SELECT count(*) FROM audit_log WHERE user_id = ?::uuid AND patient_id = ? AND action = ?",
                  userId,
                  patientA,
                  action);
          assertThat(nurse.get(path).statusCode()).as(path).isEqualTo(200);
          long after =
              Sql.count(
                  db,
                  "SELECT count(*) FROM audit_log WHERE user_id = ?::uuid AND patient_id = ? AND action = ?",
                  userId,
                  patientA,
                  action);
          assertThat(after).as(path).isEqualTo(before + 1);
        });
    assertThat(
            Sql.text(
                db,
                "SELECT ip || ' ' || user_agent FROM audit_log WHERE user_id = ?::uuid ORDER BY id DESC LIMIT 1",
                userId))
        .isEqualTo("127.0.0.1 ApiClient-test");
    // A denied attempt on another clinic's patient is audited too.
    String denied =
        "SELECT count(*) FROM audit_log WHERE user_id = ?::uuid AND patient_id = ? AND action = 'denied:patient.read'";
    long deniedBefore = Sql.count(db, denied, userId, patientB);
    nurse.get("/api/v1/patients/" + patientB);
    assertThat(Sql.count(db, denied, userId, patientB)).isEqualTo(deniedBefore + 1);
    // Admins see the trail through the API.
    ApiClient admin = ApiClient.loggedIn(base, "admin.a@test.dk", PASSWORD);
    JsonArray entries =
        admin.json("/api/v1/audit?patient=" + patientA + "&user=" + userId).getJsonArray("entries");
    assertThat(entries.stream().map(e -> ((JsonObject) e).getString("action")))
        .contains("patient.read", "readings.read");
    assertThat(nurse.get("/api/v1/audit").statusCode()).isEqualTo(403);
  }

  @Test
  void theAuditLogCannotBeEditedThroughTheApiOrWithSql() throws SQLException {
    ApiClient admin = ApiClient.loggedIn(base, "admin.a@test.dk", PASSWORD);
    admin.get("/api/v1/patients/" + patientA);
    long id = Sql.count(db, "SELECT max(id) FROM audit_log");
    for (String method : new String[] {"PUT", "PATCH", "DELETE", "POST"}) {
      int status = admin.send(method, "/api/v1/audit", "{}").statusCode();
      assertThat(status).as(method).isIn(404, 405);
      assertThat(admin.send(method, "/api/v1/audit/" + id, "{}").statusCode())
          .as(method)
          .isIn(404, 405);
    }
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
        Statement st = c.createStatement()) {
      assertThatThrownBy(
              () ->
                  st.executeUpdate(
                      "UPDATE audit_log SET user_email = 'someone@else' WHERE id = " + id))
          .hasMessageContaining("append-only");
      assertThatThrownBy(() -> st.executeUpdate("DELETE FROM audit_log WHERE id = " + id))
          .hasMessageContaining("append-only");
      assertThatThrownBy(() -> st.executeUpdate("TRUNCATE audit_log"))
          .hasMessageContaining("append-only");
    }
    assertThat(Sql.text(db, "SELECT user_email FROM audit_log WHERE id = ?", id))
        .isEqualTo("admin.a@test.dk");
  }
}

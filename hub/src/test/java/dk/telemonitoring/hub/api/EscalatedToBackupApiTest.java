package dk.telemonitoring.hub.api;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.alerts.domain.Level;
import dk.telemonitoring.hub.support.Sql;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * When a step of the escalation pages the on-call doctor and the backup doctor together (the
 * shipped policies' second step), the board names the backup as the doctor the alert last paged,
 * whichever order the step lists them in: it is her board on which the alert must show as hers.
 */
class EscalatedToBackupApiTest extends OnCallAdminFixture {

  @Override
  String databasePrefix() {
    return "escalatedto";
  }

  @Test
  void aStepPagingBothDoctorsNamesTheBackup() {
    ApiClient admin = ApiClient.loggedIn(base, "admin.g@test.dk", PASSWORD);
    ok(
        admin.send(
            "POST",
            "/api/v1/oncall/rotations",
            rotation("ONCALL_DOCTOR", userId("doctor.g@test.dk"))),
        201);
    ok(
        admin.send(
            "POST",
            "/api/v1/oncall/rotations",
            rotation("BACKUP_DOCTOR", userId("heart.g@test.dk"))),
        201);
    String backup = userId("heart.g@test.dk");
    ApiClient backupDoctor = ApiClient.loggedIn(base, "heart.g@test.dk", PASSWORD);
    String[][] orders = {{"ONCALL_DOCTOR", "BACKUP_DOCTOR"}, {"BACKUP_DOCTOR", "ONCALL_DOCTOR"}};
    for (String[] order : orders) {
      redPolicy(
          admin,
          new JsonObject()
              .put("delaySeconds", 0)
              .put("recipients", new JsonArray().add(order[0]).add(order[1]))
              .put("channels", new JsonArray().add("IN_APP")));
      UUID patient = hub.provision("clinic-g", "ox-g-both-" + order[0], "COPD");
      UUID alert =
          hub.raise(
              "clinic-g", patient, "spo2.limit", Level.RED, "SpO2 87% is below the RED limit");
      Sql.awaitCount(
          db,
          Duration.ofSeconds(30),
          n -> n == 2,
          "SELECT count(*) FROM notifications WHERE alert_id = ?"
              + " AND recipient_role IN ('ONCALL_DOCTOR', 'BACKUP_DOCTOR')",
          alert);
      JsonObject shown =
          ok(backupDoctor.get("/api/v1/board?clinic=clinic-g"), 200)
              .getJsonArray("patients")
              .stream()
              .map(JsonObject.class::cast)
              .filter(p -> p.getJsonObject("patient").getString("id").equals(patient.toString()))
              .findFirst()
              .orElseThrow()
              .getJsonArray("alerts")
              .getJsonObject(0);
      assertThat(shown.getJsonObject("escalatedTo").getString("id"))
          .as("step listing %s first", order[0])
          .isEqualTo(backup);
    }
  }
}

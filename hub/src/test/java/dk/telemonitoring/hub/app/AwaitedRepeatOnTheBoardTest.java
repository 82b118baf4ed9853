package dk.telemonitoring.hub.app;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.hub.api.ApiClient;
import dk.telemonitoring.hub.support.Devices;
import dk.telemonitoring.hub.support.Sql;
import dk.telemonitoring.hub.support.TestHub;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A RED reading that asks the patient to measure again is held back from the alerts until the
 * repeat comes (or its wait ends). A patient who already has an open alert stays on the board
 * meanwhile, with findings that may read "normal again": the board names the held reading beside
 * them, on real Mosquitto and PostgreSQL.
 */
class AwaitedRepeatOnTheBoardTest {

  private static final String CLINIC = "repeat";
  private static final String DEVICE = "ox-repeat-1";

  @Test
  void aReadingWaitingForItsRepeatIsOnThePatientsBoardRow() throws Exception {
    try (TestHub hub = TestHub.inFreshDatabase("awaitrepeat");
        Devices devices = new Devices(hub.topicRoot())) {
      UUID patient = hub.provision(CLINIC, DEVICE, "COPD");
      ApiClient.createUser(
          hub.httpBase(),
          TestHub.SERVICE_TOKEN,
          "nurse@repeat.test",
          "repeat-password-1",
          "nurse",
          CLINIC);
      Instant now = Instant.now();
      // A CRITICAL pulse opens the patient's alert; half an hour later SpO2 86 % with a normal
      // pulse: RED for COPD, and the device is asked to measure again.
      devices.publish(
          devices.readingsTopic(CLINIC, DEVICE),
          Devices.spo2("crit-1", now.minus(Duration.ofMinutes(30)), 95, 160));
      Sql.awaitCount(
          hub.db(),
          Duration.ofSeconds(30),
          n -> n == 1,
          "SELECT count(*) FROM alerts WHERE level = 'CRITICAL'");
      devices.publish(devices.readingsTopic(CLINIC, DEVICE), Devices.spo2("red-1", now, 86, 80));
      assertThat(
              Sql.awaitCount(
                  hub.db(),
                  Duration.ofSeconds(30),
                  n -> n == 1,
                  "SELECT count(*) FROM triage_pending_repeat WHERE msg_id = 'red-1'"
                      + " AND resolved_at IS NULL"))
          .as("the RED reading waits for its repeat")
          .isEqualTo(1);

      ApiClient nurse =
          ApiClient.loggedIn(hub.httpBase(), "nurse@repeat.test", "repeat-password-1");
      JsonObject row =
          new JsonObject(nurse.get("/api/v1/board").body())
              .getJsonArray("patients")
              .getJsonObject(0);
      assertThat(row.getJsonObject("patient").getString("id")).isEqualTo(patient.toString());
      JsonArray waiting = row.getJsonArray("awaitingRepeat");
      assertThat(waiting).hasSize(1);
      JsonObject held = waiting.getJsonObject(0);
      assertThat(held.getString("level")).isEqualTo("RED");
      assertThat(held.getJsonArray("values").stream().map(v -> ((JsonObject) v).getString("code")))
          .contains("spo2");
      assertThat(
              held.getJsonArray("values").stream()
                  .map(v -> (JsonObject) v)
                  .filter(v -> v.getString("code").equals("spo2"))
                  .map(v -> v.getDouble("value")))
          .containsExactly(86.0);
    }
  }
}

package dk.telemonitoring.hub.app;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.hub.support.Devices;
import dk.telemonitoring.hub.support.Sql;
import dk.telemonitoring.hub.support.TestHub;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A COPD patient's SpO2 of 82 % (CRITICAL) and then 87 % twice (RED): triage's hysteresis lowers
 * the SpO2 limit's finding to RED, and the finding now says so in the words of the reading that
 * lowered it. Before, the RED finding kept "SpO2 82 % ... KRITISK" beside its RED badge on the
 * board and the alert page. The alert itself stays CRITICAL for a person to close.
 */
class LoweredFindingWordsTest {

  private static final String CLINIC = "low";
  private static final String DEVICE = "ox-low-1";

  @Test
  void aLoweredFindingSpeaksInTheWordsOfTheReadingThatLoweredIt() throws Exception {
    try (TestHub hub = TestHub.inFreshDatabase("loweredwords");
        Devices devices = new Devices(hub.topicRoot())) {
      UUID patient = hub.provision(CLINIC, DEVICE, "COPD");
      Instant t0 = Instant.now().minusSeconds(600);
      publish(hub, devices, "low-1", t0, 82);
      assertThat(finding(hub, patient, "level")).isEqualTo("CRITICAL");
      assertThat(finding(hub, patient, "explanation_da")).contains("SpO2 82 %").contains("KRITISK");

      publish(hub, devices, "low-2", t0.plusSeconds(60), 87);
      publish(hub, devices, "low-3", t0.plusSeconds(120), 87);
      Sql.awaitCount(
          hub.db(),
          Duration.ofSeconds(15),
          n -> n == 1,
          "SELECT count(*) FROM alert_findings f JOIN alerts a ON a.id = f.alert_id"
              + " WHERE a.patient_id = ? AND f.rule_id = 'limit.spo2' AND f.level = 'RED'",
          patient);
      assertThat(finding(hub, patient, "explanation_da"))
          .contains("SpO2 87 %")
          .contains("RØD")
          .doesNotContain("KRITISK");
      assertThat(finding(hub, patient, "explanation")).contains("SpO2 87%").contains("RED");
      assertThat(finding(hub, patient, "reading_ref")).isEqualTo(DEVICE + "/low-3");
      assertThat(
              Sql.text(
                  hub.db(),
                  "SELECT level FROM alerts WHERE patient_id = ? AND state <> 'RESOLVED'",
                  patient))
          .as("the alert keeps its level")
          .isEqualTo("CRITICAL");
    }
  }

  private static void publish(TestHub hub, Devices devices, String msgId, Instant at, int spo2)
      throws Exception {
    devices.publish(devices.readingsTopic(CLINIC, DEVICE), Devices.spo2(msgId, at, spo2, 72));
    // Stored, then triaged.
    Sql.awaitCount(
        hub.db(),
        Duration.ofSeconds(15),
        n -> n > 0,
        "SELECT count(*) FROM readings WHERE msg_id = ?",
        msgId);
    Sql.awaitCount(
        hub.db(),
        Duration.ofSeconds(15),
        n -> n == 0,
        "SELECT count(*) FROM triage_outbox WHERE msg_id = ?",
        msgId);
  }

  private static String finding(TestHub hub, UUID patient, String column) {
    return Sql.text(
        hub.db(),
        "SELECT f."
            + column
            + " FROM alert_findings f JOIN alerts a ON a.id = f.alert_id"
            + " WHERE a.patient_id = ? AND f.rule_id = 'limit.spo2'",
        patient);
  }
}

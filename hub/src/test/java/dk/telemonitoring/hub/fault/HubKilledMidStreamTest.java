package dk.telemonitoring.hub.fault;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.hub.config.DbUrl;
import dk.telemonitoring.hub.config.Setting;
import dk.telemonitoring.hub.fault.FaultKit.Cohort;
import dk.telemonitoring.hub.support.HubProcess;
import dk.telemonitoring.hub.support.TestServices;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The hub process is killed with SIGKILL in the middle of a steady stream (no DISCONNECT, batches
 * half written) and started again with the same client id: its persistent session gives back
 * everything it had not acknowledged, so every reading the broker acknowledged to a device is
 * stored, triaged, alerted and escalated exactly once.
 */
@Timeout(180)
class HubKilledMidStreamTest {

  @Test
  void everyAcknowledgedReadingIsStoredTriagedAndEscalatedOnceAcrossAHardKill() throws Exception {
    Assumptions.assumeTrue(
        TestServices.brokerIsMosquitto(), "needs Mosquitto's persistent sessions");
    DbUrl server = TestServices.postgres();
    DbUrl db = TestServices.freshDatabase(server, "fkill");
    String topicRoot = TestServices.uniqueTopicRoot();
    Map<Setting, String> settings =
        FaultKit.hubSettings(db, topicRoot, "hub-kill-" + UUID.randomUUID());
    try (HubProcess hub = new HubProcess(settings).start()) {
      Cohort cohort = FaultKit.provision(db, "fkill", 6, 2);
      try (SteadyStream stream = new SteadyStream(topicRoot, cohort, 100).start()) {
        stream.awaitAcked(600, Duration.ofSeconds(30));
        hub.kill();
        int atKill = stream.ackedCount();
        // The stream goes on while no hub is there: the broker keeps it in the hub's persistent
        // session.
        stream.awaitAcked(atKill + 300, Duration.ofSeconds(30));
        try (HubProcess restarted = new HubProcess(settings).start()) {
          stream.awaitAcked(stream.ackedCount() + 500, Duration.ofSeconds(30));
          Set<String> acked = stream.stop();
          Accounting.storedExactlyOnce(db, acked, Duration.ofSeconds(60));
          Accounting.triagedAndAlertedOnce(db, cohort, Duration.ofSeconds(60));
          Accounting.escalatedOnce(db, cohort, Duration.ofSeconds(30));
          assertThat(restarted.metric("hub_messages_received_total"))
              .as("the restarted hub took over the stream")
              .isPositive();
        }
      }
    } finally {
      TestServices.dropDatabase(db, server);
    }
  }
}

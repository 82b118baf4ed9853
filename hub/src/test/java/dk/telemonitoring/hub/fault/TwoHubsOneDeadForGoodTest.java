package dk.telemonitoring.hub.fault;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.hub.config.DbUrl;
import dk.telemonitoring.hub.config.Setting;
import dk.telemonitoring.hub.fault.FaultKit.Cohort;
import dk.telemonitoring.hub.support.HubProcess;
import dk.telemonitoring.hub.support.Sql;
import dk.telemonitoring.hub.support.TestServices;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two hubs lease the stream's two client ids (HUB_MQTT_SLOTS); one is killed with SIGKILL and never
 * comes back. Mosquitto keeps queueing part of the stream to the dead hub's persistent session;
 * once that lease lapses the survivor takes the client id over, resumes the session and drains it.
 * Everything the broker acknowledged is stored exactly once, without the dead hub's return. Prints
 * the time from the kill to the takeover and to the dead hub's queue being drained.
 */
@Timeout(240)
class TwoHubsOneDeadForGoodTest {

  @Test
  void theSurvivorTakesOverTheDeadHubsClientIdAndStoresEverythingAcknowledged() throws Exception {
    Assumptions.assumeTrue(TestServices.brokerIsMosquitto(), "shared subscriptions need Mosquitto");
    DbUrl server = TestServices.postgres();
    DbUrl db = TestServices.freshDatabase(server, "fdeadhub");
    String topicRoot = TestServices.uniqueTopicRoot();
    String run = UUID.randomUUID().toString().substring(0, 8);
    String slotA = "fslot-a-" + run;
    String slotB = "fslot-b-" + run;
    Map<Setting, String> settingsA = FaultKit.hubSettings(db, topicRoot, slotA);
    Map<Setting, String> settingsB = FaultKit.hubSettings(db, topicRoot, slotB);
    settingsA.put(Setting.MQTT_SLOTS, slotA + "," + slotB);
    settingsB.put(Setting.MQTT_SLOTS, slotA + "," + slotB);
    try (HubProcess a = new HubProcess(settingsA).start();
        HubProcess b = new HubProcess(settingsB).start()) {
      assertThat(Sql.text(db, "SELECT holder FROM mqtt_slots WHERE client_id = ?", slotA))
          .startsWith(slotA + "/");
      assertThat(Sql.text(db, "SELECT holder FROM mqtt_slots WHERE client_id = ?", slotB))
          .startsWith(slotB + "/");
      Cohort cohort = FaultKit.provision(db, "fdeadhub", 6, 2);
      try (SteadyStream stream = new SteadyStream(topicRoot, cohort, 100).start()) {
        stream.awaitAcked(600, Duration.ofSeconds(30));
        assertThat(b.metric("hub_messages_received_total")).as("hub b had its share").isPositive();
        long killedAt = System.nanoTime();
        b.kill();

        assertThat(
                Sql.awaitCount(
                    db,
                    Duration.ofSeconds(60),
                    n -> n == 1,
                    "SELECT count(*) FROM mqtt_slots WHERE client_id = ? AND holder LIKE ?",
                    slotB,
                    slotA + "/%"))
            .as("the survivor holds the dead hub's client id")
            .isEqualTo(1);
        long takenOverAt = System.nanoTime();
        // Everything acknowledged up to the takeover includes what queued for the dead session.
        Set<String> ackedByTakeover = stream.ackedSoFar();
        Accounting.storedExactlyOnce(db, ackedByTakeover, Duration.ofSeconds(60));
        long drainedAt = System.nanoTime();

        stream.awaitAcked(stream.ackedCount() + 300, Duration.ofSeconds(30));
        Set<String> acked = stream.stop();
        System.out.printf(
            "two hubs, one dead for good: slot taken over %.1f s after the kill, the dead hub's"
                + " queue drained (all %d acknowledged by then stored) %.1f s after the kill%n",
            (takenOverAt - killedAt) / 1e9, ackedByTakeover.size(), (drainedAt - killedAt) / 1e9);
        Accounting.storedExactlyOnce(db, acked, Duration.ofSeconds(60));
        Accounting.triagedAndAlertedOnce(db, cohort, Duration.ofSeconds(60));
        assertThat(a.logText()).contains("taking over a lapsed MQTT client id");
      }
    } finally {
      TestServices.dropDatabase(db, server);
    }
  }
}

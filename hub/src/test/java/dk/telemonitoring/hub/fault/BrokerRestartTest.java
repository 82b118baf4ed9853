package dk.telemonitoring.hub.fault;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.hub.config.DbUrl;
import dk.telemonitoring.hub.config.Setting;
import dk.telemonitoring.hub.fault.FaultKit.Cohort;
import dk.telemonitoring.hub.support.Sql;
import dk.telemonitoring.hub.support.TestHub;
import dk.telemonitoring.hub.support.TestServices;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The broker is restarted (clean stop, SIGTERM, then start) under a steady stream, with the hubs'
 * default shared subscription ({@code $share/hub/...}), for one hub and for two hubs sharing it:
 * first while the hubs run, then while they are stopped (a deployment that restarts both), so the
 * devices are back before any hub has subscribed. With {@code persistence true} Mosquitto writes
 * its database on a clean stop, so the hubs' persistent sessions and their queued and in-flight QoS
 * 1 messages come back; the hubs reconnect by themselves and subscribe again. Exact accounting
 * follows.
 *
 * <p>What the guarantee rests on: Mosquitto 2.0 persists plain subscriptions but not shared ones,
 * so between its start and the hubs' SUBSCRIBE it has no subscriber for the devices' topics and
 * acknowledges their messages only to drop them (with MQTT 3.1.1 devices, earlier runs of this test
 * lost some 36 readings in 2 of 13). The devices here follow the device contract
 * (docs/device-contract.md): MQTT 5, and a PUBACK saying "no matching subscribers" means not
 * delivered, send again. On a broker that keeps shared subscriptions the second phase simply queues
 * for the stopped hubs.
 *
 * <p>Not tested, documented (docs/reliability.md): a broker that crashes (SIGKILL, {@code
 * broker-ctl kill}) loses what it acknowledged since its last autosave ({@code autosave_interval},
 * 5 s in CI): Mosquitto keeps messages in memory and persists only on autosave and shutdown.
 */
@Timeout(240)
class BrokerRestartTest {

  @ParameterizedTest(name = "{0} hub(s)")
  @ValueSource(ints = {1, 2})
  void everyDeliveredReadingIsStoredOnceAcrossBrokerRestarts(int hubs) throws Exception {
    Assumptions.assumeTrue(TestServices.brokerIsMosquitto(), "needs Mosquitto's persistence");
    String brokerCtl = FaultKit.controlScript(FaultKit.BROKER_CTL_ENV);
    DbUrl server = TestServices.postgres();
    DbUrl db = TestServices.freshDatabase(server, "fbroker");
    String topicRoot = TestServices.uniqueTopicRoot();
    List<Map<Setting, String>> settings = new ArrayList<>();
    for (int h = 0; h < hubs; h++) {
      settings.add(
          FaultKit.hubSettings(db, topicRoot, "hub-broker-" + h + "-" + UUID.randomUUID()));
    }
    List<TestHub> running = startAll(settings);
    try {
      Cohort cohort = FaultKit.provision(db, "fbroker", 6, 2);
      try (SteadyStream stream = new SteadyStream(topicRoot, cohort, 80).start()) {
        stream.awaitAcked(400, Duration.ofSeconds(30));
        restart(brokerCtl);
        stream.awaitAcked(stream.ackedCount() + 400, Duration.ofSeconds(60));
        assertThat(running)
            .as("every hub reconnected by itself")
            .allMatch(h -> h.hub().brokerConnected());

        closeAll(running);
        restart(brokerCtl);
        awaitDevicesBackWithoutHubs(stream);
        running = startAll(settings);
        stream.awaitAcked(stream.ackedCount() + 400, Duration.ofSeconds(60));
        Set<String> acked = stream.stop();
        System.out.printf(
            "broker restarts, %d hub(s): %d attempts not delivered, %d of them \"no matching subscribers\"%n",
            hubs, stream.failedAttempts(), stream.noSubscriberReplies());
        assertThat(stream.failedAttempts())
            .as("the restarts were felt by the devices")
            .isPositive();
        Accounting.storedExactlyOnce(db, acked, Duration.ofSeconds(60));
        Accounting.triagedAndAlertedOnce(db, cohort, Duration.ofSeconds(60));
        Accounting.escalatedOnce(db, cohort, Duration.ofSeconds(30));
      }
    } finally {
      closeAll(running);
      TestServices.dropDatabase(db, server);
    }
  }

  private static void restart(String brokerCtl) {
    try {
      FaultKit.control(brokerCtl, "restart");
    } finally {
      FaultKit.control(brokerCtl, "start");
    }
  }

  /**
   * Until the devices have published again: answered "no matching subscribers", or queued for the
   * hubs' sessions.
   */
  private static void awaitDevicesBackWithoutHubs(SteadyStream stream) {
    int acked = stream.ackedCount();
    int refused = stream.noSubscriberReplies();
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (stream.ackedCount() == acked
        && stream.noSubscriberReplies() < refused + 5
        && System.nanoTime() < deadline) {
      Sql.sleep(50);
    }
  }

  private static List<TestHub> startAll(List<Map<Setting, String>> settings) {
    List<TestHub> hubs = new ArrayList<>();
    for (Map<Setting, String> s : settings) {
      hubs.add(TestHub.start(s));
    }
    return hubs;
  }

  private static void closeAll(List<TestHub> hubs) {
    for (TestHub hub : hubs) {
      hub.close();
    }
  }
}

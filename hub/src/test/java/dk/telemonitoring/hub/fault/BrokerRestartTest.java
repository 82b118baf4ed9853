package dk.telemonitoring.hub.fault;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.hub.app.DbUrl;
import dk.telemonitoring.hub.app.Setting;
import dk.telemonitoring.hub.fault.FaultKit.Cohort;
import dk.telemonitoring.hub.support.Sql;
import dk.telemonitoring.hub.support.TestHub;
import dk.telemonitoring.hub.support.TestServices;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The broker is restarted (clean stop, SIGTERM, then start) under a steady stream. With {@code persistence true}
 * Mosquitto writes its database on a clean stop, so the hub's persistent session, its subscription and every
 * queued or in-flight QoS 1 message come back; devices re-send what was not acknowledged; the hub reconnects by
 * itself. Exact accounting follows.
 *
 * <p>Not tested, documented (README, RELIABILITY): a broker that crashes (SIGKILL, {@code broker-ctl kill}) loses
 * what it acknowledged since its last autosave ({@code autosave_interval}, 5 s in CI): Mosquitto keeps messages in
 * memory and persists only on autosave and shutdown.
 *
 * <p>The hub subscribes without a shared subscription here. With one ({@code $share/hub/...}, the default), Mosquitto
 * 2.0.11 lost the QoS 1 messages in flight to the hub at the restart in 2 of some 13 runs (about 36 consecutive
 * messages it had acknowledged to the devices, never redelivered to the resumed session; upstream reports shared
 * subscriptions losing in-flight messages, eclipse-mosquitto/mosquitto#2662); without one, none in 6 runs. So the
 * README says: one hub on Mosquitto runs with {@code HUB_MQTT_SHARE_GROUP} empty; several hubs need a broker that
 * keeps a shared subscription's in-flight messages across a restart, which is not tested here.
 */
@Timeout(180)
class BrokerRestartTest {

  @Test
  void everyAcknowledgedReadingIsStoredOnceAcrossAPersistentBrokerRestart() throws Exception {
    Assumptions.assumeTrue(TestServices.brokerIsMosquitto(), "needs Mosquitto's persistence");
    String brokerCtl = FaultKit.controlScript(FaultKit.BROKER_CTL_ENV);
    DbUrl server = TestServices.postgres();
    DbUrl db = TestServices.freshDatabase(server, "fbroker");
    String topicRoot = TestServices.uniqueTopicRoot();
    Map<Setting, String> settings = FaultKit.hubSettings(db, topicRoot, "hub-broker-" + UUID.randomUUID());
    settings.put(Setting.MQTT_SHARE_GROUP, "");
    try (TestHub hub = TestHub.start(settings)) {
      Cohort cohort = FaultKit.provision(db, "fbroker", 6, 2);
      try (SteadyStream stream = new SteadyStream(topicRoot, cohort, 80).start()) {
        stream.awaitAcked(400, Duration.ofSeconds(30));
        try {
          FaultKit.control(brokerCtl, "restart");
        } finally {
          FaultKit.control(brokerCtl, "start");
        }
        stream.awaitAcked(stream.ackedCount() + 400, Duration.ofSeconds(60));
        Set<String> acked = stream.stop();
        assertThat(stream.failedAttempts()).as("the restart was felt by the devices").isPositive();
        Accounting.storedExactlyOnce(db, acked, Duration.ofSeconds(60));
        Accounting.triagedAndAlertedOnce(db, cohort, Duration.ofSeconds(60));
        Accounting.escalatedOnce(db, cohort, Duration.ofSeconds(30));
        Sql.sleep(100);
        assertThat(hub.hub().brokerConnected()).as("the hub reconnected by itself").isTrue();
      }
    } finally {
      TestServices.dropDatabase(db, server);
    }
  }
}

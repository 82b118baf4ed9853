package dk.telemonitoring.hub.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.hub.config.DbUrl;
import dk.telemonitoring.hub.config.Setting;
import dk.telemonitoring.hub.support.Devices;
import dk.telemonitoring.hub.support.ProductionMosquitto;
import dk.telemonitoring.hub.support.Sql;
import dk.telemonitoring.hub.support.TestCertificates;
import dk.telemonitoring.hub.support.TestHub;
import dk.telemonitoring.hub.support.TestServices;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The hub on the production broker configuration over TLS only: HUB_MQTT_URL ssl://,
 * HUB_MQTT_TLS_CA_FILE the broker's CA, its own broker credentials. A device's reading published
 * over TLS ends in the database; a hub told to trust another CA never gets a session.
 */
@Timeout(90)
class HubIngestsOverTlsTest {

  private static TestCertificates certs;
  private static ProductionMosquitto broker;
  private static DbUrl server;
  private static DbUrl db;

  @BeforeAll
  static void start() throws Exception {
    Assumptions.assumeTrue(
        ProductionMosquitto.available() && TestCertificates.opensslAvailable(),
        "needs /usr/sbin/mosquitto, mosquitto_passwd and openssl");
    Path dir = Files.createTempDirectory("hub-tls");
    certs = TestCertificates.create(dir.resolve("certs"));
    broker =
        ProductionMosquitto.start(
            dir, certs, Map.of("hub", "hub-secret", "ox-tls-1", "device-secret"));
    server = TestServices.postgres();
    db = TestServices.freshDatabase(server, "hubtls");
  }

  @AfterAll
  static void stop() {
    if (broker != null) {
      broker.close();
    }
    if (db != null) {
      TestServices.dropDatabase(db, server);
    }
  }

  private static Map<Setting, String> hubSettings(Path caFile) {
    return hubSettings(broker, caFile);
  }

  private static Map<Setting, String> hubSettings(ProductionMosquitto broker, Path caFile) {
    // The production ACL grants the hub tm/v1 and the share group "hub" only.
    Map<Setting, String> s = TestHub.settings(db, "tm/v1", "hub-tls-" + UUID.randomUUID());
    s.put(Setting.MQTT_URL, "ssl://127.0.0.1:" + broker.tlsPort());
    s.put(Setting.MQTT_TLS_CA_FILE, caFile.toString());
    s.put(Setting.MQTT_USERNAME, "hub");
    s.put(Setting.MQTT_PASSWORD, "hub-secret");
    s.put(Setting.MQTT_SHARE_GROUP, "hub");
    return s;
  }

  @Test
  void aReadingPublishedOverTlsIsStoredByAHubConnectedOverTls() throws Exception {
    try (TestHub hub = TestHub.start(hubSettings(certs.caFile()))) {
      hub.provision("clinic-tls", "ox-tls-1", "COPD");
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (!hub.hub().brokerConnected() && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(hub.hub().brokerConnected())
          .as("hub connected over TLS; broker log:\n" + broker.log())
          .isTrue();

      MqttClient device =
          new MqttClient(
              "ssl://127.0.0.1:" + broker.tlsPort(), "ox-tls-1", new MemoryPersistence());
      MqttConnectOptions o = new MqttConnectOptions();
      o.setUserName("ox-tls-1");
      o.setPassword("device-secret".toCharArray());
      o.setSocketFactory(TestCertificates.trusting(certs.caFile()));
      device.connect(o);
      String msgId = "tls-" + UUID.randomUUID();
      device.publish(
          "tm/v1/clinic-tls/devices/ox-tls-1/readings",
          Devices.spo2(msgId, Instant.now().minusSeconds(5), 95, 72)
              .getBytes(StandardCharsets.UTF_8),
          1,
          false);
      device.disconnect();
      device.close();

      long stored =
          Sql.awaitCount(
              db,
              Duration.ofSeconds(20),
              n -> n == 2,
              "SELECT count(*) FROM readings WHERE device_id = 'ox-tls-1' AND msg_id = ?",
              msgId);
      assertThat(stored).as("spo2 and pulse rows of the reading").isEqualTo(2);
    }
  }

  @Test
  void aHubRefusesABrokerWhoseCertificateDoesNotNameTheHostUnlessTheCheckIsTurnedOff()
      throws Exception {
    // Same CA, but the certificate names another host: only the host name check can tell.
    Path dir = Files.createTempDirectory("hub-tls-name");
    TestCertificates elsewhere =
        TestCertificates.create(dir.resolve("certs"), "DNS:broker.elsewhere.example");
    try (ProductionMosquitto other =
        ProductionMosquitto.start(dir, elsewhere, Map.of("hub", "hub-secret"))) {
      Map<Setting, String> settings = hubSettings(other, elsewhere.caFile());
      String before = other.log();
      try (TestHub hub = TestHub.start(settings)) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (other.log().length() == before.length() && System.nanoTime() < deadline) {
          Thread.sleep(50);
        }
        Thread.sleep(500);
        assertThat(hub.hub().brokerConnected()).as("host name checked by default").isFalse();
      }
      settings.put(Setting.MQTT_TLS_VERIFY_HOSTNAME, "false");
      settings.put(Setting.MQTT_CLIENT_ID, "hub-tls-" + UUID.randomUUID());
      try (TestHub hub = TestHub.start(settings)) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!hub.hub().brokerConnected() && System.nanoTime() < deadline) {
          Thread.sleep(50);
        }
        assertThat(hub.hub().brokerConnected())
            .as("connected with the check off; broker log:\n" + other.log())
            .isTrue();
      }
    }
  }

  @Test
  void aHubThatDoesNotTrustTheBrokersCaGetsNoSession() throws Exception {
    String before = broker.log();
    try (TestHub hub = TestHub.start(hubSettings(certs.otherCaFile()))) {
      // Wait for the broker to see the hub's attempt end (the hub aborts the handshake), then look
      // at the hub.
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (broker.log().length() == before.length() && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      Thread.sleep(500);
      assertThat(hub.hub().brokerConnected()).isFalse();
      assertThat(broker.log().substring(before.length())).doesNotContain("as hub-tls-");
    }
  }
}

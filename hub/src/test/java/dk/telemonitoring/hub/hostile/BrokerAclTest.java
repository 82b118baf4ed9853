package dk.telemonitoring.hub.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.hub.support.ProductionMosquitto;
import dk.telemonitoring.hub.support.TestCertificates;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The production ACL (docker/mosquitto/acl) against a real Mosquitto running the production
 * configuration ({@link ProductionMosquitto}), with a password file made by mosquitto_passwd; the
 * clients use its internal (plain) listener. A device can publish its own readings and read its own
 * commands, and nothing of another device's; a wrong password is refused.
 */
@Timeout(60)
class BrokerAclTest {

  private static ProductionMosquitto broker;
  private static int port;

  @BeforeAll
  static void startBroker() throws Exception {
    Assumptions.assumeTrue(
        ProductionMosquitto.available() && TestCertificates.opensslAvailable(),
        "needs /usr/sbin/mosquitto, mosquitto_passwd and openssl: the ACL test runs a real Mosquitto 2");
    Path dir = Files.createTempDirectory("acl-broker");
    TestCertificates certs = TestCertificates.create(dir.resolve("certs"));
    broker =
        ProductionMosquitto.start(
            dir, certs, Map.of("hub", "hub-secret", "ox-a", "a-secret", "ox-b", "b-secret"));
    port = broker.plainPort();
  }

  @AfterAll
  static void stopBroker() {
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void aDeviceCanPublishOnlyItsOwnReadingsAndReadOnlyItsOwnCommands() throws Exception {
    List<String> hubSaw = new CopyOnWriteArrayList<>();
    MqttClient hub = client("hub", "hub-secret");
    // Paho matches per-subscription listeners against the filter literally, which a $share/ filter
    // never matches:
    // take every message through the client's callback instead.
    hub.setCallback(
        new org.eclipse.paho.client.mqttv3.MqttCallback() {
          @Override
          public void connectionLost(Throwable cause) {}

          @Override
          public void messageArrived(
              String topic, org.eclipse.paho.client.mqttv3.MqttMessage message) {
            hubSaw.add(topic);
          }

          @Override
          public void deliveryComplete(org.eclipse.paho.client.mqttv3.IMqttDeliveryToken token) {}
        });
    hub.subscribe("$share/hub/tm/v1/+/devices/+/readings", 1);
    MqttClient deviceA = client("ox-a", "a-secret");

    deviceA.publish(
        "tm/v1/vios/devices/ox-b/readings", "{\"v\":1}".getBytes(StandardCharsets.UTF_8), 1, false);
    deviceA.publish(
        "tm/v1/vios/devices/ox-a/readings", "{\"v\":1}".getBytes(StandardCharsets.UTF_8), 1, false);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (hubSaw.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    Thread.sleep(500);
    assertThat(hubSaw)
        .as("the hub got device a's own reading, and never the one it sent as device b")
        .containsExactly("tm/v1/vios/devices/ox-a/readings");

    // Mosquitto 2 may grant a SUBSCRIBE the ACL does not allow and then checks read access on every
    // message it
    // would deliver: what counts is that nothing arrives.
    List<String> aGot = new CopyOnWriteArrayList<>();
    List<String> bGot = new CopyOnWriteArrayList<>();
    deviceA.subscribe("tm/v1/vios/devices/ox-b/commands", 1, (topic, m) -> aGot.add(topic));
    deviceA.subscribe("tm/v1/+/devices/+/readings", 1, (topic, m) -> aGot.add(topic));
    deviceA.subscribe("tm/v1/vios/devices/ox-a/commands", 1, (topic, m) -> aGot.add(topic));
    MqttClient deviceB = client("ox-b", "b-secret");
    deviceB.subscribe("tm/v1/vios/devices/ox-b/commands", 1, (topic, m) -> bGot.add(topic));
    deviceB.publish(
        "tm/v1/vios/devices/ox-b/readings", "{\"v\":1}".getBytes(StandardCharsets.UTF_8), 1, false);
    hub.publish(
        "tm/v1/vios/devices/ox-b/commands",
        "{\"v\":1,\"kind\":\"receipt\"}".getBytes(StandardCharsets.UTF_8),
        1,
        false);
    hub.publish(
        "tm/v1/vios/devices/ox-a/commands",
        "{\"v\":1,\"kind\":\"receipt\"}".getBytes(StandardCharsets.UTF_8),
        1,
        false);
    deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while ((aGot.isEmpty() || bGot.isEmpty()) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    Thread.sleep(500);
    assertThat(bGot)
        .as("device b gets its own commands")
        .containsExactly("tm/v1/vios/devices/ox-b/commands");
    assertThat(aGot)
        .as("device a gets its own commands, never b's commands or b's readings")
        .containsExactly("tm/v1/vios/devices/ox-a/commands");
    assertThat(hubSaw)
        .as("the hub got b's own reading")
        .contains("tm/v1/vios/devices/ox-b/readings");
    deviceB.disconnect();
    deviceA.disconnect();
    hub.disconnect();
  }

  @Test
  void aWrongPasswordOrNoCredentialsAreRefused() {
    assertThat(refused("ox-a", "b-secret")).as("device a with device b's password").isTrue();
    assertThat(refused(null, null)).as("anonymous").isTrue();
  }

  private static boolean refused(String user, String password) {
    try {
      client(user, password).disconnect();
      return false;
    } catch (MqttException e) {
      return true;
    }
  }

  private static MqttClient client(String user, String password) throws MqttException {
    MqttClient c =
        new MqttClient(
            "tcp://127.0.0.1:" + port,
            (user == null ? "anon" : user) + "-" + UUID.randomUUID(),
            new MemoryPersistence());
    MqttConnectOptions o = new MqttConnectOptions();
    o.setCleanSession(true);
    o.setConnectionTimeout(5);
    if (user != null) {
      o.setUserName(user);
      o.setPassword(password.toCharArray());
    }
    c.connect(o);
    return c;
  }
}

package dk.telemonitoring.hub.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import javax.net.SocketFactory;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The production TLS listener (docker/mosquitto/mosquitto.conf, listener 8883) on a real Mosquitto
 * with throwaway certificates: a device with its credentials connects over TLS and its QoS 1
 * reading is delivered; a plaintext client on the TLS port and a client that does not trust the
 * broker's CA never get a session.
 */
@Timeout(60)
class BrokerTlsTest {

  private static TestCertificates certs;
  private static ProductionMosquitto broker;

  @BeforeAll
  static void startBroker() throws Exception {
    Assumptions.assumeTrue(
        ProductionMosquitto.available() && TestCertificates.opensslAvailable(),
        "needs /usr/sbin/mosquitto, mosquitto_passwd and openssl");
    Path dir = Files.createTempDirectory("tls-broker");
    certs = TestCertificates.create(dir.resolve("certs"));
    broker = ProductionMosquitto.start(dir, certs, Map.of("hub", "hub-secret", "ox-a", "a-secret"));
  }

  @AfterAll
  static void stopBroker() {
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void aDeviceWithItsCredentialsPublishesOverTlsAndTheReadingIsDelivered() throws Exception {
    List<String> hubSaw = new CopyOnWriteArrayList<>();
    MqttClient hub = connect("ssl", "hub", "hub-secret", TestCertificates.trusting(certs.caFile()));
    hub.setCallback(
        new MqttCallback() {
          @Override
          public void connectionLost(Throwable cause) {}

          @Override
          public void messageArrived(String topic, MqttMessage message) {
            hubSaw.add(topic + " " + new String(message.getPayload(), StandardCharsets.UTF_8));
          }

          @Override
          public void deliveryComplete(IMqttDeliveryToken token) {}
        });
    hub.subscribe("$share/hub/tm/v1/+/devices/+/readings", 1);
    MqttClient device =
        connect("ssl", "ox-a", "a-secret", TestCertificates.trusting(certs.caFile()));
    // Paho's publish returns once the broker's PUBACK arrived: the broker took responsibility for
    // it.
    device.publish(
        "tm/v1/vios/devices/ox-a/readings", "{\"v\":1}".getBytes(StandardCharsets.UTF_8), 1, false);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (hubSaw.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(hubSaw).containsExactly("tm/v1/vios/devices/ox-a/readings {\"v\":1}");
    device.disconnect();
    hub.disconnect();
  }

  @Test
  void aPlaintextClientOnTheTlsPortGetsNoSession() {
    assertThatThrownBy(() -> connect("tcp", "ox-a", "a-secret", null))
        .isInstanceOf(MqttException.class);
    // A raw MQTT CONNECT written to the TLS port is not answered with a CONNACK.
    assertThat(rawConnackOnTlsPort())
        .as("bytes answered to a plaintext CONNECT")
        .isNotEqualTo(0x20);
  }

  @Test
  void aClientThatDoesNotTrustTheBrokersCaRefusesTheConnection() {
    assertThatThrownBy(
            () ->
                connect("ssl", "ox-a", "a-secret", TestCertificates.trusting(certs.otherCaFile())))
        .isInstanceOf(MqttException.class)
        .hasStackTraceContaining("SSLHandshakeException");
    // The JVM's default trust store (public CAs) does not trust a private CA either.
    assertThatThrownBy(
            () -> connect("ssl", "ox-a", "a-secret", javax.net.ssl.SSLSocketFactory.getDefault()))
        .isInstanceOf(MqttException.class);
  }

  @Test
  void overTlsAWrongPasswordIsStillRefused() {
    assertThatThrownBy(
            () -> connect("ssl", "ox-a", "wrong", TestCertificates.trusting(certs.caFile())))
        .isInstanceOf(MqttException.class);
  }

  /**
   * Writes a minimal MQTT 3.1.1 CONNECT in plain text and returns the first byte answered, or -1.
   */
  private static int rawConnackOnTlsPort() {
    byte[] connect = {
      0x10, 0x0e, 0x00, 0x04, 'M', 'Q', 'T', 'T', 0x04, 0x02, 0x00, 0x3c, 0x00, 0x02, 'p', 't'
    };
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", broker.tlsPort())) {
      s.setSoTimeout(5000);
      s.getOutputStream().write(connect);
      s.getOutputStream().flush();
      return s.getInputStream().read();
    } catch (java.io.IOException e) {
      return -1;
    }
  }

  private static MqttClient connect(
      String scheme, String user, String password, SocketFactory sockets) throws MqttException {
    MqttClient c =
        new MqttClient(
            scheme + "://127.0.0.1:" + broker.tlsPort(),
            user + "-" + UUID.randomUUID(),
            new MemoryPersistence());
    MqttConnectOptions o = new MqttConnectOptions();
    o.setCleanSession(true);
    o.setConnectionTimeout(5);
    o.setUserName(user);
    o.setPassword(password.toCharArray());
    if (sockets != null) {
      o.setSocketFactory(sockets);
    }
    try {
      c.connect(o);
    } catch (MqttException e) {
      c.close();
      throw e;
    }
    return c;
  }
}

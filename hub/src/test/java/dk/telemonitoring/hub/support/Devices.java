package dk.telemonitoring.hub.support;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** A real MQTT publisher (Paho, as device SDKs use) and payloads per docs/device-contract.md. */
public final class Devices implements AutoCloseable {

  private final MqttClient client;
  private final String topicRoot;

  public Devices(String topicRoot) {
    this.topicRoot = topicRoot;
    try {
      client =
          new MqttClient(
              TestServices.mqttUrl(), "dev-" + UUID.randomUUID(), new MemoryPersistence());
      MqttConnectOptions options = new MqttConnectOptions();
      options.setCleanSession(true);
      options.setMaxInflight(1000);
      client.connect(options);
    } catch (MqttException e) {
      throw new IllegalStateException("cannot connect test device to " + TestServices.mqttUrl(), e);
    }
  }

  public String readingsTopic(String clinic, String deviceId) {
    return topicRoot + "/" + clinic + "/devices/" + deviceId + "/readings";
  }

  public void publish(String topic, String payload) {
    publish(topic, payload.getBytes(StandardCharsets.UTF_8));
  }

  /** QoS 1, returns once the broker acknowledged it. */
  public void publish(String topic, byte[] payload) {
    try {
      client.publish(topic, payload, 1, false);
    } catch (MqttException e) {
      throw new IllegalStateException("publish failed", e);
    }
  }

  public static String spo2(String msgId, Instant measuredAt, double spo2, double pulse) {
    return """
        {"v":1,"msgId":"%s","kind":"measurement","measuredAt":"%s",
         "values":[{"code":"spo2","value":%s,"unit":"%%"},{"code":"pulse","value":%s,"unit":"/min"}]}"""
        .formatted(msgId, measuredAt, spo2, pulse);
  }

  @Override
  public void close() {
    try {
      client.disconnect();
      client.close();
    } catch (MqttException ignored) {
      // closing anyway
    }
  }
}

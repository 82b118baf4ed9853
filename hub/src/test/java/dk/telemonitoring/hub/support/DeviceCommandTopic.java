package dk.telemonitoring.hub.support;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * A device's own MQTT client on its command topic, as a real device listens: everything the hub
 * tells the device (receipts, triage's replies), in arrival order.
 */
public final class DeviceCommandTopic implements AutoCloseable {

  private final MqttClient client;
  private final List<JsonObject> heard = new CopyOnWriteArrayList<>();

  public DeviceCommandTopic(String topicRoot, String clinic, String device) throws MqttException {
    client =
        new MqttClient(
            TestServices.mqttUrl(), device + "-" + UUID.randomUUID(), new MemoryPersistence());
    client.connect(new MqttConnectOptions());
    client.subscribe(
        topicRoot + "/" + clinic + "/devices/" + device + "/commands",
        1,
        (topic, message) ->
            heard.add(new JsonObject(new String(message.getPayload(), StandardCharsets.UTF_8))));
  }

  /** What the device has heard so far (a live view). */
  public List<JsonObject> heard() {
    return heard;
  }

  @Override
  public void close() throws MqttException {
    if (client.isConnected()) {
      client.disconnect();
    }
    client.close();
  }
}

package dk.telemonitoring.sim.run;

import dk.telemonitoring.sim.device.DeviceKind;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import java.util.regex.Pattern;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulated patients' tablets reading the clinic's messages: every {@code message} on a
 * tablet's command topic is answered with a {@code message-receipt} on that tablet's readings topic
 * (docs/device-contract.md, "Messages from the clinic"), as a tablet does once it has shown it.
 */
public final class TabletReceipts implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TabletReceipts.class);
  private static final String TABLET = DeviceKind.TABLET.prefix() + "-";
  private static final Pattern ID = Pattern.compile("[0-9a-fA-F-]{36}");

  private final MqttAsyncClient client;

  private TabletReceipts(MqttAsyncClient client) {
    this.client = client;
  }

  /** Subscribes to the clinic's command topics under {@code topicRoot}; answers until closed. */
  public static TabletReceipts start(String brokerUrl, String topicRoot, String clinic)
      throws MqttException {
    MqttAsyncClient client =
        new MqttAsyncClient(
            brokerUrl,
            "sim-tablets-" + UUID.randomUUID().toString().substring(0, 8),
            new MemoryPersistence());
    String prefix = topicRoot + "/" + clinic + "/devices/";
    client.setCallback(
        new MqttCallback() {
          @Override
          public void connectionLost(Throwable cause) {
            LOG.warn("simulated tablets lost the broker [reason: {}]", cause.toString());
          }

          @Override
          public void messageArrived(String topic, MqttMessage message) {
            String device = topic.substring(prefix.length(), topic.lastIndexOf('/'));
            String receipt = receiptFor(device, message.getPayload());
            if (receipt == null) {
              return;
            }
            try {
              // Asynchronous: a blocking publish inside Paho's callback would wait on itself.
              client.publish(
                  prefix + device + "/readings",
                  receipt.getBytes(StandardCharsets.UTF_8),
                  1,
                  false);
            } catch (MqttException e) {
              LOG.warn("message receipt not sent [device: {}, reason: {}]", device, e.toString());
            }
          }

          @Override
          public void deliveryComplete(IMqttDeliveryToken token) {}
        });
    MqttConnectOptions options = new MqttConnectOptions();
    options.setCleanSession(true);
    options.setAutomaticReconnect(true);
    PahoPublisher.connectWithRetry(client, options);
    client.subscribe(prefix + "+/commands", 1).waitForCompletion(15_000);
    return new TabletReceipts(client);
  }

  /** The receipt a tablet sends for a command, or null when it is no message to a tablet. */
  static String receiptFor(String deviceId, byte[] payload) {
    if (!deviceId.startsWith(TABLET)) {
      return null;
    }
    JsonObject command;
    try {
      command = new JsonObject(new String(payload, StandardCharsets.UTF_8));
    } catch (DecodeException e) {
      return null;
    }
    String messageId = command.getString("messageId");
    if (!"message".equals(command.getString("kind"))
        || messageId == null
        || !ID.matcher(messageId).matches()) {
      return null;
    }
    return new JsonObject()
        .put("v", 1)
        .put("msgId", "mr-" + messageId)
        .put("kind", "message-receipt")
        .put("messageId", messageId)
        .put("sentAt", Instant.now().toString())
        .encode();
  }

  @Override
  public void close() {
    try {
      client.disconnect().waitForCompletion(5_000);
      client.close();
    } catch (MqttException e) {
      // closing anyway
    }
  }
}

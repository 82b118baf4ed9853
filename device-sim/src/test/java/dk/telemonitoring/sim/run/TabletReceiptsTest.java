package dk.telemonitoring.sim.run;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.sim.TestBroker;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Simulated tablets confirm the clinic's messages on the real broker: a message on a tablet's
 * command topic is answered on that tablet's readings topic; receipts and replies to other devices
 * are not.
 */
@Timeout(60)
class TabletReceiptsTest {

  @Test
  void aTabletAnswersAMessageWithAReceiptOnItsReadingsTopic() throws Exception {
    String url = TestBroker.url();
    String root = TestBroker.uniqueTopicRoot();
    BlockingQueue<String[]> readings = new LinkedBlockingQueue<>();
    MqttClient hub =
        new MqttClient(url, "sim-test-hub-" + System.nanoTime(), new MemoryPersistence());
    MqttConnectOptions o = new MqttConnectOptions();
    o.setCleanSession(true);
    hub.connect(o);
    try (TabletReceipts tablets = TabletReceipts.start(url, root, "vios")) {
      hub.subscribe(
          root + "/vios/devices/+/readings",
          1,
          (topic, m) ->
              readings.add(
                  new String[] {topic, new String(m.getPayload(), StandardCharsets.UTF_8)}));
      String id = UUID.randomUUID().toString();
      String message =
          new JsonObject()
              .put("v", 1)
              .put("kind", "message")
              .put("messageId", id)
              .put("text", "Hej")
              .encode();
      // A receipt for a reading and a message to an oximeter get no answer.
      hub.publish(
          root + "/vios/devices/tab-1a2b3c/commands",
          "{\"v\":1,\"kind\":\"receipt\",\"msgId\":\"1\",\"status\":\"stored\"}"
              .getBytes(StandardCharsets.UTF_8),
          1,
          false);
      hub.publish(
          root + "/vios/devices/ox-1a2b3c/commands",
          message.getBytes(StandardCharsets.UTF_8),
          1,
          false);
      hub.publish(
          root + "/vios/devices/tab-1a2b3c/commands",
          message.getBytes(StandardCharsets.UTF_8),
          1,
          false);

      String[] got = readings.poll(20, TimeUnit.SECONDS);
      assertThat(got).isNotNull();
      assertThat(got[0]).isEqualTo(root + "/vios/devices/tab-1a2b3c/readings");
      JsonObject receipt = new JsonObject(got[1]);
      assertThat(receipt.getString("kind")).isEqualTo("message-receipt");
      assertThat(receipt.getString("messageId")).isEqualTo(id);
      assertThat(receipt.getString("msgId")).isEqualTo("mr-" + id);
      assertThat(readings.poll(2, TimeUnit.SECONDS)).as("nothing else answered").isNull();
    } finally {
      hub.disconnect();
      hub.close();
    }
  }

  @Test
  void onlyAMessageWithAnIdToATabletGetsAReceipt() {
    byte[] ok =
        "{\"kind\":\"message\",\"messageId\":\"5f0c2b1e-8a43-4c1e-9d7e-2f7f6a0b9c11\"}"
            .getBytes(StandardCharsets.UTF_8);
    assertThat(TabletReceipts.receiptFor("tab-1", ok)).contains("message-receipt");
    assertThat(TabletReceipts.receiptFor("ox-1", ok)).isNull();
    assertThat(
            TabletReceipts.receiptFor(
                "tab-1", "{\"kind\":\"message\"}".getBytes(StandardCharsets.UTF_8)))
        .isNull();
    assertThat(TabletReceipts.receiptFor("tab-1", "not json".getBytes(StandardCharsets.UTF_8)))
        .isNull();
  }
}

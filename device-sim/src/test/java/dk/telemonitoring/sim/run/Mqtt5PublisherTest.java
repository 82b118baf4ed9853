package dk.telemonitoring.sim.run;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.sim.TestBroker;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The device contract's delivery rule against real Mosquitto: a message published while nobody
 * subscribes is answered "no matching subscribers" (0x10) and dropped by the broker, so the
 * publisher keeps sending it until a subscriber (the hub, here a plain client) is there to receive
 * it.
 */
@Timeout(60)
class Mqtt5PublisherTest {

  @Test
  void aMessageNobodySubscribedToIsSentAgainUntilItIsDelivered() throws Exception {
    String url = TestBroker.url();
    String topic = TestBroker.uniqueTopicRoot() + "/clinic/devices/ox-1/readings";
    List<String> received = new CopyOnWriteArrayList<>();
    try (Mqtt5Publisher publisher = new Mqtt5Publisher(url, "mqtt5-pub-" + System.nanoTime(), 10)) {
      publisher.publish(topic, "reading-1".getBytes(StandardCharsets.UTF_8));
      long deadline = System.currentTimeMillis() + 10_000;
      while (publisher.resent() == 0 && System.currentTimeMillis() < deadline) {
        Thread.sleep(50);
      }
      assertThat(publisher.resent())
          .as("sent again after the broker said it had no subscriber")
          .isPositive();

      MqttClient hub =
          new MqttClient(url, "mqtt5-sub-" + System.nanoTime(), new MemoryPersistence());
      MqttConnectOptions options = new MqttConnectOptions();
      options.setCleanSession(true);
      hub.connect(options);
      hub.subscribe(
          topic, 1, (t, m) -> received.add(new String(m.getPayload(), StandardCharsets.UTF_8)));
      publisher.flush(15_000);
      // The broker acknowledges to the publisher and delivers to the subscriber independently.
      long delivered = System.currentTimeMillis() + 10_000;
      while (received.isEmpty() && System.currentTimeMillis() < delivered) {
        Thread.sleep(20);
      }
      assertThat(received).as("delivered once a subscriber was there").contains("reading-1");
      assertThat(publisher.failures()).isZero();
      hub.disconnect();
      hub.close();
    }
  }
}

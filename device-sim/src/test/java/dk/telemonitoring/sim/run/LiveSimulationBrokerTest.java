package dk.telemonitoring.sim.run;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.sim.ContractChecker;
import dk.telemonitoring.sim.TestBroker;
import dk.telemonitoring.sim.device.Device;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class LiveSimulationBrokerTest {

  record Received(String topic, byte[] payload) {}

  /** The shared broker is restarted by other modules' outage tests; give it a few seconds. */
  private static void connectWithRetry(MqttClient client, MqttConnectOptions o) throws Exception {
    long deadline = System.currentTimeMillis() + 10_000;
    while (true) {
      try {
        client.connect(o);
        return;
      } catch (org.eclipse.paho.client.mqttv3.MqttException e) {
        if (System.currentTimeMillis() > deadline) {
          throw e;
        }
        Thread.sleep(500);
      }
    }
  }

  @Test
  void livePublishesContractMessagesOnTheDeviceTopics() throws Exception {
    String url = TestBroker.url();
    String root = TestBroker.uniqueTopicRoot();
    List<Received> received = new CopyOnWriteArrayList<>();
    MqttClient sub =
        new MqttClient(url, "sim-test-sub-" + System.nanoTime(), new MemoryPersistence());
    MqttConnectOptions o = new MqttConnectOptions();
    o.setCleanSession(true);
    connectWithRetry(sub, o);
    sub.subscribe(
        root + "/+/devices/+/readings",
        1,
        (topic, msg) -> received.add(new Received(topic, msg.getPayload())));

    // A simulated day every second, starting two days back so the run stays in the past.
    SimConfig config =
        SimConfig.demo(url, "testclinic", 4, 86_400, 5)
            .withTopicRoot(root)
            .withSimulatedStart(Instant.now().minus(Duration.ofDays(2)))
            .withBehaviour(SimConfig.liveBehaviour().withFaultShare(0).withDuplicateShare(0));
    Set<String> deviceIds =
        config.patients().stream()
            .flatMap(p -> p.devices().stream())
            .map(Device::id)
            .collect(Collectors.toSet());
    try (LiveSimulation.Handle handle = LiveSimulation.start(config)) {
      long deadline = System.currentTimeMillis() + 15_000;
      while (received.size() < 40 && System.currentTimeMillis() < deadline) {
        Thread.sleep(100);
      }
    }
    sub.disconnect();
    sub.close();

    assertThat(received).hasSizeGreaterThanOrEqualTo(40);
    for (Received r : received) {
      String[] parts = r.topic().split("/");
      assertThat(parts).hasSize(6);
      assertThat(parts[2]).isEqualTo("testclinic");
      assertThat(deviceIds).contains(parts[4]);
      assertThat(parts[4]).matches("(ox|sp|sc|bp|th|tab)-[0-9a-f]{6}");
      assertThat(ContractChecker.problem(r.payload())).as(new String(r.payload())).isNull();
    }
    assertThat(
            received.stream()
                .map(
                    r ->
                        new io.vertx.core.json.JsonObject(new String(r.payload()))
                            .getString("kind"))
                .collect(Collectors.toSet()))
        .contains("measurement", "status");
  }
}

package dk.telemonitoring.hub.api;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.hub.config.Setting;
import dk.telemonitoring.hub.store.RegistryStore;
import dk.telemonitoring.hub.support.Sql;
import dk.telemonitoring.hub.support.TestHub;
import dk.telemonitoring.hub.support.TestServices;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;

/**
 * A hub standing by for the readings (the one client-id slot is leased by another hub) still
 * reaches devices: what it sends goes through a broker connection of its own, not the readings' one
 * it is waiting for. A nurse whose session is on the standby hub sends the patient a message and
 * the tablet receives it.
 */
class StandbyHubReachesDevicesTest {

  private static final String PASSWORD = "correct horse battery";

  @Test
  void aNurseOnTheStandbyHubReachesThePatientsTablet() throws Exception {
    String slot = "standby-slot-" + UUID.randomUUID().toString().substring(0, 8);
    try (TestHub leader =
        TestHub.inFreshDatabase("standbypub", s -> s.put(Setting.MQTT_SLOTS, slot))) {
      Map<Setting, String> standbySettings =
          TestHub.settings(leader.db(), leader.topicRoot(), "hub-standby-" + UUID.randomUUID());
      standbySettings.put(Setting.MQTT_SLOTS, slot);
      try (TestHub standby = TestHub.start(standbySettings)) {
        assertThat(Sql.text(leader.db(), "SELECT holder FROM mqtt_slots WHERE client_id = ?", slot))
            .as("the leader holds the only slot")
            .startsWith(leader.hub().config().get(Setting.MQTT_CLIENT_ID) + "/");
        assertThat(standby.hub().brokerConnected()).as("the standby reads no readings").isFalse();

        UUID patient = leader.provision("clinic-a", "ox-a-1", "COPD");
        RegistryStore registry = new RegistryStore(leader.hub().pool());
        registry.registerDevice("tab-a-1", "clinic-a", "TABLET", 172_800).await();
        registry.bind("tab-a-1", patient, Instant.now().minusSeconds(3600), "test").await();
        ApiClient.createUser(
            standby.httpBase(),
            TestHub.SERVICE_TOKEN,
            "nurse.a@test.dk",
            PASSWORD,
            "nurse",
            "clinic-a");

        String commandTopic = leader.topicRoot() + "/clinic-a/devices/tab-a-1/commands";
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        MqttClient tablet =
            new MqttClient(
                TestServices.mqttUrl(), "tab-" + UUID.randomUUID(), new MemoryPersistence());
        tablet.connect(new MqttConnectOptions());
        try {
          tablet.subscribe(
              commandTopic,
              1,
              (topic, m) -> received.add(new String(m.getPayload(), StandardCharsets.UTF_8)));

          ApiClient nurse = ApiClient.loggedIn(standby.httpBase(), "nurse.a@test.dk", PASSWORD);
          HttpResponse<String> sent =
              nurse.send(
                  "POST",
                  "/api/v1/patients/" + patient + "/messages",
                  new JsonObject().put("text", "Ring til klinikken i dag, tak.").encode());
          assertThat(sent.statusCode()).as(sent.body()).isEqualTo(201);
          assertThat(new JsonObject(sent.body()).getString("status")).isEqualTo("sent");

          String got = received.poll(20, TimeUnit.SECONDS);
          assertThat(got).as("the tablet received the message").isNotNull();
          assertThat(new JsonObject(got).getString("text"))
              .isEqualTo("Ring til klinikken i dag, tak.");
        } finally {
          tablet.disconnect();
          tablet.close();
        }
      }
    }
  }
}

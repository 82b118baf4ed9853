package dk.telemonitoring.hub.api;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.hub.store.RegistryStore;
import dk.telemonitoring.hub.support.Devices;
import dk.telemonitoring.hub.support.Sql;
import dk.telemonitoring.hub.support.TestServices;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;

/**
 * A message to the patient's tablet end to end on the real broker: a nurse sends it over the API,
 * the tablet (a Paho client subscribed to its command topic) receives it in the patient's language
 * on a topic naming only the clinic and the device, answers with a message-receipt on its readings
 * topic, and the API shows the message as delivered. A receipt from another device does not count.
 */
class PatientMessageMqttTest extends TwoClinicApiTest {

  PatientMessageMqttTest() {
    super("messages");
  }

  @Test
  void aMessageReachesTheTabletAndItsReceiptShowsAsDelivered() throws Exception {
    RegistryStore registry = new RegistryStore(hub.hub().pool());
    registry.registerDevice("tab-a-1", "clinic-a", "TABLET", 172_800).await();
    registry.bind("tab-a-1", patientA, Instant.now().minusSeconds(3600), "test").await();
    String commandTopic = hub.topicRoot() + "/clinic-a/devices/tab-a-1/commands";

    BlockingQueue<String[]> received = new LinkedBlockingQueue<>();
    MqttClient tablet =
        new MqttClient(TestServices.mqttUrl(), "tab-" + UUID.randomUUID(), new MemoryPersistence());
    MqttConnectOptions options = new MqttConnectOptions();
    options.setCleanSession(true);
    tablet.connect(options);
    try (Devices devices = new Devices(hub.topicRoot())) {
      tablet.subscribe(
          commandTopic,
          1,
          (topic, m) ->
              received.add(
                  new String[] {topic, new String(m.getPayload(), StandardCharsets.UTF_8)}));

      ApiClient nurse = ApiClient.loggedIn(base, "nurse.a@test.dk", PASSWORD);
      String path = "/api/v1/patients/" + patientA + "/messages";
      HttpResponse<String> sent =
          nurse.send(
              "POST",
              path,
              new JsonObject().put("text", "Husk at måle din iltmætning i morgen kl. 8.").encode());
      assertThat(sent.statusCode()).as(sent.body()).isEqualTo(201);
      JsonObject message = new JsonObject(sent.body());
      assertThat(message.getString("status")).isEqualTo("sent");
      assertThat(message.getString("sentByName")).isEqualTo("nurse.a");
      String id = message.getString("id");

      String[] got = received.poll(20, TimeUnit.SECONDS);
      assertThat(got).as("the tablet received the message").isNotNull();
      assertThat(got[0]).isEqualTo(commandTopic).doesNotContain(patientA.toString());
      JsonObject payload = new JsonObject(got[1]);
      assertThat(payload.getString("kind")).isEqualTo("message");
      assertThat(payload.getString("messageId")).isEqualTo(id);
      assertThat(payload.getString("language")).isEqualTo("da");
      assertThat(payload.getString("title")).isEqualTo("Besked fra klinikken");
      assertThat(payload.getString("text"))
          .isEqualTo("Husk at måle din iltmætning i morgen kl. 8.");

      // A receipt naming the message from another device of the patient counts for nothing.
      devices.publish(devices.readingsTopic("clinic-a", "ox-a-1"), receipt("r-ox-1", id));
      Sql.awaitCount(
          db,
          Duration.ofSeconds(20),
          n -> n == 1,
          "SELECT count(*) FROM device_events WHERE device_id = 'ox-a-1' AND msg_id = 'r-ox-1'");
      assertThat(messageStatus(nurse, path, id)).isEqualTo("sent");

      // The tablet's own receipt (sent twice, as a device re-sends an unconfirmed one).
      devices.publish(devices.readingsTopic("clinic-a", "tab-a-1"), receipt("r-tab-1", id));
      devices.publish(devices.readingsTopic("clinic-a", "tab-a-1"), receipt("r-tab-1", id));
      Sql.awaitCount(
          db,
          Duration.ofSeconds(20),
          n -> n == 1,
          "SELECT count(*) FROM patient_messages WHERE id = ?::uuid AND delivered_at IS NOT NULL",
          id);
      JsonObject delivered = messageOf(nurse, path, id);
      assertThat(delivered.getString("status")).isEqualTo("delivered");
      assertThat(Instant.parse(delivered.getString("deliveredAt")))
          .isAfterOrEqualTo(Instant.parse(delivered.getString("sentAt")));

      // The timeline shows it delivered too.
      JsonObject entry =
          nurse.json("/api/v1/patients/" + patientA + "/timeline").getJsonArray("entries").stream()
              .map(JsonObject.class::cast)
              .filter(e -> "message".equals(e.getString("kind")))
              .findFirst()
              .orElseThrow();
      assertThat(entry.getString("deliveredAt")).isNotNull();

      // A receipt whose messageId is no UUID is refused with a reason, and breaks nothing.
      devices.publish(
          devices.readingsTopic("clinic-a", "tab-a-1"),
          "{\"v\":1,\"msgId\":\"r-bad\",\"kind\":\"message-receipt\",\"messageId\":\"x\"}");
      Sql.awaitCount(
          db,
          Duration.ofSeconds(20),
          n -> n == 1,
          "SELECT count(*) FROM quarantine WHERE device_id = 'tab-a-1' AND reason LIKE '%messageId%'");
    } finally {
      tablet.disconnect();
      tablet.close();
    }
  }

  @Test
  void aPatientWithoutATabletGetsNoMessageAndOnlyCliniciansSendThem() {
    ApiClient nurseB = ApiClient.loggedIn(base, "nurse.b@test.dk", PASSWORD);
    String pathB = "/api/v1/patients/" + patientB + "/messages";
    HttpResponse<String> noTablet =
        nurseB.send("POST", pathB, new JsonObject().put("text", "Hej").encode());
    assertThat(noTablet.statusCode()).as(noTablet.body()).isEqualTo(409);
    assertThat(noTablet.body()).contains("tablet");
    assertThat(
            Sql.count(db, "SELECT count(*) FROM patient_messages WHERE patient_id = ?", patientB))
        .isZero();

    ApiClient admin = ApiClient.loggedIn(base, "admin.a@test.dk", PASSWORD);
    String pathA = "/api/v1/patients/" + patientA + "/messages";
    assertThat(admin.send("POST", pathA, new JsonObject().put("text", "Hej").encode()).statusCode())
        .isEqualTo(403);
    assertThat(
            nurseB.send("POST", pathA, new JsonObject().put("text", "Hej").encode()).statusCode())
        .isEqualTo(404);
    ApiClient nurse = ApiClient.loggedIn(base, "nurse.a@test.dk", PASSWORD);
    assertThat(nurse.send("POST", pathA, "{}").statusCode()).isEqualTo(400);
    assertThat(
            nurse
                .send("POST", pathA, new JsonObject().put("text", "x".repeat(501)).encode())
                .statusCode())
        .isEqualTo(400);
  }

  private static String receipt(String msgId, String messageId) {
    return new JsonObject()
        .put("v", 1)
        .put("msgId", msgId)
        .put("kind", "message-receipt")
        .put("messageId", messageId)
        .put("sentAt", Instant.now().toString())
        .encode();
  }

  private static JsonObject messageOf(ApiClient nurse, String path, String id) {
    return nurse.json(path).getJsonArray("messages").stream()
        .map(JsonObject.class::cast)
        .filter(m -> id.equals(m.getString("id")))
        .findFirst()
        .orElseThrow();
  }

  private static String messageStatus(ApiClient nurse, String path, String id) {
    return messageOf(nurse, path, id).getString("status");
  }
}

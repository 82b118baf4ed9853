package dk.telemonitoring.hub.app;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.hub.config.Setting;
import dk.telemonitoring.hub.support.DeviceCommandTopic;
import dk.telemonitoring.hub.support.Devices;
import dk.telemonitoring.hub.support.Sql;
import dk.telemonitoring.hub.support.TestHub;
import dk.telemonitoring.hub.support.TestServices;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What a device hears on its command topic (docs/device-contract.md, "Hub replies on the command
 * topic"), on real Mosquitto and PostgreSQL: the receipt after commit for every message, and
 * triage's reply only when it tells the patient more than the receipt did, unless the clinic asks
 * for every reply ({@code hub.feedback.plain-replies}).
 */
class DeviceRepliesEndToEndTest {

  private static final String CLINIC = "replies";
  private static final String DEVICE = "ox-replies-1";

  @Test
  void aGreenReadingGetsItsReceiptOnlyAndACriticalOneAlsoHearsTheClinicWillCall() throws Exception {
    List<JsonObject> heard = exchange(false);
    assertThat(about(heard, "green-1"))
        .singleElement()
        .satisfies(r -> assertThat(r.getString("status")).isEqualTo("stored"));
    assertThat(about(heard, "crit-1"))
        .extracting(r -> r.getString("kind") + "|" + r.getString("status"))
        .containsExactly("receipt|stored", "will-call|null");
  }

  @Test
  void withPlainRepliesOnAGreenReadingAlsoGetsTriagesReceipt() throws Exception {
    List<JsonObject> heard = exchange(true);
    assertThat(about(heard, "green-1"))
        .extracting(
            r -> r.getString("kind") + "|" + r.getString("status") + "|" + r.getString("level"))
        .containsExactly("receipt|stored|null", "receipt|null|GREEN");
  }

  /**
   * A GREEN reading, triaged, then a CRITICAL one of the same patient: everything the hub said
   * about the first has been said once the second's "will call" arrives (one connection publishes
   * both in order, and the patient's second batch starts after the first's replies).
   */
  private static List<JsonObject> exchange(boolean plainReplies) throws Exception {
    var server = TestServices.postgres();
    var db = TestServices.freshDatabase(server, "replies");
    String topicRoot = TestServices.uniqueTopicRoot();
    Map<Setting, String> settings =
        TestHub.settings(db, topicRoot, "hub-replies-" + UUID.randomUUID());
    settings.put(Setting.FEEDBACK_PLAIN_REPLIES, String.valueOf(plainReplies));
    try (TestHub hub = TestHub.start(settings);
        Devices devices = new Devices(topicRoot)) {
      hub.provision(CLINIC, DEVICE, "COPD");
      try (DeviceCommandTopic device = new DeviceCommandTopic(topicRoot, CLINIC, DEVICE)) {
        List<JsonObject> heard = device.heard();
        Instant now = Instant.now();
        devices.publish(
            devices.readingsTopic(CLINIC, DEVICE),
            Devices.spo2("green-1", now.minusSeconds(60), 97, 72));
        assertThat(
                Sql.awaitCount(
                    db,
                    Duration.ofSeconds(15),
                    n -> n > 0,
                    "SELECT count(*) FROM triage_findings WHERE msg_id = 'green-1' AND decisive"))
            .isPositive();
        assertThat(
                Sql.text(
                    db,
                    "SELECT message_level FROM triage_findings WHERE msg_id = 'green-1' LIMIT 1"))
            .isEqualTo("GREEN");
        devices.publish(devices.readingsTopic(CLINIC, DEVICE), Devices.spo2("crit-1", now, 82, 72));
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (about(heard, "crit-1").stream()
                .noneMatch(r -> "will-call".equals(r.getString("kind")))
            && System.nanoTime() < deadline) {
          Sql.sleep(50);
        }
        assertThat(about(heard, "crit-1")).as("the clinic will call").hasSize(2);
        return List.copyOf(heard);
      }
    } finally {
      TestServices.dropDatabase(db, server);
    }
  }

  private static List<JsonObject> about(List<JsonObject> heard, String msgId) {
    return heard.stream().filter(r -> msgId.equals(r.getString("msgId"))).toList();
  }
}

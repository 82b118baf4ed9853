package dk.telemonitoring.hub.app;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.hub.support.DeviceCommandTopic;
import dk.telemonitoring.hub.support.Devices;
import dk.telemonitoring.hub.support.TestHub;
import dk.telemonitoring.hub.support.TestServices;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The receipt of a quarantined message (docs/device-contract.md, "Hub replies on the command
 * topic"), on real Mosquitto and PostgreSQL: it names the message's msgId when the hub read the
 * payload one way and accepted its msgId, so a device with several messages out knows which one was
 * refused; it names none for a payload that could be read two ways.
 */
class RejectedReceiptEndToEndTest {

  private static final String CLINIC = "rejected";
  private static final String DEVICE = "ox-rejected-1";

  @Test
  void aWellFormedMessageRejectedForAFieldNamesItsMsgId() throws Exception {
    Instant now = Instant.now();
    List<JsonObject> heard =
        receipts(
            Devices.spo2("too-high-1", now, 140, 72).getBytes(StandardCharsets.UTF_8),
            """
            {"v":1,"msgId":"bad-unit-1","kind":"measurement","measuredAt":"%s",
             "values":[{"code":"spo2","value":95,"unit":"mmHg"}]}"""
                .formatted(now)
                .getBytes(StandardCharsets.UTF_8));
    assertThat(heard)
        .extracting(
            r -> r.getString("msgId") + "|" + r.getString("status") + "|" + r.getString("reason"))
        .containsExactlyInAnyOrder(
            "too-high-1|rejected|impossible_value", "bad-unit-1|rejected|unit_mismatch");
  }

  @Test
  void aPayloadThatCouldBeReadTwoWaysNamesNoMsgId() throws Exception {
    Instant now = Instant.now();
    // The msgId itself is given once and valid: only the rule keeps it out of the receipt.
    String duplicateValue =
        """
        {"v":1,"msgId":"dup-1","kind":"measurement","measuredAt":"%s",
         "values":[{"code":"spo2","value":95,"value":20,"unit":"%%"}]}"""
            .formatted(now);
    String latin1Unit =
        """
        {"v":1,"msgId":"latin1-1","kind":"measurement","measuredAt":"%s",
         "values":[{"code":"temperature","value":37.2,"unit":"°C"}]}"""
            .formatted(now);
    List<JsonObject> heard =
        receipts(
            duplicateValue.getBytes(StandardCharsets.UTF_8),
            latin1Unit.getBytes(StandardCharsets.ISO_8859_1));
    assertThat(heard)
        .extracting(r -> r.getString("status") + "|" + r.getString("reason"))
        .containsExactlyInAnyOrder("rejected|duplicate_key", "rejected|not_utf8");
    assertThat(heard).allSatisfy(r -> assertThat(r.containsKey("msgId")).isFalse());
  }

  /**
   * Publishes the payloads in order from one device and returns the receipts it heard, one per
   * payload.
   */
  private static List<JsonObject> receipts(byte[]... payloads) throws Exception {
    var server = TestServices.postgres();
    var db = TestServices.freshDatabase(server, "rejected");
    String topicRoot = TestServices.uniqueTopicRoot();
    try (TestHub hub =
            TestHub.start(TestHub.settings(db, topicRoot, "hub-rejected-" + UUID.randomUUID()));
        Devices devices = new Devices(topicRoot)) {
      hub.provision(CLINIC, DEVICE, "COPD");
      try (DeviceCommandTopic device = new DeviceCommandTopic(topicRoot, CLINIC, DEVICE)) {
        for (byte[] payload : payloads) {
          devices.publish(devices.readingsTopic(CLINIC, DEVICE), payload);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (device.heard().size() < payloads.length && System.nanoTime() < deadline) {
          Thread.sleep(50);
        }
        assertThat(device.heard()).as("one receipt per message").hasSize(payloads.length);
        return List.copyOf(device.heard());
      }
    } finally {
      TestServices.dropDatabase(db, server);
    }
  }
}

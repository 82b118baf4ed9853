package dk.telemonitoring.hub.app;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.hub.support.Devices;
import dk.telemonitoring.hub.support.Sql;
import dk.telemonitoring.hub.support.TestHub;
import dk.telemonitoring.hub.support.TestServices;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A patient's call-me request from the tablet enters the alert queue as a contact request worded
 * around the patient's own words; a second request while the first is open puts the newest words
 * first and keeps the first.
 */
class CallMeRequestEndToEndTest extends ClinicLoopFixture {

  @Test
  void aPatientsCallMeRequestEntersTheAlertQueue() throws Exception {
    var server = TestServices.postgres();
    var db = TestServices.freshDatabase(server, "contact");
    String topicRoot = TestServices.uniqueTopicRoot();
    try (TestHub hub =
            TestHub.start(TestHub.settings(db, topicRoot, "hub-contact-" + UUID.randomUUID()));
        Devices devices = new Devices(topicRoot)) {
      hub.provision(CLINIC, "tab-loop-1", "HEART_FAILURE");
      callMe(devices, "c-1", "more breathless tonight");
      assertThat(
              Sql.awaitCount(
                  db,
                  Duration.ofSeconds(10),
                  n -> n == 1,
                  "SELECT count(*) FROM alerts WHERE kind = 'CONTACT_REQUEST' AND state = 'OPEN'"))
          .isEqualTo(1);
      // The alerts module words the sentence around the patient's own words, once.
      assertThat(Sql.text(db, "SELECT explanation FROM alerts WHERE kind = 'CONTACT_REQUEST'"))
          .isEqualTo("The patient asks to be called: more breathless tonight (worried)");
      assertThat(Sql.text(db, "SELECT explanation_da FROM alerts WHERE kind = 'CONTACT_REQUEST'"))
          .isEqualTo("Patienten beder om at blive ringet op: more breathless tonight (bekymret)");

      // A second request while the first is open: the newest words first, the first kept.
      callMe(devices, "c-2", "unsure if the device works");
      assertThat(
              Sql.awaitCount(
                  db,
                  Duration.ofSeconds(10),
                  n -> n == 1,
                  "SELECT count(*) FROM alerts WHERE kind = 'CONTACT_REQUEST'"
                      + " AND explanation_da LIKE '%unsure if the device works%'"))
          .isEqualTo(1);
      assertThat(Sql.text(db, "SELECT explanation_da FROM alerts WHERE kind = 'CONTACT_REQUEST'"))
          .startsWith("Patienten beder om at blive ringet op: unsure if the device works")
          .endsWith(". Tidligere i samme alarm: more breathless tonight (bekymret)");
    } finally {
      TestServices.dropDatabase(db, server);
    }
  }

  /** The patient's tablet asks to be called, worried, in the patient's own words. */
  private static void callMe(Devices devices, String msgId, String text) {
    devices.publish(
        devices.readingsTopic(CLINIC, "tab-loop-1"),
        new io.vertx.core.json.JsonObject()
            .put("v", 1)
            .put("msgId", msgId)
            .put("kind", "contact")
            .put("measuredAt", Instant.now().toString())
            .put("reason", "worried")
            .put("text", text)
            .encode());
  }
}

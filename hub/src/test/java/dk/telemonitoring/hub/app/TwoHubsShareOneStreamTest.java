package dk.telemonitoring.hub.app;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.hub.config.DbUrl;
import dk.telemonitoring.hub.support.Devices;
import dk.telemonitoring.hub.support.Sql;
import dk.telemonitoring.hub.support.TestHub;
import dk.telemonitoring.hub.support.TestServices;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Mosquitto's shared subscription is not sticky per device, so two hubs see one patient's readings
 * interleaved. Triage and alerts must still come out as if one hub had seen them all: each reading
 * triaged once, one open alert per patient and rule.
 */
class TwoHubsShareOneStreamTest {

  @Test
  void twoHubsSplittingOnePatientsReadingsTriageEachOnceAndOpenOneAlertPerRule() throws Exception {
    Assumptions.assumeTrue(TestServices.brokerIsMosquitto(), "shared subscriptions need Mosquitto");
    DbUrl server = TestServices.postgres();
    DbUrl db = TestServices.freshDatabase(server, "twohubs");
    String topicRoot = TestServices.uniqueTopicRoot();
    try (TestHub a = TestHub.start(TestHub.settings(db, topicRoot, "hub-a-" + UUID.randomUUID()));
        TestHub b = TestHub.start(TestHub.settings(db, topicRoot, "hub-b-" + UUID.randomUUID()));
        Devices devices = new Devices(topicRoot)) {
      a.provision("two", "ox-two-1", "COPD");
      int total = 40;
      Instant start = Instant.now().minus(Duration.ofHours(2));
      for (int i = 0; i < total; i++) {
        double spo2 = i < 20 ? 95 : 82;
        devices.publish(
            devices.readingsTopic("two", "ox-two-1"),
            Devices.spo2(
                "r-" + i, start.plus(Duration.ofMinutes(3L * i)), spo2, i < 20 ? 75 : 112));
      }

      assertThat(
              Sql.awaitCount(
                  db,
                  Duration.ofSeconds(20),
                  n -> n == total,
                  "SELECT count(DISTINCT msg_id) FROM triage_findings"))
          .as("every reading triaged")
          .isEqualTo(total);
      Sql.awaitCount(db, Duration.ofSeconds(10), n -> n == 0, "SELECT count(*) FROM triage_outbox");
      assertThat(received(a)).as("hub a took part").isPositive();
      assertThat(received(b)).as("hub b took part").isPositive();
      assertThat(
              Sql.count(
                  db,
                  "SELECT count(*) FROM (SELECT msg_id FROM triage_findings WHERE decisive"
                      + " GROUP BY msg_id HAVING count(*) > 1) twice"))
          .as("no reading triaged twice")
          .isZero();
      assertThat(
              Sql.count(
                  db,
                  "SELECT count(*) FROM (SELECT patient_id FROM alerts WHERE state <> 'RESOLVED'"
                      + " GROUP BY patient_id HAVING count(*) > 1) dup"))
          .as("one open alert per patient")
          .isZero();
      assertThat(Sql.count(db, "SELECT count(*) FROM alerts WHERE level = 'CRITICAL'"))
          .isPositive();
    } finally {
      TestServices.dropDatabase(db, server);
    }
  }

  private static double received(TestHub hub) {
    return hub.hub().metrics().find("hub_messages_received").counter().count();
  }
}

package dk.telemonitoring.hub.app;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.hub.config.DbUrl;
import dk.telemonitoring.hub.config.Setting;
import dk.telemonitoring.hub.support.Devices;
import dk.telemonitoring.hub.support.HubProcess;
import dk.telemonitoring.hub.support.Sql;
import dk.telemonitoring.hub.support.TestHub;
import dk.telemonitoring.hub.support.TestServices;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * No acknowledged reading goes untriaged: a hub that stored and acknowledged a reading and died
 * before triaging it leaves the reading in the outbox, and the next hub to start triages it and
 * raises the alert.
 */
class TriageSurvivesACrashTest {

  @Test
  void aReadingStoredByAHubThatDiedBeforeTriageIsTriagedByTheNextHub() throws Exception {
    DbUrl server = TestServices.postgres();
    DbUrl db = TestServices.freshDatabase(server, "triagecrash");
    String topicRoot = TestServices.uniqueTopicRoot();
    try {
      // An ingest-only instance stands in for a hub killed in the window between its commit and its
      // triage.
      Map<Setting, String> ingestOnly =
          TestHub.settings(db, topicRoot, "hub-ingest-" + UUID.randomUUID());
      ingestOnly.put(Setting.TRIAGE_ENABLED, "false");
      // Killed before its critical lane ran too: the next hub's lane and triage find the marked
      // row.
      ingestOnly.put(Setting.CRITICAL_LANE_ENABLED, "false");
      try (HubProcess first = new HubProcess(ingestOnly).start();
          Devices devices = new Devices(topicRoot)) {
        provision(db);
        devices.publish(
            devices.readingsTopic("tc", "ox-tc-1"), Devices.spo2("low-1", Instant.now(), 82, 96));
        assertThat(
                Sql.awaitCount(
                    db,
                    Duration.ofSeconds(10),
                    n -> n == 1,
                    "SELECT count(*) FROM triage_outbox WHERE msg_id = 'low-1' AND critical"))
            .as("stored and marked for triage and for the critical lane")
            .isEqualTo(1);
        first.kill();
      }
      assertThat(Sql.count(db, "SELECT count(*) FROM readings WHERE msg_id = 'low-1'"))
          .isEqualTo(2);
      assertThat(Sql.count(db, "SELECT count(*) FROM alerts")).isZero();

      try (TestHub next =
          TestHub.start(TestHub.settings(db, topicRoot, "hub-next-" + UUID.randomUUID()))) {
        assertThat(
                Sql.awaitCount(
                    db, Duration.ofSeconds(10), n -> n == 0, "SELECT count(*) FROM triage_outbox"))
            .as("outbox drained at start-up")
            .isZero();
        assertThat(
                Sql.count(
                    db, "SELECT count(*) FROM triage_findings WHERE msg_id = 'low-1' AND decisive"))
            .isEqualTo(1);
        // CRITICAL pages the on-call doctor at once, so the alert may already be ESCALATED when
        // this looks.
        assertThat(
                Sql.count(
                    db,
                    "SELECT count(*) FROM alerts WHERE level = 'CRITICAL' AND state IN ('OPEN', 'ESCALATED')"))
            .as("one unresolved CRITICAL alert")
            .isEqualTo(1);
      }
    } finally {
      TestServices.dropDatabase(db, server);
    }
  }

  private static void provision(DbUrl db) throws Exception {
    dk.telemonitoring.hub.ingest.HubCrashRedeliveryTest.provision(db, "tc", "ox-tc-1");
  }
}

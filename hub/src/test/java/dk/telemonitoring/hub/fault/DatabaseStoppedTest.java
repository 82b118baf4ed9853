package dk.telemonitoring.hub.fault;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.hub.config.DbUrl;
import dk.telemonitoring.hub.fault.FaultKit.Cohort;
import dk.telemonitoring.hub.support.Sql;
import dk.telemonitoring.hub.support.TestHub;
import dk.telemonitoring.hub.support.TestServices;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * PostgreSQL itself is stopped (fast shutdown: every connection cut) for 30 s under a steady stream
 * and started again. Nobody restarts the hub: its pool, registry listener, batch writer, triage
 * worker and escalation engine must come back by themselves, and the accounting must come out
 * exact.
 *
 * <p>Stops the shared test cluster on 5432, so it is kept short and always restarts it in {@code
 * finally}.
 */
@Timeout(240)
class DatabaseStoppedTest {

  private static final long OUTAGE_MS = 30_000;

  @Test
  void everyAcknowledgedReadingIsStoredOnceAfterPostgresWasStoppedAndStartedAgain()
      throws Exception {
    Assumptions.assumeTrue(
        TestServices.brokerIsMosquitto(), "needs Mosquitto's persistent sessions");
    String pgCtl = FaultKit.controlScript(FaultKit.PG_CTL_ENV);
    DbUrl server = TestServices.postgres();
    DbUrl db = TestServices.freshDatabase(server, "fpgstop");
    String topicRoot = TestServices.uniqueTopicRoot();
    try (TestHub hub =
        TestHub.start(FaultKit.hubSettings(db, topicRoot, "hub-pgstop-" + UUID.randomUUID()))) {
      Cohort cohort = FaultKit.provision(db, "fpgstop", 6, 2);
      try (SteadyStream stream = new SteadyStream(topicRoot, cohort, 80).start()) {
        stream.awaitAcked(400, Duration.ofSeconds(30));
        boolean sawDatabaseDown = false;
        try {
          FaultKit.control(pgCtl, "stop", String.valueOf(server.port()));
          long until = System.currentTimeMillis() + OUTAGE_MS;
          while (System.currentTimeMillis() < until) {
            sawDatabaseDown |= !hub.hub().databaseWritable();
            Sql.sleep(200);
          }
        } finally {
          FaultKit.control(pgCtl, "start", String.valueOf(server.port()));
        }
        assertThat(sawDatabaseDown).as("the hub noticed the database was gone").isTrue();
        stream.awaitAcked(stream.ackedCount() + 400, Duration.ofSeconds(30));
        Set<String> acked = stream.stop();
        Accounting.storedExactlyOnce(db, acked, Duration.ofSeconds(90));
        Accounting.triagedAndAlertedOnce(db, cohort, Duration.ofSeconds(60));
        Accounting.escalatedOnce(db, cohort, Duration.ofSeconds(30));
        assertThat(hub.hub().databaseWritable())
            .as("the hub writes again without a restart")
            .isTrue();
      }
    } finally {
      TestServices.dropDatabase(db, server);
    }
  }
}

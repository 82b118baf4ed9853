package dk.telemonitoring.hub.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.hub.config.DbUrl;
import dk.telemonitoring.hub.config.Setting;
import dk.telemonitoring.hub.support.Devices;
import dk.telemonitoring.hub.support.HubProcess;
import dk.telemonitoring.hub.support.Sql;
import dk.telemonitoring.hub.support.TestHub;
import dk.telemonitoring.hub.support.TestServices;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Acknowledge after commit: a hub killed between receiving and committing loses nothing and
 * duplicates nothing.
 */
public class HubCrashRedeliveryTest {

  private DbUrl server;
  private DbUrl db;

  @BeforeEach
  void database() {
    server = TestServices.postgres();
    db = TestServices.freshDatabase(server, "crash");
  }

  @AfterEach
  void dropDatabase() {
    TestServices.dropDatabase(db, server);
  }

  @Test
  void storesAReadingExactlyOnceWhenTheHubIsKilledBeforeItsCommit() throws Exception {
    String topicRoot = TestServices.uniqueTopicRoot();
    Map<Setting, String> settings =
        TestHub.settings(db, topicRoot, "hub-crash-" + UUID.randomUUID());
    try (HubProcess hub = new HubProcess(settings).start();
        Devices devices = new Devices(topicRoot)) {
      provision(db, "crashclinic", "ox-crash-1");

      try (Connection blocker =
          DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
        blocker.setAutoCommit(false);
        try (Statement st = blocker.createStatement()) {
          // The hub's insert now waits for this lock: it has received the reading but cannot commit
          // it.
          st.execute("LOCK TABLE readings IN EXCLUSIVE MODE");
        }
        devices.publish(
            devices.readingsTopic("crashclinic", "ox-crash-1"),
            Devices.spo2("crash-1", Instant.now(), 91, 97));
        long waiting =
            Sql.awaitCount(
                db,
                Duration.ofSeconds(10),
                n -> n > 0,
                "SELECT count(*) FROM pg_locks WHERE NOT granted AND relation = 'readings'::regclass");
        assertThat(waiting).as("the hub's insert is blocked before commit").isPositive();
        hub.kill();
        blocker.rollback();
      }
      assertThat(Sql.count(db, "SELECT count(*) FROM readings WHERE msg_id = 'crash-1'")).isZero();

      try (HubProcess restarted = new HubProcess(settings).start()) {
        long rows =
            Sql.awaitCount(
                db,
                Duration.ofSeconds(15),
                n -> n == 2,
                "SELECT count(*) FROM readings WHERE msg_id = 'crash-1'");
        assertThat(rows)
            .as("the broker redelivered the unacknowledged reading to the restarted hub")
            .isEqualTo(2);
        devices.publish(
            devices.readingsTopic("crashclinic", "ox-crash-1"),
            Devices.spo2("after-crash", Instant.now(), 95, 80));
        Sql.awaitCount(
            db,
            Duration.ofSeconds(10),
            n -> n == 2,
            "SELECT count(*) FROM readings WHERE msg_id = 'after-crash'");
        assertThat(Sql.count(db, "SELECT count(*) FROM readings WHERE msg_id = 'crash-1'"))
            .isEqualTo(2);
        assertThat(
                Sql.count(db, "SELECT count(*) FROM triage_outbox WHERE msg_id = 'crash-1'")
                    + Sql.count(
                        db,
                        "SELECT count(*) FROM readings WHERE msg_id = 'crash-1' AND code = 'spo2'"))
            .as("marked for triage at most once")
            .isBetween(1L, 2L);
      }
    }
  }

  public static void provision(DbUrl db, String clinic, String device) throws Exception {
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
        Statement st = c.createStatement()) {
      UUID patient = UUID.randomUUID();
      st.execute("INSERT INTO clinics (id, name) VALUES ('" + clinic + "', 'Crash clinic')");
      st.execute(
          "INSERT INTO patients (id, clinic_id, display_name, condition) VALUES ('"
              + patient
              + "', '"
              + clinic
              + "', 'P', 'COPD')");
      st.execute(
          "INSERT INTO devices (id, clinic_id, kind) VALUES ('"
              + device
              + "', '"
              + clinic
              + "', 'OXIMETER')");
      st.execute(
          "INSERT INTO device_bindings (device_id, patient_id, bound_at, bound_by) VALUES ('"
              + device
              + "', '"
              + patient
              + "', now() - interval '1 day', 'test')");
      st.execute("SELECT pg_notify('registry_changed', '" + device + "')");
    }
  }
}

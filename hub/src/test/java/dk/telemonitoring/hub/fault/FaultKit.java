package dk.telemonitoring.hub.fault;

import dk.telemonitoring.alerts.domain.Contact;
import dk.telemonitoring.alerts.domain.OnCallRole;
import dk.telemonitoring.alerts.domain.Rotation;
import dk.telemonitoring.alerts.store.ScheduleStore;
import dk.telemonitoring.hub.config.DbUrl;
import dk.telemonitoring.hub.config.Setting;
import dk.telemonitoring.hub.store.Database;
import dk.telemonitoring.hub.support.TestHub;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Shared pieces of the fault and hostile-input suites: service control scripts, a provisioned
 * cohort.
 */
public final class FaultKit {

  public static final String BROKER_CTL_ENV = "HUB_TEST_BROKER_CTL";
  public static final String PG_CTL_ENV = "HUB_TEST_PG_CTL";

  private FaultKit() {}

  /**
   * The control script a fault test needs, or the test is skipped: these tests stop services other
   * test runs share, so they run only where .ci/env.sh names the scripts (CI, or a developer who
   * started .ci/services-up).
   */
  public static String controlScript(String env) {
    String script = System.getenv(env);
    Assumptions.assumeTrue(
        script != null && !script.isBlank(),
        env
            + " is not set: this fault test stops and starts a real service through .ci's control script; "
            + "run `sudo .ci/services-up && source .ci/env.sh` to include it");
    return script;
  }

  /** Runs a control script (e.g. {@code broker-ctl restart}) and fails loudly if it does. */
  public static void control(String script, String... args) {
    List<String> command = new ArrayList<>();
    command.add(script);
    command.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      boolean done = p.waitFor(120, TimeUnit.SECONDS);
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!done || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Hub settings for the fault suite: the test's settings plus a backup step far beyond the test's
   * length.
   */
  public static Map<Setting, String> hubSettings(DbUrl db, String topicRoot, String clientId) {
    Map<Setting, String> s = TestHub.settings(db, topicRoot, clientId);
    // Only the first escalation step (CRITICAL: the on-call doctor and the nurse at once) fires
    // within a test, so
    // "one notification per alert, recipient and channel" is exact.
    s.put(Setting.ALERTS_DOCTOR_TO_BACKUP, "PT1H");
    s.put(Setting.ALERTS_ENGINE_INTERVAL_MS, "250");
    return s;
  }

  /**
   * Patients of one clinic, one oximeter each; the first {@code sick} of them will send critical
   * readings.
   */
  public record Cohort(String clinic, List<String> devices, Set<String> sickDevices) {

    public boolean sick(String device) {
      return sickDevices.contains(device);
    }
  }

  /**
   * Provisions a cohort straight in the database (the hub must have migrated it already), plus an
   * on-call doctor and nurse reachable in-app only, so escalations are recorded without any outside
   * server.
   */
  public static Cohort provision(DbUrl db, String clinic, int patients, int sick) {
    List<String> devices = new ArrayList<>();
    Set<String> sickDevices = new TreeSet<>();
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
      try (Statement st = c.createStatement()) {
        st.execute("INSERT INTO clinics (id, name) VALUES ('" + clinic + "', 'Fault clinic')");
      }
      for (int i = 0; i < patients; i++) {
        String device = "ox-" + clinic + "-" + i;
        devices.add(device);
        if (i < sick) {
          sickDevices.add(device);
        }
        UUID patient = UUID.randomUUID();
        exec(
            c,
            "INSERT INTO patients (id, clinic_id, display_name, condition) VALUES (?, ?, 'P', 'COPD')",
            patient,
            clinic);
        exec(
            c,
            "INSERT INTO devices (id, clinic_id, kind) VALUES (?, ?, 'OXIMETER')",
            device,
            clinic);
        exec(
            c,
            "INSERT INTO device_bindings (device_id, patient_id, bound_at, bound_by) VALUES (?, ?, now() - interval '3 days', 'test')",
            device,
            patient);
      }
      try (Statement st = c.createStatement()) {
        st.execute("SELECT pg_notify('registry_changed', '')");
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot provision the cohort", e);
    }
    onCall(db, clinic);
    return new Cohort(clinic, List.copyOf(devices), Set.copyOf(sickDevices));
  }

  private static void exec(Connection c, String sql, Object... params) throws SQLException {
    try (PreparedStatement st = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        st.setObject(i + 1, params[i]);
      }
      st.execute();
    }
  }

  private static void onCall(DbUrl db, String clinic) {
    Vertx vertx = Vertx.vertx();
    try {
      Pool pool = Database.pool(vertx, db, 1, "fault-provision-" + UUID.randomUUID());
      ScheduleStore schedules = new ScheduleStore();
      ZoneId cph = ZoneId.of("Europe/Copenhagen");
      LocalDate anchor = LocalDate.now(cph).minusDays(1);
      schedules
          .saveContact(
              pool,
              new Contact("dr-" + clinic, clinic, "Dr On Call", null, null, null, null, true, true))
          .await();
      schedules
          .saveContact(
              pool,
              new Contact("nurse-" + clinic, clinic, "Nurse", null, null, null, null, true, true))
          .await();
      schedules
          .addRotation(
              pool,
              new Rotation(
                  0,
                  clinic,
                  OnCallRole.ONCALL_DOCTOR,
                  cph,
                  anchor,
                  1,
                  List.of(LocalTime.of(8, 0)),
                  List.of("dr-" + clinic)))
          .await();
      schedules
          .addRotation(
              pool,
              new Rotation(
                  0,
                  clinic,
                  OnCallRole.NURSE_ON_DUTY,
                  cph,
                  anchor,
                  1,
                  List.of(LocalTime.of(8, 0)),
                  List.of("nurse-" + clinic)))
          .await();
      pool.close().await();
    } finally {
      vertx.close().await();
    }
  }

  /** A measurement message as the device contract describes it. */
  public static String spo2Message(String msgId, Instant measuredAt, double spo2, double pulse) {
    return "{\"v\":1,\"msgId\":\""
        + msgId
        + "\",\"kind\":\"measurement\",\"measuredAt\":\""
        + measuredAt
        + "\",\"values\":[{\"code\":\"spo2\",\"value\":"
        + spo2
        + ",\"unit\":\"%\"},{\"code\":\"pulse\",\"value\":"
        + pulse
        + ",\"unit\":\"/min\"}]}";
  }
}

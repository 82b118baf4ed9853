package dk.telemonitoring.hub.fault;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.hub.config.DbUrl;
import dk.telemonitoring.hub.fault.FaultKit.Cohort;
import dk.telemonitoring.hub.support.Sql;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The end of every fault test: what the broker acknowledged to a device against what is in the
 * database. Stored exactly once, triaged exactly once, one open alert per patient and rule, one
 * notification per alert, recipient and channel.
 */
public final class Accounting {

  private Accounting() {}

  /** Rows per message of the steady stream (spo2 and pulse). */
  public static final int ROWS_PER_MESSAGE = 2;

  /**
   * Waits until every acknowledged message is stored, then checks none is missing and none stored
   * twice. A message the broker never acknowledged may be stored (the device re-sent it, or the
   * PUBACK was lost) but also only once.
   */
  public static void storedExactlyOnce(DbUrl db, Set<String> acked, Duration timeout) {
    Map<String, Integer> rows = Map.of();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      rows = rowsPerMessage(db);
      if (rows.keySet().containsAll(acked)) {
        break;
      }
      Sql.sleep(250);
    }
    Set<String> missing = new TreeSet<>(acked);
    missing.removeAll(rows.keySet());
    Set<String> wrongCount = new TreeSet<>();
    rows.forEach(
        (key, n) -> {
          if (n != ROWS_PER_MESSAGE) {
            wrongCount.add(key + "=" + n);
          }
        });
    assertThat(missing)
        .as("acknowledged by the broker but not stored (of %d acknowledged)", acked.size())
        .isEmpty();
    assertThat(wrongCount)
        .as("messages not stored exactly once (%d rows each expected)", ROWS_PER_MESSAGE)
        .isEmpty();
  }

  /**
   * Every stored message triaged once (outbox drained), one open alert per patient and rule, sick
   * patients alerted.
   */
  public static void triagedAndAlertedOnce(DbUrl db, Cohort cohort, Duration timeout) {
    long outbox = Sql.awaitCount(db, timeout, n -> n == 0, "SELECT count(*) FROM triage_outbox");
    assertThat(outbox).as("triage outbox drained").isZero();
    long storedMessages =
        Sql.count(db, "SELECT count(*) FROM (SELECT DISTINCT device_id, msg_id FROM readings) m");
    long triagedMessages =
        Sql.count(
            db, "SELECT count(*) FROM (SELECT DISTINCT device_id, msg_id FROM triage_findings) t");
    assertThat(triagedMessages).as("every stored message triaged").isEqualTo(storedMessages);
    assertThat(
            Sql.count(
                db,
                "SELECT count(*) FROM (SELECT device_id, msg_id FROM triage_findings WHERE decisive"
                    + " GROUP BY 1, 2 HAVING count(*) > 1) twice"))
        .as("no message triaged twice")
        .isZero();
    assertThat(
            Sql.count(
                db,
                "SELECT count(*) FROM (SELECT patient_id FROM alerts WHERE state <> 'RESOLVED'"
                    + " GROUP BY 1 HAVING count(*) > 1) dup"))
        .as("one open alert per patient")
        .isZero();
    assertThat(
            Sql.count(
                db,
                "SELECT count(DISTINCT a.patient_id) FROM alerts a JOIN device_bindings b"
                    + " ON b.patient_id = a.patient_id WHERE a.level = 'CRITICAL' AND b.device_id = ANY(?)",
                (Object) cohort.sickDevices().toArray(String[]::new)))
        .as("every sick patient has a CRITICAL alert")
        .isEqualTo(cohort.sickDevices().size());
  }

  /**
   * Each open CRITICAL alert paged its recipients, and nobody was paged twice on one channel for
   * one arming of the alert's escalation (a generation: opening, or a rise to a worse level, which
   * pages again by design).
   */
  public static void escalatedOnce(DbUrl db, Cohort cohort, Duration timeout) {
    long unpaged =
        Sql.awaitCount(
            db,
            timeout,
            n -> n == 0,
            "SELECT count(*) FROM alerts a WHERE a.level = 'CRITICAL'"
                + " AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.alert_id = a.id AND n.person_id = ?)",
            "dr-" + cohort.clinic());
    assertThat(unpaged).as("CRITICAL alerts without a page to the on-call doctor").isZero();
    // dedup_key is alert:generation:phase:step:repeat:person:channel.
    assertThat(
            Sql.count(
                db,
                "SELECT count(*) FROM (SELECT alert_id, split_part(dedup_key, ':', 2), person_id, channel"
                    + " FROM notifications GROUP BY 1, 2, 3, 4 HAVING count(*) > 1) twice"))
        .as("a recipient paged twice for one arming of an alert")
        .isZero();
    assertThat(Sql.count(db, "SELECT count(*) FROM notifications WHERE status = 'DEAD'"))
        .as("dead notifications")
        .isZero();
  }

  public static Map<String, Integer> rowsPerMessage(DbUrl db) {
    Map<String, Integer> rows = new HashMap<>();
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT device_id || '|' || msg_id, count(*) FROM readings GROUP BY 1")) {
      while (rs.next()) {
        rows.put(rs.getString(1), rs.getInt(2));
      }
    } catch (SQLException e) {
      // The database may still be coming back: report nothing yet, the caller polls.
      return Map.of();
    }
    return rows;
  }
}

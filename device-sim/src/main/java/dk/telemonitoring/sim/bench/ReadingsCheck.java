package dk.telemonitoring.sim.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.HdrHistogram.Histogram;

/**
 * What the hub stored for a run, read from its {@code readings} table by the run's msgId prefix:
 * the zero-loss check (every acknowledged publish stored exactly once per value) and, as a fallback
 * when the hub sends no receipts, latency from {@code sent_at} (the intended time) to {@code
 * stored_at}.
 */
final class ReadingsCheck {
  record Counts(long rows, long distinctMessages, Timestamp firstStored, Timestamp lastStored) {}

  record Loss(long missing, long duplicated) {
    boolean zero() {
      return missing == 0 && duplicated == 0;
    }
  }

  private ReadingsCheck() {}

  /**
   * Rows of this run only: its msgId prefix, within its measurement times, so the
   * readings_clinic_time index and chunk exclusion keep these queries small however large readings
   * grows (they run while the hub catches up).
   */
  private static final String RUN_ROWS =
      " FROM readings WHERE clinic_id = ? AND measured_at BETWEEN ? AND ? " + "AND msg_id LIKE ?";

  private static int bind(PreparedStatement s, BenchPlan plan, String clinic, Instant from)
      throws SQLException {
    s.setString(1, clinic);
    s.setTimestamp(2, Timestamp.from(from.minusSeconds(1)));
    s.setTimestamp(3, Timestamp.from(from.plusSeconds(plan.durationSeconds() + 60L)));
    s.setString(4, plan.msgIdPrefix() + "%");
    return 5;
  }

  static Counts counts(Connection c, BenchPlan plan, String clinic, Instant from)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT count(*), count(DISTINCT msg_id), min(stored_at), "
                + "max(stored_at)"
                + RUN_ROWS)) {
      bind(s, plan, clinic, from);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return new Counts(r.getLong(1), r.getLong(2), r.getTimestamp(3), r.getTimestamp(4));
      }
    }
  }

  /** Every acknowledged message must have exactly {@link BenchPlan#ROWS_PER_MESSAGE} rows. */
  static Loss loss(
      Connection c, BenchPlan plan, String clinic, Instant from, AtomicIntegerArray acked)
      throws SQLException {
    int[] rows = new int[plan.messageCount()];
    try (PreparedStatement s =
        c.prepareStatement("SELECT msg_id, count(*)" + RUN_ROWS + " GROUP BY msg_id")) {
      bind(s, plan, clinic, from);
      s.setFetchSize(10_000);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          int i = plan.indexOf(r.getString(1));
          if (i >= 0 && i < rows.length) {
            rows[i] = r.getInt(2);
          }
        }
      }
    }
    long missing = 0;
    long duplicated = 0;
    for (int i = 0; i < rows.length; i++) {
      if (acked.get(i) == 1 && rows[i] < BenchPlan.ROWS_PER_MESSAGE) {
        missing++;
      }
      if (rows[i] > BenchPlan.ROWS_PER_MESSAGE) {
        duplicated++;
      }
    }
    return new Loss(missing, duplicated);
  }

  static Histogram storedLatency(Connection c, BenchPlan plan, String clinic, Instant from)
      throws SQLException {
    Histogram h = new Histogram(3_600_000_000L, 3);
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT extract(epoch FROM (stored_at - sent_at)) * 1e6"
                + RUN_ROWS
                + " AND code = 'spo2' AND stored_at IS NOT NULL AND sent_at IS NOT NULL")) {
      bind(s, plan, clinic, from);
      s.setFetchSize(10_000);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          h.recordValue(Math.max(0, Math.min(3_600_000_000L, (long) r.getDouble(1))));
        }
      }
    }
    return h;
  }
}

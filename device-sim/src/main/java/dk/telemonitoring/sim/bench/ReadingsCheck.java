package dk.telemonitoring.sim.bench;

import org.HdrHistogram.Histogram;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * What the hub stored for a run, read from its {@code readings} table by the run's msgId prefix: the zero-loss
 * check (every acknowledged publish stored exactly once per value) and, as a fallback when the hub sends no
 * receipts, latency from {@code sent_at} (the intended time) to {@code stored_at}.
 */
final class ReadingsCheck {
    record Counts(long rows, long distinctMessages, Timestamp firstStored, Timestamp lastStored) {
    }

    record Loss(long missing, long duplicated) {
        boolean zero() {
            return missing == 0 && duplicated == 0;
        }
    }

    private ReadingsCheck() {
    }

    static Counts counts(Connection c, BenchPlan plan) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT count(*), count(DISTINCT msg_id), min(stored_at), "
                + "max(stored_at) FROM readings WHERE msg_id LIKE ?")) {
            s.setString(1, plan.msgIdPrefix() + "%");
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return new Counts(r.getLong(1), r.getLong(2), r.getTimestamp(3), r.getTimestamp(4));
            }
        }
    }

    /** Every acknowledged message must have exactly {@link BenchPlan#ROWS_PER_MESSAGE} rows. */
    static Loss loss(Connection c, BenchPlan plan, AtomicIntegerArray acked) throws SQLException {
        int[] rows = new int[plan.messageCount()];
        try (PreparedStatement s = c.prepareStatement(
                "SELECT msg_id, count(*) FROM readings WHERE msg_id LIKE ? GROUP BY msg_id")) {
            s.setString(1, plan.msgIdPrefix() + "%");
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

    static Histogram storedLatency(Connection c, BenchPlan plan) throws SQLException {
        Histogram h = new Histogram(3_600_000_000L, 3);
        try (PreparedStatement s = c.prepareStatement("SELECT extract(epoch FROM (stored_at - sent_at)) * 1e6 "
                + "FROM readings WHERE msg_id LIKE ? AND code = 'spo2' AND stored_at IS NOT NULL "
                + "AND sent_at IS NOT NULL")) {
            s.setString(1, plan.msgIdPrefix() + "%");
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

package dk.telemonitoring.sim.bench;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The bench's own tables, shaped like the hub's {@code readings} (same columns and unique key), so the database
 * and bare-pipe limits write the same rows the hub writes.
 */
final class ScratchTables {
    static final String COPY_TABLE = "bench_copy_readings";
    static final String BARE_TABLE = "bench_bare_readings";
    static final String COLUMNS = "measured_at, device_id, msg_id, code, patient_id, clinic_id, value, unit, "
            + "received_at, stored_at, sent_at";

    private ScratchTables() {
    }

    static void recreate(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + table + " (measured_at timestamptz NOT NULL, "
                    + "device_id text NOT NULL, msg_id text NOT NULL, code text NOT NULL, patient_id uuid, "
                    + "clinic_id text, value double precision, unit text, received_at timestamptz, "
                    + "stored_at timestamptz DEFAULT now(), sent_at timestamptz, "
                    + "UNIQUE (device_id, msg_id, code, measured_at))");
            s.execute("TRUNCATE " + table);
        }
    }

    /** One row in COPY text format. */
    static void appendRow(StringBuilder sb, String measuredAt, String deviceId, String msgId, String code,
                          String clinic, double value, String unit, String receivedAt, String sentAt) {
        sb.append(measuredAt).append('\t').append(deviceId).append('\t').append(msgId).append('\t')
                .append(code).append('\t').append("\\N").append('\t').append(clinic).append('\t')
                .append(value).append('\t').append(unit).append('\t').append(receivedAt).append('\t')
                .append(receivedAt).append('\t').append(sentAt).append('\n');
    }
}

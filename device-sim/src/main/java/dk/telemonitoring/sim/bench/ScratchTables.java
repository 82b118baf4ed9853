package dk.telemonitoring.sim.bench;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The bench's own tables, shaped like the hub's {@code readings} (same columns and unique key), so
 * the database and bare-pipe limits write the same rows the hub writes.
 */
final class ScratchTables {
  static final String COPY_TABLE = "bench_copy_readings";
  static final String BARE_TABLE = "bench_bare_readings";
  static final String COLUMNS =
      "measured_at, device_id, msg_id, code, patient_id, clinic_id, value, unit, "
          + "received_at, stored_at, sent_at";

  /** readings.patient_id is NOT NULL; the limit runs have no patient. */
  static final String BENCH_PATIENT = "00000000-0000-0000-0000-0000000be4c0";

  private ScratchTables() {}

  /**
   * A fresh table with the hub's {@code readings} definition (columns, primary key, indexes) and,
   * when {@code readings} is a TimescaleDB hypertable, the same chunking: the limits write into
   * what the hub writes into, minus its data.
   */
  static void recreate(Connection c, String table) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS " + table);
      s.execute(
          "CREATE TABLE "
              + table
              + " (LIKE readings INCLUDING DEFAULTS INCLUDING CONSTRAINTS "
              + "INCLUDING INDEXES)");
      boolean hypertable;
      try (var r =
          s.executeQuery(
              "SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb')")) {
        r.next();
        hypertable = r.getBoolean(1);
      }
      if (hypertable) {
        try (var r =
            s.executeQuery(
                "SELECT time_interval FROM timescaledb_information.dimensions "
                    + "WHERE hypertable_name = 'readings' AND column_name = 'measured_at'")) {
          hypertable = r.next();
          if (hypertable) {
            String interval = r.getString(1);
            s.execute(
                "SELECT create_hypertable('"
                    + table
                    + "', 'measured_at', chunk_time_interval => "
                    + "interval '"
                    + interval
                    + "')");
          }
        }
      }
    }
  }

  /** One row in COPY text format. */
  static void appendRow(
      StringBuilder sb,
      String measuredAt,
      String deviceId,
      String msgId,
      String code,
      String clinic,
      double value,
      String unit,
      String receivedAt,
      String sentAt) {
    sb.append(measuredAt)
        .append('\t')
        .append(deviceId)
        .append('\t')
        .append(msgId)
        .append('\t')
        .append(code)
        .append('\t')
        .append(BENCH_PATIENT)
        .append('\t')
        .append(clinic)
        .append('\t')
        .append(value)
        .append('\t')
        .append(unit)
        .append('\t')
        .append(receivedAt)
        .append('\t')
        .append(receivedAt)
        .append('\t')
        .append(sentAt)
        .append('\n');
  }
}

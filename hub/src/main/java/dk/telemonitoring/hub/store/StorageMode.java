package dk.telemonitoring.hub.store;

/**
 * Where readings live: a TimescaleDB hypertable when the extension is there, else a plain indexed
 * table.
 */
public enum StorageMode {
  TIMESCALEDB,
  PLAIN_POSTGRESQL;

  public String label() {
    return this == TIMESCALEDB ? "timescaledb" : "plain-postgresql";
  }
}

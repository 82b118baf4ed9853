package dk.telemonitoring.hub.store;

import dk.telemonitoring.hub.config.DbUrl;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the schema up to date (Flyway) and turns readings into a hypertable where TimescaleDB can
 * be used. Blocking JDBC: callers run it off the event loop, once at start-up.
 */
public final class SchemaSetup {

  private static final Logger LOG = LoggerFactory.getLogger(SchemaSetup.class);

  private SchemaSetup() {}

  public static StorageMode migrate(DbUrl db, boolean timescaleAllowed) {
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
      CommentOnlyMigrationEdits.apply(c);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "could not read the migration history: " + TlsFailure.explain(e, db), e);
    }
    Flyway.configure()
        .dataSource(db.jdbcUrl(), db.user(), db.password())
        .locations("classpath:db/migration")
        .load()
        .migrate();
    StorageMode mode = timescaleAllowed ? tryTimescale(db) : StorageMode.PLAIN_POSTGRESQL;
    LOG.info("storage mode [mode: {}, database: {}]", mode.label(), db);
    return mode;
  }

  private static StorageMode tryTimescale(DbUrl db) {
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
        Statement st = c.createStatement()) {
      try {
        st.execute("CREATE EXTENSION IF NOT EXISTS timescaledb");
      } catch (SQLException e) {
        // Managed PostgreSQL often lacks the extension, or it is installed but not preloaded: run
        // plain.
        LOG.warn(
            "timescaledb not usable, running on plain postgresql [reason: {}]",
            e.getMessage().lines().findFirst().orElse(""));
        return StorageMode.PLAIN_POSTGRESQL;
      }
      st.execute(
          "SELECT create_hypertable('readings', 'measured_at', chunk_time_interval => INTERVAL '7 days',"
              + " if_not_exists => TRUE, migrate_data => TRUE)");
      return StorageMode.TIMESCALEDB;
    } catch (SQLException e) {
      throw new IllegalStateException("could not prepare the readings table: " + e.getMessage(), e);
    }
  }
}

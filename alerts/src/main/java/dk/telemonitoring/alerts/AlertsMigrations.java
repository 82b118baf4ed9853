package dk.telemonitoring.alerts;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Runs the module's own migrations ({@code classpath:db/alerts}) with their own history table
 * {@code alerts_schema_history}, so they live beside the hub's migrations in one database without
 * interfering. Blocking (JDBC): call it at start-up before deploying verticles, or inside {@code
 * executeBlocking}.
 */
public final class AlertsMigrations {

  public static final String HISTORY_TABLE = "alerts_schema_history";
  public static final String LOCATION = "classpath:db/alerts";

  private AlertsMigrations() {}

  /**
   * @param jdbcUrl e.g. {@code jdbc:postgresql://127.0.0.1:5432/tm}
   */
  public static MigrateResult migrate(String jdbcUrl, String user, String password) {
    return Flyway.configure(AlertsMigrations.class.getClassLoader())
        .dataSource(jdbcUrl, user, password)
        .table(HISTORY_TABLE)
        .locations(LOCATION)
        .baselineOnMigrate(true)
        .baselineVersion("0")
        .load()
        .migrate();
  }
}

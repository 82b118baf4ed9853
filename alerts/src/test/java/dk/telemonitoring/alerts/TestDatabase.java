package dk.telemonitoring.alerts;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.UUID;

/**
 * A fresh database per test class on the shared server at HUB_TEST_PG_URL, migrated, and dropped
 * afterwards.
 */
public final class TestDatabase implements AutoCloseable {

  public final String host;
  public final int port;
  public final String user;
  public final String password;
  public final String name;

  private TestDatabase(String host, int port, String user, String password, String name) {
    this.host = host;
    this.port = port;
    this.user = user;
    this.password = password;
    this.name = name;
  }

  public static TestDatabase create() throws Exception {
    TestDatabase db = createEmpty();
    AlertsMigrations.migrate(db.jdbcUrl(db.name), db.user, db.password);
    return db;
  }

  /** A fresh database without the module's tables, for a test that migrates it step by step. */
  public static TestDatabase createEmpty() throws Exception {
    String url = System.getenv("HUB_TEST_PG_URL");
    assumeTrue(
        url != null && !url.isBlank(),
        "HUB_TEST_PG_URL is not set: skipping PostgreSQL tests (source .ci/env.sh after .ci/services-up)");
    URI uri = URI.create(url.replaceFirst("^jdbc:", ""));
    String[] userInfo = uri.getUserInfo().split(":", 2);
    TestDatabase db =
        new TestDatabase(
            uri.getHost(),
            uri.getPort() < 0 ? 5432 : uri.getPort(),
            userInfo[0],
            userInfo.length > 1 ? userInfo[1] : "",
            "alerts_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12));
    try (Connection c =
            DriverManager.getConnection(
                db.jdbcUrl(uri.getPath().substring(1)), db.user, db.password);
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + db.name);
    }
    return db;
  }

  public String jdbcUrl(String database) {
    return "jdbc:postgresql://" + host + ":" + port + "/" + database;
  }

  public Pool pool(Vertx vertx, int size) {
    return PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(size))
        .connectingTo(
            new PgConnectOptions()
                .setHost(host)
                .setPort(port)
                .setDatabase(name)
                .setUser(user)
                .setPassword(password))
        .using(vertx)
        .build();
  }

  @Override
  public void close() throws Exception {
    try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), user, password);
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }
  }
}

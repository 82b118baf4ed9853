package dk.telemonitoring.hub.store;

import dk.telemonitoring.hub.config.DbUrl;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.ClientSSLOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.SqlClient;

/** The reactive connection pool every store shares. */
public final class Database {

  private Database() {}

  public static PgConnectOptions connectOptions(DbUrl db) {
    PgConnectOptions options =
        new PgConnectOptions()
            .setHost(db.host())
            .setPort(db.port())
            .setDatabase(db.database())
            .setUser(db.user())
            .setPassword(db.password())
            .setCachePreparedStatements(true)
            .setPipeliningLimit(64)
            .setReconnectAttempts(0);
    applyTls(options, db);
    return options;
  }

  /**
   * libpq's sslmode semantics: require encrypts without checking the certificate, verify-ca checks
   * it against the CA, verify-full also checks the host name.
   */
  private static void applyTls(PgConnectOptions options, DbUrl db) {
    if (db.sslMode().isEmpty()) {
      return;
    }
    SslMode mode = SslMode.of(db.sslMode());
    options.setSslMode(mode);
    // PgConnectOptions has no SSL options until given some: setting them on null was the crash
    // that kept sslmode from ever working.
    ClientSSLOptions ssl = new ClientSSLOptions();
    options.setSslOptions(ssl);
    if (mode == SslMode.VERIFY_CA || mode == SslMode.VERIFY_FULL) {
      if (!db.sslRootCert().isEmpty()) {
        ssl.setTrustOptions(new PemTrustOptions().addCertPath(db.sslRootCert()));
      }
      ssl.setHostnameVerificationAlgorithm(mode == SslMode.VERIFY_FULL ? "HTTPS" : "");
    } else if (mode != SslMode.DISABLE) {
      ssl.setTrustAll(true);
    }
  }

  /**
   * @param name also the connections' {@code application_name}: an operator reading {@code
   *     pg_stat_activity} sees which of the hub's pools (triage, the critical lane, the live push)
   *     a session belongs to and what it waits for
   */
  public static Pool pool(Vertx vertx, DbUrl db, int size, String name) {
    return PgBuilder.pool()
        .with(
            new PoolOptions()
                .setMaxSize(size)
                .setName(name)
                .setShared(false)
                .setMaxWaitQueueSize(10_000)
                .setConnectionTimeout(5)
                .setIdleTimeout(60))
        .connectingTo(connectOptions(db).addProperty("application_name", name))
        .using(vertx)
        .build();
  }

  /** Succeeds when the database answers a trivial query. */
  public static Future<Void> ping(SqlClient client) {
    return client.query("SELECT 1").execute().mapEmpty();
  }
}

package dk.telemonitoring.hub.store;

import dk.telemonitoring.hub.config.DbUrl;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;

/** The reactive connection pool every store shares. */
public final class Database {

  private Database() {}

  public static PgConnectOptions connectOptions(DbUrl db) {
    return new PgConnectOptions()
        .setHost(db.host())
        .setPort(db.port())
        .setDatabase(db.database())
        .setUser(db.user())
        .setPassword(db.password())
        .setCachePreparedStatements(true)
        .setPipeliningLimit(64)
        .setReconnectAttempts(0);
  }

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
        .connectingTo(connectOptions(db))
        .using(vertx)
        .build();
  }
}

package dk.telemonitoring.hub.support;

import dk.telemonitoring.hub.config.DbUrl;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;

/** A reactive pool on a test database, for tests that drive triage or alerts without a hub. */
public final class TestPools {

  private TestPools() {}

  public static Pool of(Vertx vertx, DbUrl db, int maxSize) {
    return PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(maxSize))
        .connectingTo(
            new PgConnectOptions()
                .setHost(db.host())
                .setPort(db.port())
                .setDatabase(db.database())
                .setUser(db.user())
                .setPassword(db.password()))
        .using(vertx)
        .build();
  }
}

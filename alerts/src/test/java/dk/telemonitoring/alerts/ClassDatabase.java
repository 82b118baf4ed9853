package dk.telemonitoring.alerts;

import static dk.telemonitoring.alerts.Await.await;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A migrated database of its own ({@link TestDatabase}) and a Vert.x for one test class, created
 * before its {@code @BeforeAll} methods and closed after the class, Vert.x (and with it every pool
 * on it) before the database is dropped. Register it with {@code @RegisterExtension static final}.
 */
public final class ClassDatabase implements BeforeAllCallback, AfterAllCallback {

  private TestDatabase database;
  private Vertx vertx;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    database = TestDatabase.create();
    vertx = Vertx.vertx();
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    try {
      if (vertx != null) await(vertx.close());
    } finally {
      if (database != null) database.close();
    }
  }

  public Vertx vertx() {
    return vertx;
  }

  /** A pool of {@code size} connections to the class's database, on the class's Vert.x. */
  public Pool pool(int size) {
    return database.pool(vertx, size);
  }

  /** A pool on another Vert.x (a second hub, say); its owner closes that Vert.x. */
  public Pool pool(Vertx other, int size) {
    return database.pool(other, size);
  }

  public TestDatabase database() {
    return database;
  }
}

package dk.telemonitoring.hub.triage.worker;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * A database of its own on a real PostgreSQL (HUB_TEST_PG_URL) for the worker and scanner tests, a
 * new patient per test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
abstract class TriageDbFixture {

  protected static final Instant NOW = Instant.parse("2026-03-30T10:00:00Z");
  private String adminJdbc;
  private String jdbc;
  private String user;
  private String password;
  private String dbName;
  protected Vertx vertx;
  protected Pool pool;
  protected UUID patient;
  private int msg;

  @BeforeAll
  void createDatabase() throws Exception {
    String url = System.getenv("HUB_TEST_PG_URL");
    assumeTrue(
        url != null && !url.isBlank(),
        "HUB_TEST_PG_URL is not set: skipping triage database tests (source .ci/env.sh after .ci/services-up)");
    URI uri = URI.create(url);
    String[] userInfo = uri.getUserInfo().split(":", 2);
    user = userInfo[0];
    password = userInfo.length > 1 ? userInfo[1] : "";
    int port = uri.getPort() < 0 ? 5432 : uri.getPort();
    adminJdbc = "jdbc:postgresql://" + uri.getHost() + ":" + port + uri.getPath();
    dbName = "triage_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = DriverManager.getConnection(adminJdbc, user, password);
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + dbName);
    }
    jdbc = "jdbc:postgresql://" + uri.getHost() + ":" + port + "/" + dbName;
    Flyway.configure()
        .dataSource(jdbc, user, password)
        .locations("classpath:db/migration")
        .load()
        .migrate();
    vertx = Vertx.vertx();
    pool =
        PgBuilder.pool()
            .with(new PoolOptions().setMaxSize(6))
            .connectingTo(
                new PgConnectOptions()
                    .setHost(uri.getHost())
                    .setPort(port)
                    .setDatabase(dbName)
                    .setUser(user)
                    .setPassword(password))
            .using(vertx)
            .build();
  }

  @AfterAll
  void dropDatabase() throws Exception {
    if (pool != null) await(pool.close());
    if (vertx != null) await(vertx.close());
    if (dbName != null) {
      try (Connection c = DriverManager.getConnection(adminJdbc, user, password);
          Statement s = c.createStatement()) {
        s.execute("DROP DATABASE IF EXISTS " + dbName + " WITH (FORCE)");
      }
    }
  }

  @BeforeEach
  void newPatient() throws Exception {
    patient = createPatient();
  }

  protected UUID createPatient() throws Exception {
    UUID id = UUID.randomUUID();
    sql("INSERT INTO clinics (id, name) VALUES ('vios', 'Vios') ON CONFLICT DO NOTHING");
    sql(
        "INSERT INTO patients (id, clinic_id, display_name, condition, language, enrolled_at) VALUES ('"
            + id
            + "', 'vios', 'Test', 'COPD', 'da', '2026-02-01T08:00:00Z')");
    sql(
        "INSERT INTO devices (id, clinic_id, kind, last_seen_at) VALUES ('ox-"
            + id
            + "', 'vios', 'OXIMETER', '"
            + NOW.minus(Duration.ofHours(1))
            + "')");
    sql(
        "INSERT INTO device_bindings (device_id, patient_id, bound_at, bound_by) VALUES ('ox-"
            + id
            + "', '"
            + id
            + "', '2026-02-01T08:00:00Z', 'test')");
    return id;
  }

  protected TriageWorker worker(LoggingAlertSink sink) {
    return new TriageWorker(
        vertx,
        pool,
        sink,
        new dk.telemonitoring.hub.triage.engine.TriageEngine(
            dk.telemonitoring.hub.triage.TriageConfig.full()),
        50,
        Duration.ofSeconds(60),
        Clock.fixed(NOW, ZoneOffset.UTC));
  }

  /** Stores a reading and its outbox row as the ingest does (same transaction). */
  protected String reading(Instant at, String code, double value, String context) throws Exception {
    return reading(patient, at, code, value, context);
  }

  protected String reading(UUID patient, Instant at, String code, double value, String context)
      throws Exception {
    String msgId = "m" + (++msg);
    String device = "ox-" + patient;
    try (Connection c = DriverManager.getConnection(jdbc, user, password);
        Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      s.execute(
          "INSERT INTO readings (measured_at, device_id, msg_id, code, patient_id, clinic_id, value, unit, received_at, context) VALUES ('"
              + at
              + "', '"
              + device
              + "', '"
              + msgId
              + "', '"
              + code
              + "', '"
              + patient
              + "', 'vios', "
              + value
              + ", '%', '"
              + at
              + "', "
              + (context == null ? "NULL" : "'" + context + "'::jsonb")
              + ")");
      s.execute(
          "INSERT INTO triage_outbox (patient_id, device_id, msg_id, measured_at, kind) VALUES ('"
              + patient
              + "', '"
              + device
              + "', '"
              + msgId
              + "', '"
              + at
              + "', 'reading')");
      c.commit();
    }
    return msgId;
  }

  protected void sql(String s) throws Exception {
    try (Connection c = DriverManager.getConnection(jdbc, user, password);
        Statement st = c.createStatement()) {
      st.execute(s);
    }
  }

  protected long count(String q) throws Exception {
    try (Connection c = DriverManager.getConnection(jdbc, user, password);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(q)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  protected String text(String q) throws Exception {
    try (Connection c = DriverManager.getConnection(jdbc, user, password);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(q)) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  protected static <T> T await(Future<T> f) throws Exception {
    try {
      return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw (e.getCause() instanceof Exception ex) ? ex : e;
    }
  }
}

package dk.telemonitoring.hub.support;

import dk.telemonitoring.hub.config.DbUrl;
import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.UUID;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The one place that decides where tests get their servers: URLs from the environment (as .ci/run
 * sets them), else Testcontainers when a Docker engine is available, else an embedded broker
 * (Moquette) and an embedded PostgreSQL. One instance of each per test run.
 */
public final class TestServices {

  public static final String PG_URL_ENV = "HUB_TEST_PG_URL";
  public static final String PG_PLAIN_URL_ENV = "HUB_TEST_PG_PLAIN_URL";
  public static final String MQTT_URL_ENV = "HUB_TEST_MQTT_URL";

  private static DbUrl timescale;
  private static DbUrl plain;
  private static String mqtt;
  private static boolean mqttIsMosquitto;

  private TestServices() {}

  /**
   * PostgreSQL with TimescaleDB where it can be had (environment or container); plain embedded
   * otherwise.
   */
  public static synchronized DbUrl postgres() {
    if (timescale == null) {
      String env = System.getenv(PG_URL_ENV);
      if (env != null && !env.isBlank()) {
        timescale = DbUrl.parse(env, null, null);
      } else if (dockerAvailable()) {
        PostgreSQLContainer<?> c =
            new PostgreSQLContainer<>(
                DockerImageName.parse("timescale/timescaledb:2.17.2-pg15")
                    .asCompatibleSubstituteFor("postgres"));
        c.start();
        timescale = DbUrl.parse(c.getJdbcUrl(), c.getUsername(), c.getPassword());
      } else {
        timescale = embeddedPostgres();
      }
    }
    return timescale;
  }

  public static boolean timescaleAvailable() {
    String env = System.getenv(PG_URL_ENV);
    return (env != null && !env.isBlank()) || dockerAvailable();
  }

  /** PostgreSQL without the TimescaleDB extension. */
  public static synchronized DbUrl plainPostgres() {
    if (plain == null) {
      String env = System.getenv(PG_PLAIN_URL_ENV);
      if (env != null && !env.isBlank()) {
        plain = DbUrl.parse(env, null, null);
      } else if (dockerAvailable()) {
        PostgreSQLContainer<?> c = new PostgreSQLContainer<>(DockerImageName.parse("postgres:15"));
        c.start();
        plain = DbUrl.parse(c.getJdbcUrl(), c.getUsername(), c.getPassword());
      } else {
        plain = embeddedPostgres();
      }
    }
    return plain;
  }

  public static synchronized String mqttUrl() {
    if (mqtt == null) {
      String env = System.getenv(MQTT_URL_ENV);
      if (env != null && !env.isBlank()) {
        mqtt = env;
        mqttIsMosquitto = true;
      } else if (dockerAvailable()) {
        GenericContainer<?> c =
            new GenericContainer<>(DockerImageName.parse("eclipse-mosquitto:2.0"))
                .withExposedPorts(1883)
                .withCopyToContainer(
                    org.testcontainers.utility.MountableFile.forClasspathResource(
                        "mosquitto-test.conf"),
                    "/mosquitto/config/mosquitto.conf");
        c.start();
        mqtt = "tcp://" + c.getHost() + ":" + c.getMappedPort(1883);
        mqttIsMosquitto = true;
      } else {
        mqtt = embeddedBroker();
      }
    }
    return mqtt;
  }

  /** Shared subscriptions and Mosquitto's queueing guarantees: only the real broker has them. */
  public static boolean brokerIsMosquitto() {
    mqttUrl();
    return mqttIsMosquitto;
  }

  /** A new, empty database on the given server, for one test class. */
  public static DbUrl freshDatabase(DbUrl server, String prefix) {
    String name = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c =
            DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password());
        Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot create test database on " + server + ": " + e.getMessage(), e);
    }
    return server.withDatabase(name);
  }

  public static void dropDatabase(DbUrl db, DbUrl server) {
    try (Connection c =
            DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password());
        Statement st = c.createStatement()) {
      st.execute("DROP DATABASE IF EXISTS " + db.database() + " WITH (FORCE)");
    } catch (SQLException e) {
      // A leftover test database is harmless; never fail a test on cleanup.
    }
  }

  public static String uniqueTopicRoot() {
    return "t" + UUID.randomUUID().toString().substring(0, 8) + "/v1";
  }

  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (Throwable t) {
      return false;
    }
  }

  private static DbUrl embeddedPostgres() {
    try {
      EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      pg.close();
                    } catch (IOException ignored) {
                      // exiting anyway
                    }
                  }));
      return new DbUrl("localhost", pg.getPort(), "postgres", "postgres", "postgres");
    } catch (IOException e) {
      throw new IllegalStateException("cannot start embedded PostgreSQL", e);
    }
  }

  private static String embeddedBroker() {
    try {
      int port = freePort();
      Properties p = new Properties();
      p.setProperty("port", String.valueOf(port));
      p.setProperty("host", "127.0.0.1");
      p.setProperty("allow_anonymous", "true");
      p.setProperty("telemetry_enabled", "false");
      p.setProperty("persistence_enabled", "true");
      p.setProperty("data_path", Files.createTempDirectory("moquette").toString());
      Server server = new Server();
      server.startServer(new MemoryConfig(p));
      Runtime.getRuntime().addShutdownHook(new Thread(server::stopServer));
      return "tcp://127.0.0.1:" + port;
    } catch (IOException e) {
      throw new IllegalStateException("cannot start embedded MQTT broker", e);
    }
  }
}

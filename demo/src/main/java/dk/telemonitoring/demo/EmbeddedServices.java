package dk.telemonitoring.demo;

import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The demo's own broker and database: a real MQTT broker (Moquette) and a real PostgreSQL (binaries
 * shipped in a Maven artifact), so the demo needs nothing but a JDK. Production uses Mosquitto,
 * EMQX or HiveMQ and PostgreSQL with TimescaleDB.
 */
final class EmbeddedServices implements AutoCloseable {

  private final Server broker;
  private final EmbeddedPostgres postgres;
  private final int brokerPort;

  private EmbeddedServices(Server broker, int brokerPort, EmbeddedPostgres postgres) {
    this.broker = broker;
    this.brokerPort = brokerPort;
    this.postgres = postgres;
  }

  static EmbeddedServices start(int brokerPort, Path dataDir) throws IOException {
    Files.createDirectories(dataDir);
    Properties p = new Properties();
    p.setProperty("port", String.valueOf(brokerPort));
    p.setProperty("host", "127.0.0.1");
    p.setProperty("allow_anonymous", "true");
    // mosquitto_pub and mosquitto_sub connect without a client id by default; Moquette refuses that
    // otherwise.
    p.setProperty("allow_zero_byte_client_id", "true");
    p.setProperty("telemetry_enabled", "false");
    p.setProperty("persistence_enabled", "true");
    p.setProperty("data_path", Files.createDirectories(dataDir.resolve("broker")).toString());
    Server broker = new Server();
    broker.startServer(new MemoryConfig(p));
    EmbeddedPostgres postgres =
        EmbeddedPostgres.builder()
            .setDataDirectory(dataDir.resolve("postgres"))
            .setCleanDataDirectory(true)
            .start();
    return new EmbeddedServices(broker, brokerPort, postgres);
  }

  String mqttUrl() {
    return "tcp://127.0.0.1:" + brokerPort;
  }

  String dbUrl() {
    return "postgresql://postgres:postgres@127.0.0.1:" + postgres.getPort() + "/postgres";
  }

  @Override
  public void close() throws IOException {
    broker.stopServer();
    postgres.close();
  }
}

package dk.telemonitoring.demo;

import dk.telemonitoring.demo.eval.EvaluateCommand;
import dk.telemonitoring.hub.app.Hub;
import dk.telemonitoring.hub.app.HubCli;
import dk.telemonitoring.hub.app.MeteredVertx;
import dk.telemonitoring.hub.config.HubConfig;
import dk.telemonitoring.hub.config.Setting;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code java -jar telemonitoring-demo.jar}: one command, nothing but a JDK: embedded broker and
 * database, the hub, and simulated patients. Never for real patients: the demo's users have
 * well-known passwords.
 */
@Command(
    name = "telemonitoring-demo",
    mixinStandardHelpOptions = true,
    description = "Start an embedded broker and PostgreSQL, the hub, and simulated patients.",
    subcommands = EvaluateCommand.Cli.class)
public final class DemoCommand implements Callable<Integer> {

  public static void main(String[] args) {
    System.exit(new CommandLine(new DemoCommand()).execute(args));
  }

  @Option(
      names = "--http-port",
      defaultValue = "8080",
      description = "Port of the triage screen and API (default ${DEFAULT-VALUE}).")
  int httpPort;

  @Option(
      names = "--mqtt-port",
      defaultValue = "1883",
      description = "Port of the embedded MQTT broker (default ${DEFAULT-VALUE}).")
  int mqttPort;

  @Option(
      names = "--patients",
      defaultValue = "8",
      description = "Simulated patients (default ${DEFAULT-VALUE}).")
  int patients;

  @Override
  public Integer call() throws Exception {
    String busy = busyPort();
    if (busy != null) {
      System.err.println(busy);
      return 2;
    }
    // A fresh broker and database every run: the demo replays its patients' recent days from
    // scratch.
    Path dataDir = Files.createTempDirectory("telemonitoring-demo");
    EmbeddedServices services = EmbeddedServices.start(mqttPort, dataDir);
    String serviceToken = UUID.randomUUID().toString();
    Map<Setting, String> demo = new EnumMap<>(Setting.class);
    demo.put(Setting.MQTT_URL, services.mqttUrl());
    demo.put(Setting.DB_URL, services.dbUrl());
    demo.put(Setting.HTTP_HOST, "127.0.0.1");
    demo.put(Setting.HTTP_PORT, String.valueOf(httpPort));
    demo.put(Setting.MQTT_CLIENT_ID, "hub-demo");
    // One hub, and Moquette 0.17 has no shared subscriptions: subscribe plainly.
    demo.put(Setting.MQTT_SHARE_GROUP, "");
    demo.put(Setting.API_SERVICE_TOKEN, serviceToken);
    demo.put(Setting.DEMO_MODE, "true");
    demo.put(Setting.PUBLIC_URL, "http://localhost:" + httpPort);
    MeteredVertx metered = MeteredVertx.create();
    Vertx vertx = metered.vertx();
    Hub hub = metered.hub(HubConfig.resolve(demo, Map.of()));
    hub.start().await();
    // The hub in demo mode skips its default-password check; the demo's users come after it
    // started.
    DemoUsers.ensure(vertx, hub.pool()).await();
    DemoUsers.recordDemoCareWhileProvisioning(vertx, hub.pool());
    AutoCloseable simulation = DemoPatients.start(hub.pool(), services.mqttUrl(), patients);
    System.out.printf(
        "%n  Telemonitoring hub demo is running.%n"
            + "  Triage screen and API:  http://localhost:%d/%n"
            + "  Health:                 http://localhost:%d/health%n"
            + "  Metrics (Prometheus):   http://localhost:%d/metrics%n"
            + "  MQTT broker:            %s  (publish with mosquitto_pub, see docs/device-contract.md)%n"
            + "  Log in as nurse:        sygeplejerske@vios.demo / demo-nurse  (doctor: laege@vios.demo / demo-doctor,"
            + " backup doctor: bagvagt@vios.demo / demo-backup, admin: admin@vios.demo / demo-admin)%n"
            + "  Service token (API):    %s%n"
            + "  Stop with Ctrl-C.%n%n",
        httpPort, httpPort, httpPort, services.mqttUrl(), serviceToken);
    HubCli.awaitShutdown(hub, vertx, simulation, services);
    return 0;
  }

  /**
   * A clear sentence instead of a bind stack trace when, say, a local Mosquitto already holds 1883.
   */
  private String busyPort() {
    if (!isFree(mqttPort)) {
      return "Port "
          + mqttPort
          + " is in use (another MQTT broker?). Stop it, or choose another port: --mqtt-port "
          + (mqttPort + 1);
    }
    if (!isFree(httpPort)) {
      return "Port "
          + httpPort
          + " is in use. Stop what holds it, or choose another port: --http-port "
          + (httpPort + 1);
    }
    return null;
  }

  private static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress("127.0.0.1", port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}

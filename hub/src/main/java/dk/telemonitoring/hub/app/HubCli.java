package dk.telemonitoring.hub.app;

import dk.telemonitoring.hub.config.HubConfig;
import dk.telemonitoring.hub.config.SettingsReference;
import io.vertx.core.Vertx;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java -jar telemonitoring-hub.jar [run|provision|settings]}. The demo is a separate jar
 * (module demo).
 */
@Command(
    name = "telemonitoring-hub",
    mixinStandardHelpOptions = true,
    description =
        "Real-time telemonitoring hub: MQTT ingest, storage, triage, alerts and the nurse triage screen.",
    subcommands = {HubCli.Run.class, ProvisionCommand.class, HubCli.Settings.class})
public final class HubCli implements Callable<Integer> {

  public static void main(String[] args) {
    System.exit(
        new CommandLine(new HubCli()).execute(args.length == 0 ? new String[] {"run"} : args));
  }

  @Override
  public Integer call() {
    return new Run().call();
  }

  @Command(
      name = "run",
      mixinStandardHelpOptions = true,
      description = "Run the hub against the broker and database given by the HUB_* settings.")
  static final class Run implements Callable<Integer> {
    @Override
    public Integer call() {
      HubConfig config = HubConfig.fromEnvironment();
      MeteredVertx metered = MeteredVertx.create();
      Vertx vertx = metered.vertx();
      Hub hub = metered.hub(config);
      try {
        hub.start().await();
      } catch (Exception e) {
        System.err.println("hub failed to start: " + e.getMessage());
        vertx.close();
        return 1;
      }
      awaitShutdown(hub, vertx);
      return 0;
    }
  }

  @Command(
      name = "settings",
      mixinStandardHelpOptions = true,
      description = "Print every setting with its environment variable, default and meaning.")
  static final class Settings implements Callable<Integer> {
    @Override
    public Integer call() {
      System.out.println(SettingsReference.markdown());
      return 0;
    }
  }

  /**
   * Blocks the main thread until Ctrl-C, then stops the hub cleanly and closes {@code alsoClose} in
   * order. Public for the demo, which closes its simulated devices and embedded services after the
   * hub.
   */
  public static void awaitShutdown(Hub hub, Vertx vertx, AutoCloseable... alsoClose) {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    hub.stop().await();
                    vertx.close().await();
                    for (AutoCloseable c : alsoClose) {
                      c.close();
                    }
                  } catch (Exception e) {
                    System.err.println("shutdown: " + e.getMessage());
                  } finally {
                    stopped.countDown();
                  }
                },
                "hub-shutdown"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

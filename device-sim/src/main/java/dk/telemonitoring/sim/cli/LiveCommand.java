package dk.telemonitoring.sim.cli;

import dk.telemonitoring.sim.run.LiveSimulation;
import dk.telemonitoring.sim.run.ReplayStats;
import dk.telemonitoring.sim.run.SimConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "live",
    mixinStandardHelpOptions = true,
    description = {
      "A handful of patients publishing in real time (or faster, with --speed) against a broker, "
          + "the first COPD and heart-failure patients deteriorating after 2 and 3 simulated days.",
      "Runs until --duration passes or Ctrl-C."
    })
final class LiveCommand implements Callable<Integer> {
  @Mixin BrokerOptions broker;

  @Option(
      names = "--patients",
      defaultValue = "5",
      description = "number of patients (default: ${DEFAULT-VALUE})")
  int patients;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "random seed (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(
      names = "--speed",
      defaultValue = "1440",
      description =
          "simulated seconds per real second; 1 = real time, 1440 = a day per minute (default: ${DEFAULT-VALUE})")
  double speed;

  @Option(
      names = "--history-days",
      defaultValue = "0",
      description =
          "start the simulated clock this many days in the past (default: ${DEFAULT-VALUE})")
  int historyDays;

  @Option(
      names = "--duration",
      defaultValue = "0",
      description = "real seconds to run; 0 = until Ctrl-C (default: ${DEFAULT-VALUE})")
  long durationSeconds;

  @Mixin DeviceOptions devices;

  @Override
  public Integer call() throws Exception {
    SimConfig config =
        SimConfig.demo(broker.broker, broker.clinic, patients, speed, seed)
            .withTopicRoot(broker.topicRoot)
            .withSimulatedStart(Instant.now().minus(Duration.ofDays(historyDays)))
            .withBehaviour(devices.apply(SimConfig.liveBehaviour()));
    System.err.printf(
        "live: %d patients on %s/%s at speed %.0f; devices must be provisioned in the hub "
            + "(provision-list --live --patients %d --seed %d)%n",
        patients, broker.topicRoot, broker.clinic, speed, patients, seed);
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
    Progress progress = new Progress(System.err);
    long started = System.nanoTime();
    try (LiveSimulation.Handle handle = LiveSimulation.start(config)) {
      while (!stop.await(2, java.util.concurrent.TimeUnit.SECONDS)) {
        ReplayStats s = handle.stats();
        if (s != null) {
          progress.update("live: " + s.line());
        }
        if (durationSeconds > 0 && System.nanoTime() - started > durationSeconds * 1_000_000_000L) {
          break;
        }
      }
      progress.done();
      ReplayStats s = handle.stats();
      System.err.println("live: stopped; " + (s == null ? "nothing sent" : s.line()));
    }
    return 0;
  }
}

package dk.telemonitoring.sim.cli;

import dk.telemonitoring.sim.cohort.Cohort;
import dk.telemonitoring.sim.cohort.CohortSpec;
import dk.telemonitoring.sim.cohort.GroundTruthWriter;
import dk.telemonitoring.sim.device.CohortMessageStream;
import dk.telemonitoring.sim.device.DeviceBehaviourSpec;
import dk.telemonitoring.sim.device.SimMessage;
import dk.telemonitoring.sim.run.DevicePublishers;
import dk.telemonitoring.sim.run.MessagePublisher;
import dk.telemonitoring.sim.run.Replay;
import dk.telemonitoring.sim.run.ReplayStats;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description = {
      "Simulates a cohort over a period and publishes its messages compressed in time, with "
          + "measuredAt in simulated time. Writes the episodes' ground truth as JSON lines.",
      "By default the period ends now, so nothing is dated in the future."
    })
final class ReplayCommand implements Callable<Integer> {
  @Mixin BrokerOptions broker;
  @Mixin CohortOptions cohort;
  @Mixin DeviceOptions devices;

  @Option(
      names = "--days",
      defaultValue = "28",
      description = "simulated days (default: ${DEFAULT-VALUE})")
  int days;

  @Option(
      names = "--start",
      description = "simulated start, ISO-8601 instant (default: now minus --days)")
  Instant start;

  @Option(
      names = "--speed",
      defaultValue = "0",
      description =
          "simulated seconds per real second; 0 = no time pacing (default: ${DEFAULT-VALUE})")
  double speed;

  @Option(
      names = "--rate",
      defaultValue = "0",
      description =
          "at most this many messages per second; 0 = as fast as the broker acks (default: ${DEFAULT-VALUE})")
  double rate;

  @Option(
      names = "--ground-truth",
      defaultValue = "ground-truth.jsonl",
      description = "episode ground truth file (default: ${DEFAULT-VALUE})")
  Path groundTruth;

  @Option(names = "--dry-run", description = "generate and count only; publish nothing")
  boolean dryRun;

  @Override
  public Integer call() throws Exception {
    Instant from = start != null ? start : CohortOptions.startEndingNow(days);
    CohortSpec spec = cohort.spec(days, from);
    Cohort c = Cohort.create(spec);
    GroundTruthWriter.write(c, groundTruth);
    System.err.printf(
        "replay: %d patients, %d devices, %d days from %s; %d episodes written to %s%n",
        c.patients().size(), c.devices().size(), days, from, c.episodes().size(), groundTruth);
    System.err.printf(
        "replay: devices must be provisioned in the hub for clinic '%s' "
            + "(see: provision-list with the same --patients/--seed/shares)%n",
        broker.clinic);
    DeviceBehaviourSpec behaviour = devices.spec();
    CohortMessageStream stream = new CohortMessageStream(c, behaviour);
    Progress progress = new Progress(System.err);
    ReplayStats stats;
    try (MessagePublisher publisher =
        dryRun
            ? new NullPublisher()
            : DevicePublishers.connect(
                broker.broker, "sim-replay-" + UUID.randomUUID().toString().substring(0, 8), 500)) {
      Replay replay = new Replay(publisher, broker.topicRoot, broker.clinic, speed, rate);
      stats = replay.run(stream, from, null, s -> progress.update("replay: " + s.line()), 2000);
      progress.done();
      System.err.printf("replay: done in %.1f s: %s%n", stats.elapsedSeconds(), stats.line());
      System.err.printf(
          "replay: by kind %s; publish failures %d%n", stats.byKind(), publisher.failures());
    }
    return 0;
  }

  /** For --dry-run: counts without a broker. */
  static final class NullPublisher implements MessagePublisher {
    @Override
    public void publish(String topic, byte[] payload) {}

    @Override
    public void flush(long timeoutMillis) {}

    @Override
    public long failures() {
      return 0;
    }

    @Override
    public void close() {}
  }

  static String describe(SimMessage m) {
    return m.topicSuffix() + " " + m.payloadText();
  }
}

package dk.telemonitoring.sim.cli;

import dk.telemonitoring.sim.bench.DrainBenchmark;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "drain",
    mixinStandardHelpOptions = true,
    description =
        "Measures how fast N QoS 1 messages queued for a persistent session are drained with "
            + "manual acks by Paho's MqttClient and by the Vert.x MqttClient, against the same broker.")
final class DrainCommand implements Callable<Integer> {
  @Option(
      names = "--broker",
      defaultValue = "tcp://127.0.0.1:1883",
      description = "MQTT broker URL (default: ${DEFAULT-VALUE})")
  String broker;

  @Option(
      names = {"-n", "--messages"},
      defaultValue = "50000",
      description =
          "messages queued per client (default: ${DEFAULT-VALUE}); the broker's max_queued_messages must allow it")
  int messages;

  @Override
  public Integer call() throws Exception {
    String runId = "d" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 36);
    System.err.printf("drain: queueing %,d messages per client on %s%n", messages, broker);
    DrainBenchmark.Result paho = DrainBenchmark.paho(broker, messages, runId);
    System.out.printf(
        "%-48s %,9d msgs in %6.2f s = %,10.0f msg/s%n",
        paho.client(), paho.messages(), paho.seconds(), paho.messagesPerSecond());
    DrainBenchmark.Result vertx = DrainBenchmark.vertx(broker, messages, runId);
    System.out.printf(
        "%-48s %,9d msgs in %6.2f s = %,10.0f msg/s%n",
        vertx.client(), vertx.messages(), vertx.seconds(), vertx.messagesPerSecond());
    System.out.printf(
        "Vert.x / Paho drain rate: %.2f%n", vertx.messagesPerSecond() / paho.messagesPerSecond());
    return paho.messages() == messages && vertx.messages() == messages ? 0 : 1;
  }
}

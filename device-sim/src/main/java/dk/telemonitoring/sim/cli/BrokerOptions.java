package dk.telemonitoring.sim.cli;

import picocli.CommandLine.Option;

/** Where to publish. */
public final class BrokerOptions {
  @Option(
      names = "--broker",
      defaultValue = "tcp://127.0.0.1:1883",
      description = "MQTT broker URL (default: ${DEFAULT-VALUE})")
  String broker;

  @Option(
      names = "--topic-root",
      defaultValue = "tm/v1",
      description =
          "topic root (default: ${DEFAULT-VALUE}); topics are {root}/{clinic}/devices/{deviceId}/readings")
  String topicRoot;

  @Option(
      names = "--clinic",
      defaultValue = "vios",
      description = "clinic code in the topic (default: ${DEFAULT-VALUE})")
  String clinic;
}

package dk.telemonitoring.sim.cli;

import dk.telemonitoring.sim.bench.BenchPlan;
import dk.telemonitoring.sim.bench.BenchReport;
import dk.telemonitoring.sim.bench.BenchRunner;
import dk.telemonitoring.sim.bench.HubProvisioner;
import dk.telemonitoring.sim.json.JsonText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "K devices publishing at a total rate R (QoS 1, open loop) for T seconds against a running "
          + "hub; checks zero loss in the readings table, commit latency (hub receipts, else stored_at), "
          + "publish-to-alert latency on the live stream (with --hub-url: abnormal readings of fresh patients, "
          + "read as a nurse of the clinic), and the machine's limits (broker alone, database alone, bare pipe).",
      "The devices must be provisioned in the hub (done via --hub-url, or beforehand)."
    })
final class BenchCommand implements Callable<Integer> {
  @Option(
      names = "--broker",
      defaultValue = "tcp://127.0.0.1:1883",
      description = "MQTT broker (default: ${DEFAULT-VALUE})")
  String broker;

  @Option(
      names = "--pg-url",
      defaultValue = "postgresql://tm:tm@127.0.0.1:5432/tm",
      description = "hub database (default: ${DEFAULT-VALUE})")
  String pgUrl;

  @Option(
      names = "--hub-url",
      description = "hub HTTP base URL, e.g. http://127.0.0.1:8080; provisions the devices first")
  String hubUrl;

  @Option(
      names = "--hub-token",
      defaultValue = "${env:HUB_API_SERVICE_TOKEN}",
      description =
          "the hub's service token (HUB_API_SERVICE_TOKEN) for provisioning (default: $HUB_API_SERVICE_TOKEN)")
  String hubToken;

  @Option(
      names = "--topic-root",
      defaultValue = "tm/v1",
      description = "(default: ${DEFAULT-VALUE})")
  String topicRoot;

  @Option(names = "--clinic", defaultValue = "bench", description = "(default: ${DEFAULT-VALUE})")
  String clinic;

  @Option(
      names = {"-k", "--devices"},
      defaultValue = "200",
      description = "simulated devices K (default: ${DEFAULT-VALUE})")
  int devices;

  @Option(
      names = {"-r", "--rate"},
      defaultValue = "500",
      description =
          "total messages per second R (default: ${DEFAULT-VALUE}); each message is 2 readings")
  double rate;

  @Option(
      names = {"-t", "--duration"},
      defaultValue = "20",
      description = "seconds T per run (default: ${DEFAULT-VALUE})")
  int duration;

  @Option(
      names = "--warmup",
      defaultValue = "10",
      description =
          "seconds of load at the first rate before measuring, not reported (default: ${DEFAULT-VALUE})")
  int warmup;

  @Option(
      names = "--connections",
      defaultValue = "4",
      description = "MQTT connections of the load generator (default: ${DEFAULT-VALUE})")
  int connections;

  @Option(
      names = "--seed",
      defaultValue = "1",
      description = "seed of the device ids (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(
      names = "--find-max",
      description = "step the rate up by 1.5x until latency or loss breaks")
  boolean findMax;

  @Option(
      names = "--p99-limit-ms",
      defaultValue = "1000",
      description = "p99 latency beyond which a rate is not sustained (default: ${DEFAULT-VALUE})")
  double p99Limit;

  @Option(names = "--skip-limits", description = "do not measure broker/database/bare-pipe limits")
  boolean skipLimits;

  @Option(
      names = "--limit-messages",
      defaultValue = "0",
      description = "messages for the limit runs (default: R*T, 10k-200k)")
  int limitMessages;

  @Option(
      names = "--alert-samples",
      defaultValue = "20",
      description =
          "abnormal readings per run, each from a "
              + "fresh patient, timed from publish to their alert on the live stream (needs --hub-url; 0: off; default: ${DEFAULT-VALUE})")
  int alertSamples;

  @Option(
      names = "--alert-wait",
      defaultValue = "30",
      description =
          "seconds to wait for further alerts once none "
              + "has arrived for that long after the load (default: ${DEFAULT-VALUE})")
  int alertWait;

  @Option(
      names = "--backlog",
      defaultValue = "0",
      description =
          "first flood the hub with this many normal messages and wait until they are stored, so that"
              + " the measured run's alert samples (beyond the CRITICAL floor) meet a triage outbox"
              + " backlog (default: ${DEFAULT-VALUE}: none)")
  int backlog;

  @Option(
      names = "--json-out",
      defaultValue = "bench-result.json",
      description = "(default: ${DEFAULT-VALUE})")
  Path jsonOut;

  @Option(
      names = "--md-out",
      defaultValue = "bench-result.md",
      description = "(default: ${DEFAULT-VALUE})")
  Path mdOut;

  @Override
  public Integer call() throws Exception {
    var ids = BenchPlan.deviceIds(devices, seed);
    System.err.printf(
        "bench: %d devices (%s .. %s) in clinic '%s' MUST be provisioned in the hub, "
            + "or their readings are quarantined and the loss check fails%n",
        devices, ids.get(0), ids.get(ids.size() - 1), clinic);
    if (hubUrl != null) {
      HubProvisioner.Result r = new HubProvisioner(hubUrl, hubToken).provision(clinic, ids, seed);
      System.err.printf(
          "bench: provisioning via POST %s%s -> %s %s%n",
          hubUrl, HubProvisioner.PATH, r.ok() ? "ok" : "FAILED", r.status() + " " + r.detail());
    }
    BenchRunner runner =
        new BenchRunner(
            new BenchRunner.Options(
                broker,
                pgUrl,
                topicRoot,
                clinic,
                devices,
                seed,
                rate,
                duration,
                connections,
                findMax,
                p99Limit,
                skipLimits,
                limitMessages,
                warmup,
                hubUrl,
                hubToken,
                alertSamples,
                alertWait,
                backlog),
            System.err::println);
    Map<String, Object> result = runner.run();
    Files.writeString(jsonOut, JsonText.write(result) + "\n");
    String md = BenchReport.markdown(result);
    Files.writeString(mdOut, md);
    System.out.println(md);
    System.err.println("bench: results in " + jsonOut + " and " + mdOut);
    return 0;
  }
}

package dk.telemonitoring.sim.bench;

import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;

/**
 * Runs the hub benchmark: open-loop load at the asked rate (or stepped up with find-max), zero-loss
 * check against {@code readings}, commit latency from receipts (or from stored_at when the hub
 * sends none), then the machine's limits with the same messages. Load generator: Paho async
 * clients, several connections.
 */
public final class BenchRunner {
  public record Options(
      String brokerUrl,
      String pgUrl,
      String topicRoot,
      String clinic,
      int devices,
      long seed,
      double rate,
      int durationSeconds,
      int connections,
      boolean findMax,
      double p99LimitMillis,
      boolean skipLimits,
      int limitMessages,
      int warmupSeconds,
      String hubUrl,
      String hubToken,
      int alertSamples,
      int alertWaitSeconds,
      int backlog) {
    boolean measuresAlerts() {
      return hubUrl != null && alertSamples > 0;
    }
  }

  private final Options options;
  private final Consumer<String> log;
  private AlertStream alertStream;

  public BenchRunner(Options options, Consumer<String> log) {
    this.options = options;
    this.log = log;
  }

  public Map<String, Object> run() throws Exception {
    List<String> deviceIds = BenchPlan.deviceIds(options.devices(), options.seed());
    List<BenchStep> steps = new ArrayList<>();
    Double bestRate = null;
    double rate = options.rate();
    AlertStream stream = null;
    if (options.measuresAlerts()) {
      String cookie =
          NurseSession.login(
              new HubProvisioner(options.hubUrl(), options.hubToken()),
              options.hubUrl(),
              options.clinic());
      stream = new AlertStream(options.hubUrl(), cookie);
      log.accept(
          "bench: logged in as a nurse of clinic '"
              + options.clinic()
              + "', reading the live stream");
    }
    try (Connection db = new PgConnections(options.pgUrl()).open();
        AlertStream alerts = stream) {
      this.alertStream = alerts;
      Map<String, Object> backlog = null;
      if (options.backlog() > 0) {
        backlog = queueBacklog(deviceIds, db);
      }
      if (options.warmupSeconds() > 0) {
        // A freshly started hub compiles its hot paths and creates its first chunk during the first
        // seconds: measured, that shows as a multi-second stall in the first step's tail.
        // Alert samples in proportion to its length: a warm-up crowded with them would leave triage
        // a backlog. Triage finishes the warm-up's messages before the measured step starts, so
        // the step's CPU is its own messages'.
        int warmupSamples =
            (int)
                Math.max(
                    1,
                    Math.round(
                        (double) options.alertSamples()
                            * options.warmupSeconds()
                            / Math.max(1, options.durationSeconds())));
        BenchStep w =
            runStep(
                new BenchPlan(newRunId(), deviceIds, rate, options.warmupSeconds()),
                db,
                warmupSamples,
                // With a backlog queued the step is measured while it drains: not waited for.
                options.backlog() == 0);
        log.accept(
            String.format(
                "bench: warm-up at %,.0f/s (not reported): stored %,.0f/s, p99 %.1f ms",
                rate, w.storedPerSecond(), w.latencyMicros().getValueAtPercentile(99) / 1000.0));
      }
      for (int step = 0; step < (options.findMax() ? 10 : 1); step++) {
        BenchPlan plan = new BenchPlan(newRunId(), deviceIds, rate, options.durationSeconds());
        // A backlog's triage is not this step's cost: its CPU is left unmeasured.
        BenchStep result = runStep(plan, db, options.alertSamples(), options.backlog() == 0);
        steps.add(result);
        boolean ok = result.sustainable(options.p99LimitMillis());
        log.accept(
            String.format(
                "bench: rate %,.0f/s -> stored %,.0f/s, loss %s, p99 %.1f ms (%s): %s",
                rate,
                result.storedPerSecond(),
                result.zeroLoss() ? "none" : result.missing() + " missing",
                result.latencyMicros().getValueAtPercentile(99) / 1000.0,
                result.latencySource(),
                ok ? "sustained" : "NOT sustained"));
        if (result.alerts() != null) {
          log.accept(
              String.format(
                  "bench: alerts on the live stream: %d of %d arrived, p99 %.1f ms",
                  result.alerts().arrived(),
                  result.alerts().expected(),
                  result.alerts().latencyMicros().getValueAtPercentile(99) / 1000.0));
        }
        if (!ok) {
          break;
        }
        bestRate = rate;
        rate *= 1.5;
      }
      Map<String, Object> out = new LinkedHashMap<>();
      out.put(
          "loadGenerator",
          "Paho MqttAsyncClient 1.2.5, "
              + options.connections()
              + " connections, QoS 1, open loop");
      out.put("devices", options.devices());
      out.put("durationSeconds", options.durationSeconds());
      out.put("warmupSeconds", options.warmupSeconds());
      out.put("p99LimitMs", options.p99LimitMillis());
      out.put("alertSamplesPerRun", options.measuresAlerts() ? options.alertSamples() : 0);
      List<Object> stepJson = new ArrayList<>();
      steps.forEach(s -> stepJson.add(s.json()));
      out.put("steps", stepJson);
      out.put("highestSustainedRate", bestRate);
      if (backlog != null) {
        backlog.put("outboxRowsAfterRun", StepEnd.outboxRows(db));
        out.put("backlog", backlog);
      }
      if (!options.skipLimits()) {
        BenchPlan plan = new BenchPlan(newRunId(), deviceIds, rate, options.durationSeconds());
        int n =
            options.limitMessages() > 0
                ? options.limitMessages()
                : (int) Math.min(200_000, Math.max(10_000, plan.messageCount()));
        log.accept("bench: measuring machine limits with " + n + " messages");
        MachineLimits.Limit broker = MachineLimits.brokerAlone(plan, options.brokerUrl(), n);
        log.accept(String.format("bench: broker alone %,.0f msg/s", broker.messagesPerSecond()));
        MachineLimits.Limit copy = MachineLimits.databaseAlone(plan, db, n);
        log.accept(String.format("bench: database alone %,.0f msg/s", copy.messagesPerSecond()));
        MachineLimits.Limit bare = MachineLimits.barePipe(plan, options.brokerUrl(), db, n);
        log.accept(String.format("bench: bare pipe %,.0f msg/s", bare.messagesPerSecond()));
        List<Object> limits = new ArrayList<>();
        for (MachineLimits.Limit l : List.of(broker, copy, bare)) {
          Map<String, Object> o = new LinkedHashMap<>();
          o.put("name", l.name());
          o.put("messages", l.messages());
          o.put("seconds", Math.round(l.seconds() * 100) / 100.0);
          o.put("messagesPerSecond", Math.round(l.messagesPerSecond()));
          limits.add(o);
        }
        out.put("limits", limits);
        // The hub's stored throughput at its highest sustained rate (else at the one step it ran).
        double hub =
            steps.stream()
                .filter(s -> s.sustainable(options.p99LimitMillis()))
                .mapToDouble(BenchStep::storedPerSecond)
                .max()
                .orElse(steps.get(steps.size() - 1).storedPerSecond());
        out.put("hubStoredPerSecondForRatio", Math.round(hub));
        out.put("hubToBarePipeRatio", Math.round(hub / bare.messagesPerSecond() * 1000) / 1000.0);
      }
      return out;
    }
  }

  /**
   * Backlog mode: floods the hub with {@code backlog} normal messages (as fast as the generator
   * goes, about 5,000/s), waits until they are stored, and reports the triage outbox then: the
   * measured run's alert samples (SpO2 80 %, beyond the CRITICAL floor) are then timed while triage
   * works through that backlog.
   */
  private Map<String, Object> queueBacklog(List<String> deviceIds, Connection db) throws Exception {
    double rate = Math.min(5_000, options.backlog());
    BenchPlan flood =
        new BenchPlan(
            newRunId(), deviceIds, rate, (int) Math.max(1, Math.ceil(options.backlog() / rate)));
    log.accept(
        String.format(
            "bench: backlog: %,d normal messages at up to %,.0f/s", flood.messageCount(), rate));
    BenchClock clock = new BenchClock(flood);
    OpenLoopLoad.Result load =
        OpenLoopLoad.run(
            flood,
            clock,
            options.brokerUrl(),
            options.topicRoot(),
            options.clinic(),
            options.connections(),
            null);
    long deadline = System.nanoTime() + 600_000_000_000L;
    ReadingsCheck.Counts c;
    while ((c = ReadingsCheck.counts(db, flood, options.clinic(), clock.startInstant()))
                .distinctMessages()
            < load.ackedCount()
        && System.nanoTime() < deadline) {
      Thread.sleep(1_000);
    }
    long queued = StepEnd.outboxRows(db);
    log.accept(
        String.format(
            "bench: backlog stored (%,d messages); triage outbox holds %,d rows",
            c.distinctMessages(), queued));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("messages", c.distinctMessages());
    out.put("outboxRowsBeforeRun", queued);
    return out;
  }

  /**
   * @param measureCpu also wait for triage to drain after the step and report the CPU its messages
   *     cost, from the first publish to the empty outbox
   */
  private BenchStep runStep(BenchPlan plan, Connection db, int alertSamples, boolean measureCpu)
      throws Exception {
    BenchClock clock = new BenchClock(plan);
    log.accept(
        String.format(
            "bench: run %s: %,d messages at %,.0f/s on %d devices for %d s",
            plan.runId(),
            plan.messageCount(),
            plan.rate(),
            plan.deviceIds().size(),
            plan.durationSeconds()));
    AlertSamples samples = null;
    AlertStream.Round alertRound = null;
    if (alertStream != null) {
      samples = AlertSamples.of(plan, alertSamples, new java.util.HashSet<>(plan.deviceIds()));
      HubProvisioner.Result r =
          new HubProvisioner(options.hubUrl(), options.hubToken())
              .provision(
                  options.clinic(),
                  samples.deviceIds(),
                  samples.patientIds(),
                  "bench-alert-" + plan.runId() + "-");
      if (!r.ok()) {
        throw new IllegalStateException(
            "cannot provision the alert samples' patients: " + r.status() + " " + r.detail());
      }
      alertRound = alertStream.begin(plan, samples, clock);
    }
    try (ReceiptCollector receipts =
        new ReceiptCollector(plan, clock, options.brokerUrl(), options.topicRoot())) {
      CpuMeter cpu = new CpuMeter(options.hubUrl());
      CpuMeter.Sample cpuBefore = cpu.sample();
      OpenLoopLoad.Result load =
          OpenLoopLoad.run(
              plan,
              clock,
              options.brokerUrl(),
              options.topicRoot(),
              options.clinic(),
              options.connections(),
              samples);
      Instant from = clock.startInstant();
      ReadingsCheck.Counts counts =
          StepEnd.awaitStored(db, plan, options.clinic(), from, load.ackedCount(), receipts);
      BenchStep.AlertOutcome alerts =
          alertRound == null
              ? null
              : StepEnd.awaitAlerts(alertRound, load, options.alertWaitSeconds());
      Map<String, Object> cpuUse = null;
      if (measureCpu) {
        boolean drained = StepEnd.awaitTriageDrained(db);
        cpuUse =
            CpuMeter.perMessage(
                cpuBefore,
                cpu.sample(),
                counts.distinctMessages(),
                Runtime.getRuntime().availableProcessors());
        cpuUse.put("triageDrained", drained);
      }
      ReadingsCheck.Loss loss = ReadingsCheck.loss(db, plan, options.clinic(), from, load.acked());
      Histogram latency;
      String source;
      if (receipts.receipts() > 0) {
        latency = receipts.latencyMicros;
        source = "receipt on command topic";
      } else {
        latency = ReadingsCheck.storedLatency(db, plan, options.clinic(), from);
        source = "readings.stored_at - sent_at (no receipts seen)";
      }
      double storedPerSecond = 0;
      if (counts.lastStored() != null) {
        double seconds =
            (counts.lastStored().toInstant().toEpochMilli() - clock.startInstant().toEpochMilli())
                / 1000.0;
        storedPerSecond =
            counts.distinctMessages() / Math.max(seconds, plan.durationSeconds() * 0.5);
      }
      // Second view of the same latency from the database: sent_at (the intended send time) to
      // stored_at
      // (clock_timestamp() at the insert, just before the commit): no receipt path, same clock.
      Histogram storedAt = ReadingsCheck.storedLatency(db, plan, options.clinic(), from);
      return new BenchStep(
          plan.rate(),
          plan.messageCount(),
          load.ackedCount(),
          load.failed(),
          counts.distinctMessages(),
          counts.rows(),
          loss.missing(),
          loss.duplicated(),
          storedPerSecond,
          source,
          latency,
          storedAt,
          load.pubackMicros(),
          load.maxGeneratorLagMicros(),
          alerts,
          cpuUse);
    }
  }

  private static String newRunId() {
    return "b" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 28);
  }
}

package dk.telemonitoring.hub.triage.worker;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Triage's Prometheus metrics (names in docs/deployment.md): how far triage is behind (the age of
 * the oldest outbox row, read from the database about once a second, so every hub shows the shared
 * outbox), how fast it goes, and how soon the critical lane raised its alerts.
 */
public final class TriageMetrics {

  private static final Logger LOG = LoggerFactory.getLogger(TriageMetrics.class);

  /**
   * Age of the oldest outbox row and rows waiting for the critical lane; NaN before the first read.
   */
  private record Backlog(double lagSeconds, double criticalWaiting) {}

  private final AtomicReference<Backlog> backlog =
      new AtomicReference<>(new Backlog(Double.NaN, Double.NaN));
  private final MeterRegistry registry;
  private final Counter triaged;
  private final Counter laneRaised;
  private final Timer laneLatency;
  private long timerId = -1;

  public TriageMetrics(MeterRegistry registry) {
    this.registry = registry;
    Gauge.builder("hub_triage_lag_seconds", backlog, b -> b.get().lagSeconds())
        .description("Age of the oldest triage outbox row (0 when the outbox is empty)")
        .register(registry);
    Gauge.builder("hub_critical_lane_waiting", backlog, b -> b.get().criticalWaiting())
        .description("Outbox rows marked critical that the critical lane has not judged yet")
        .register(registry);
    triaged =
        Counter.builder("hub_triage_messages")
            .description("Messages triaged (outbox rows drained with a result)")
            .register(registry);
    laneRaised =
        Counter.builder("hub_critical_lane_alerts")
            .description("Messages whose CRITICAL alert the critical lane raised ahead of triage")
            .register(registry);
    laneLatency =
        Timer.builder("hub_critical_lane_latency")
            .description("From the commit that stored a critical message to its alert's commit")
            .publishPercentileHistogram()
            .register(registry);
  }

  /** Reads the backlog every {@code period} on {@code pool} (non-blocking). */
  public TriageMetrics start(Vertx vertx, Pool pool, Duration period) {
    timerId = vertx.setPeriodic(1, period.toMillis(), id -> readBacklog(pool));
    return this;
  }

  public void stop(Vertx vertx) {
    if (timerId >= 0) vertx.cancelTimer(timerId);
  }

  /**
   * The worker's memory of its patients: its size, and how often batches found their patients in it
   * or loaded them from the database.
   */
  public TriageMetrics watch(TriageWorker worker) {
    HistoryMemory memory = worker.memory();
    Gauge.builder("hub_triage_memory_patients", memory, HistoryMemory::patients)
        .description("Patients whose triaged readings this hub holds in memory")
        .register(registry);
    Gauge.builder("hub_triage_memory_readings", memory, HistoryMemory::readings)
        .description("Readings triage holds in memory (hub.triage.memory-readings at most)")
        .register(registry);
    lookups(memory, "found", HistoryMemory::found);
    lookups(memory, "loaded", HistoryMemory::loaded);
    return this;
  }

  private void lookups(HistoryMemory memory, String result, ToDoubleFunction<HistoryMemory> f) {
    FunctionCounter.builder("hub_triage_memory_lookups", memory, f)
        .tag("result", result)
        .description(
            "Patients of a triage batch found current in memory, or loaded from the database")
        .register(registry);
  }

  public void triaged(TriageWorker.Triaged t) {
    triaged.increment();
  }

  public void laneRaised(CriticalLane.Raised r) {
    laneRaised.increment();
    laneLatency.record(r.sinceStored());
  }

  private void readBacklog(Pool pool) {
    pool.query(
            """
        SELECT coalesce((SELECT extract(epoch FROM now() - enqueued_at) FROM triage_outbox ORDER BY id LIMIT 1), 0),
               (SELECT count(*) FROM triage_outbox WHERE critical)""")
        .execute()
        .onSuccess(
            rs -> {
              var row = rs.iterator().next();
              backlog.set(
                  new Backlog(
                      Math.max(0, row.getNumeric(0).doubleValue()), row.getLong(1).doubleValue()));
            })
        .onFailure(e -> LOG.debug("triage backlog not read [error: {}]", e.toString()));
  }
}

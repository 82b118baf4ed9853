package dk.telemonitoring.hub.ingest;

import dk.telemonitoring.hub.reading.Reading;
import dk.telemonitoring.hub.reading.RejectReason;
import dk.telemonitoring.hub.store.WriteItem;
import dk.telemonitoring.hub.store.WriteOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** The ingest's Prometheus metrics; names are documented in docs/deployment.md. */
public final class IngestMetrics {

  private final MeterRegistry registry;
  private final Counter received;
  private final Counter storedMessages;
  private final Counter storedReadings;
  private final Counter duplicates;
  private final Counter batchFailures;
  private final Map<RejectReason, Counter> quarantined = new EnumMap<>(RejectReason.class);
  private final DistributionSummary batchSize;
  private final Timer batchDuration;
  private final Timer receiveToCommit;
  private final Timer urgentReceiveToCommit;
  private final Timer measurementToCommit;

  public IngestMetrics(MeterRegistry registry) {
    this.registry = registry;
    received =
        Counter.builder("hub_messages_received")
            .description("Messages received from the broker")
            .register(registry);
    storedMessages =
        Counter.builder("hub_messages_stored")
            .description("Messages stored (first time)")
            .register(registry);
    storedReadings =
        Counter.builder("hub_readings_stored")
            .description("Reading rows stored (first time)")
            .register(registry);
    duplicates =
        Counter.builder("hub_messages_duplicate")
            .description("Messages already stored (redelivery or re-send)")
            .register(registry);
    batchFailures =
        Counter.builder("hub_batch_failures")
            .description("Batch transactions that failed and were retried")
            .register(registry);
    for (RejectReason reason : RejectReason.values()) {
      quarantined.put(
          reason,
          Counter.builder("hub_messages_quarantined")
              .tag("reason", reason.label())
              .description("Messages quarantined, by reason")
              .register(registry));
    }
    batchSize =
        DistributionSummary.builder("hub_batch_size")
            .description("Messages per write transaction")
            .publishPercentileHistogram()
            .register(registry);
    batchDuration =
        Timer.builder("hub_batch_duration")
            .description("Write transaction time")
            .publishPercentileHistogram()
            .register(registry);
    receiveToCommit =
        Timer.builder("hub_receive_to_commit")
            .description("From receipt at the hub to commit")
            .publishPercentileHistogram()
            .register(registry);
    urgentReceiveToCommit =
        Timer.builder("hub_urgent_receive_to_commit")
            .description(
                "From receipt at the hub to commit, for messages the critical lane may alert on (written ahead of the queue)")
            .publishPercentileHistogram()
            .register(registry);
    measurementToCommit =
        Timer.builder("hub_measurement_to_commit")
            .description(
                "From the device's measurement time to commit (includes offline buffering)")
            .publishPercentileHistogram()
            .maximumExpectedValue(Duration.ofDays(7))
            .register(registry);
  }

  public void gauge(String name, String description, Supplier<Number> value) {
    io.micrometer.core.instrument.Gauge.builder(name, value)
        .description(description)
        .register(registry);
  }

  public void received() {
    received.increment();
  }

  public void batchFailed() {
    batchFailures.increment();
  }

  public void committed(List<WriteItem> items, List<WriteOutcome> outcomes, long nanos) {
    batchSize.record(items.size());
    batchDuration.record(nanos, TimeUnit.NANOSECONDS);
    Instant now = Instant.now();
    for (int i = 0; i < items.size(); i++) {
      WriteItem item = items.get(i);
      Duration sinceReceipt = Duration.between(item.receivedAt(), now);
      receiveToCommit.record(sinceReceipt);
      if (item.urgent()) {
        urgentReceiveToCommit.record(sinceReceipt);
      }
      switch (outcomes.get(i)) {
        case STORED -> {
          storedMessages.increment();
          if (item instanceof WriteItem.Measurements m) {
            storedReadings.increment(m.set().readings().size());
            Reading first = m.set().readings().get(0);
            measurementToCommit.record(Duration.between(first.measuredAt(), now).abs());
          }
        }
        case DUPLICATE -> duplicates.increment();
        case QUARANTINED ->
            quarantined.get(((WriteItem.Quarantined) item).rejection().reason()).increment();
      }
    }
  }
}

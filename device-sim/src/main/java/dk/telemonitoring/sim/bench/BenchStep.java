package dk.telemonitoring.sim.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** Outcome of running one rate against the hub. */
record BenchStep(
    double offeredRate,
    long planned,
    long acked,
    long publishFailures,
    long storedMessages,
    long storedRows,
    long missing,
    long duplicated,
    double storedPerSecond,
    String latencySource,
    Histogram latencyMicros,
    Histogram storedAtMicros,
    Histogram pubackMicros,
    long maxGeneratorLagMicros,
    AlertOutcome alerts,
    Map<String, Object> cpu) {

  /**
   * Publish-to-alert on the live stream: abnormal readings acknowledged by the broker, their alerts
   * arrived.
   */
  record AlertOutcome(
      long expected, long arrived, long published, Histogram latencyMicros, Histogram pushMicros) {}

  boolean zeroLoss() {
    return missing == 0 && duplicated == 0 && acked == planned;
  }

  /**
   * Sustainable: no loss, latency p99 within the limit, stored rate within 5% of offered, generator
   * on time.
   */
  boolean sustainable(double p99LimitMillis) {
    return zeroLoss()
        && latencyMicros.getTotalCount() > 0
        && latencyMicros.getValueAtPercentile(99) / 1000.0 <= p99LimitMillis
        && storedPerSecond >= 0.95 * offeredRate
        && maxGeneratorLagMicros < 1_000_000;
  }

  Map<String, Object> json() {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("offeredRate", offeredRate);
    o.put("planned", planned);
    o.put("acked", acked);
    o.put("publishFailures", publishFailures);
    o.put("storedMessages", storedMessages);
    o.put("storedRows", storedRows);
    o.put("missing", missing);
    o.put("duplicated", duplicated);
    o.put("zeroLoss", zeroLoss());
    o.put("storedPerSecond", Math.round(storedPerSecond * 10) / 10.0);
    o.put("latencySource", latencySource);
    o.put("latencyMs", percentiles(latencyMicros));
    o.put("storedAtLatencyMs", percentiles(storedAtMicros));
    o.put("pubackLatencyMs", percentiles(pubackMicros));
    o.put("maxGeneratorLagMs", maxGeneratorLagMicros / 1000.0);
    if (alerts != null) {
      Map<String, Object> a = new LinkedHashMap<>();
      a.put("abnormalPublished", alerts.published());
      a.put("alertsExpected", alerts.expected());
      a.put("alertsArrived", alerts.arrived());
      a.put("latencyMs", percentiles(alerts.latencyMicros()));
      a.put("transitionToArrivalMs", percentiles(alerts.pushMicros()));
      o.put("alertOnLiveStream", a);
    }
    if (cpu != null) {
      o.put("cpuPerMessage", cpu);
    }
    return o;
  }

  static Map<String, Object> percentiles(Histogram h) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("count", h.getTotalCount());
    o.put("p50", ms(h.getValueAtPercentile(50)));
    o.put("p95", ms(h.getValueAtPercentile(95)));
    o.put("p99", ms(h.getValueAtPercentile(99)));
    o.put("max", ms(h.getMaxValue()));
    return o;
  }

  static double ms(long micros) {
    return Math.round(micros / 100.0) / 10.0;
  }
}

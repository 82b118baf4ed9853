package dk.telemonitoring.hub.config;

/**
 * How many transactions triage runs at once. {@code auto} (the default) is half the processors, at
 * least one: triage is throughput work, and the other half is what ingest, the critical lane, the
 * live push and a broker or database on the same machine need to answer within their deadlines. On
 * two cores a second triage transaction drained a backlog 1.1-1.3x faster and raised a critical
 * alert's p99 during that backlog from 167-260 ms to 294-572 ms (docs/benchmark.md, "Triage leaves
 * a core to the critical path").
 */
public final class TriageConcurrency {

  public static final String AUTO = "auto";

  private TriageConcurrency() {}

  /** The setting's value on a machine with {@code processors} processors. */
  public static int of(String setting, int processors) {
    String value = setting.trim();
    if (AUTO.equalsIgnoreCase(value)) {
      return Math.max(1, processors / 2);
    }
    int n;
    try {
      n = Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "HUB_TRIAGE_CONCURRENCY must be 'auto' or a whole number, not '" + setting + "'", e);
    }
    if (n < 1) {
      throw new IllegalArgumentException("HUB_TRIAGE_CONCURRENCY must be at least 1, not " + n);
    }
    return n;
  }
}

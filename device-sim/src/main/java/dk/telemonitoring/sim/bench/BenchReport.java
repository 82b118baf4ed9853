package dk.telemonitoring.sim.bench;

import java.util.List;
import java.util.Map;

/** Renders a bench result as a Markdown table for the README or a PR. */
public final class BenchReport {
  private BenchReport() {}

  @SuppressWarnings("unchecked")
  public static String markdown(Map<String, Object> r) {
    StringBuilder sb = new StringBuilder();
    sb.append("Load generator: ")
        .append(r.get("loadGenerator"))
        .append("; devices ")
        .append(r.get("devices"))
        .append(", ")
        .append(r.get("durationSeconds"))
        .append(" s per step after ")
        .append(r.get("warmupSeconds"))
        .append(" s of warm-up.\n\n");
    sb.append(
        "| offered msg/s | acked | stored msg/s | zero loss | p50 ms | p95 ms | p99 ms | max ms | latency from |\n");
    sb.append("|---|---|---|---|---|---|---|---|---|\n");
    for (Object o : (List<Object>) r.get("steps")) {
      Map<String, Object> s = (Map<String, Object>) o;
      Map<String, Object> l = (Map<String, Object>) s.get("latencyMs");
      sb.append(
          String.format(
              "| %,.0f | %,d | %,.0f | %s | %s | %s | %s | %s | %s |%n",
              (Double) s.get("offeredRate"),
              (Long) s.get("acked"),
              (Double) s.get("storedPerSecond"),
              (Boolean) s.get("zeroLoss")
                  ? "yes"
                  : "NO (" + s.get("missing") + " missing, " + s.get("duplicated") + " duplicated)",
              l.get("p50"),
              l.get("p95"),
              l.get("p99"),
              l.get("max"),
              s.get("latencySource")));
    }
    sb.append(
        "\nThe same runs, publish (intended time) to readings.stored_at (insert, just before commit), ms:\n\n");
    sb.append("| offered msg/s | p50 | p95 | p99 | max |\n|---|---|---|---|---|\n");
    for (Object o : (List<Object>) r.get("steps")) {
      Map<String, Object> s = (Map<String, Object>) o;
      Map<String, Object> l = (Map<String, Object>) s.get("storedAtLatencyMs");
      sb.append(
          String.format(
              "| %,.0f | %s | %s | %s | %s |%n",
              (Double) s.get("offeredRate"),
              l.get("p50"),
              l.get("p95"),
              l.get("p99"),
              l.get("max")));
    }
    boolean alerts =
        ((List<Object>) r.get("steps"))
            .stream().anyMatch(o -> ((Map<String, Object>) o).containsKey("alertOnLiveStream"));
    if (alerts) {
      sb.append(
              "\nThe same runs, an abnormal reading's publish (intended time) to its alert arriving on the live ")
          .append("stream (/api/v1/stream, read as a nurse), ms:\n\n");
      sb.append(
              "| offered msg/s | alerts expected | arrived | p50 | p95 | p99 | max | push alone: transition to arrival, p50 / p99 |\n")
          .append("|---|---|---|---|---|---|---|---|\n");
      for (Object o : (List<Object>) r.get("steps")) {
        Map<String, Object> s = (Map<String, Object>) o;
        Map<String, Object> a = (Map<String, Object>) s.get("alertOnLiveStream");
        if (a == null) {
          continue;
        }
        Map<String, Object> l = (Map<String, Object>) a.get("latencyMs");
        Map<String, Object> p = (Map<String, Object>) a.get("transitionToArrivalMs");
        sb.append(
            String.format(
                "| %,.0f | %s | %s | %s | %s | %s | %s | %s / %s |%n",
                (Double) s.get("offeredRate"),
                a.get("alertsExpected"),
                a.get("alertsArrived"),
                l.get("p50"),
                l.get("p95"),
                l.get("p99"),
                l.get("max"),
                p.get("p50"),
                p.get("p99")));
      }
    }
    boolean cpu =
        ((List<Object>) r.get("steps"))
            .stream().anyMatch(o -> ((Map<String, Object>) o).containsKey("cpuPerMessage"));
    if (cpu) {
      sb.append(
              "\nCPU time per stored message, µs, from the step's first publish until triage's outbox ")
          .append("was empty (rest: broker, database and anything else on the machine; of it, ")
          .append("Mosquitto's and PostgreSQL's processes on this machine):\n\n")
          .append(
              "| offered msg/s | seconds | hub | load generator | rest | of it Mosquitto | of it PostgreSQL"
                  + " | machine busy | triage drained |\n")
          .append("|---|---|---|---|---|---|---|---|---|\n");
      for (Object o : (List<Object>) r.get("steps")) {
        Map<String, Object> s = (Map<String, Object>) o;
        if (!(s.get("cpuPerMessage") instanceof Map<?, ?> c)) {
          continue;
        }
        sb.append(
            String.format(
                "| %,.0f | %s | %s | %s | %s | %s | %s | %s | %s |%n",
                (Double) s.get("offeredRate"),
                c.get("seconds"),
                orDash(c.get("hubMicrosPerMessage")),
                orDash(c.get("generatorMicrosPerMessage")),
                orDash(c.get("restOfMachineMicrosPerMessage")),
                orDash(c.get("brokerMicrosPerMessage")),
                orDash(c.get("databaseMicrosPerMessage")),
                orDash(c.get("machineBusyShare")),
                Boolean.TRUE.equals(c.get("triageDrained")) ? "yes" : "no"));
      }
    }
    sb.append("\nHighest sustained rate: ")
        .append(r.get("highestSustainedRate"))
        .append(" msg/s\n");
    if (r.get("backlog") instanceof Map<?, ?> b) {
      sb.append("\nBacklog: ")
          .append(b.get("messages"))
          .append(" messages stored first; triage outbox ")
          .append(b.get("outboxRowsBeforeRun"))
          .append(" rows before the measured run, ")
          .append(b.get("outboxRowsAfterRun"))
          .append(" after it\n");
    }
    if (r.containsKey("limits")) {
      sb.append("\n| machine limit | messages | seconds | msg/s |\n|---|---|---|---|\n");
      for (Object o : (List<Object>) r.get("limits")) {
        Map<String, Object> l = (Map<String, Object>) o;
        sb.append(
            String.format(
                "| %s | %,d | %s | %,d |%n",
                l.get("name"),
                (Long) l.get("messages"),
                l.get("seconds"),
                (Long) l.get("messagesPerSecond")));
      }
      sb.append("\nHub / bare pipe: ").append(r.get("hubToBarePipeRatio")).append('\n');
    }
    return sb.toString();
  }

  private static Object orDash(Object value) {
    return value == null ? "-" : value;
  }
}

package dk.telemonitoring.sim.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU time spent by the hub (its {@code process_cpu_time_ns_total} on {@code /metrics}), by this
 * load generator, by Mosquitto and PostgreSQL when they run on this machine, and by the whole
 * machine ({@code /proc/stat}), read before and after a step.
 *
 * <p>Why: on a machine with no idle core a cost shows as latency that varies from run to run more
 * than any change to the hub; the CPU a message costs is steadier, so it shows what a change saved.
 */
final class CpuMeter {
  /** The kernel's clock ticks per second in {@code /proc/stat} (USER_HZ, 100 on Linux). */
  private static final long TICK_NANOS = 10_000_000L;

  private static final String HUB_COUNTER = "process_cpu_time_ns_total";

  /** One reading; a part that could not be read is -1 (or {@link ProcessTicks#NONE}). */
  record Sample(
      long atNanos,
      long hubNanos,
      long generatorNanos,
      long machineBusyNanos,
      ProcessTicks broker,
      ProcessTicks database) {}

  private final String metricsUrl;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /**
   * @param hubUrl the hub's HTTP base, or null when no hub is measured
   */
  CpuMeter(String hubUrl) {
    this.metricsUrl =
        hubUrl == null ? null : (hubUrl.endsWith("/") ? hubUrl : hubUrl + "/") + "metrics";
  }

  Sample sample() {
    return new Sample(
        System.nanoTime(),
        hubNanos(),
        generatorNanos(),
        machineBusyNanos(),
        ProcessTicks.of("mosquitto"),
        ProcessTicks.of("postgres"));
  }

  /**
   * What a step cost, per stored message, in microseconds: the hub, the generator, and the rest of
   * the machine (broker, database and anything else running), with the share of the machine busy;
   * of the rest, what Mosquitto and PostgreSQL processes on this machine spent (null when none runs
   * here).
   */
  static Map<String, Object> perMessage(Sample from, Sample to, long messages, int processors) {
    Map<String, Object> o = new LinkedHashMap<>();
    double seconds = (to.atNanos() - from.atNanos()) / 1e9;
    o.put("seconds", Math.round(seconds * 10) / 10.0);
    o.put("messages", messages);
    long hub = delta(from.hubNanos(), to.hubNanos());
    long generator = delta(from.generatorNanos(), to.generatorNanos());
    long machine = delta(from.machineBusyNanos(), to.machineBusyNanos());
    o.put("hubMicrosPerMessage", micros(hub, messages));
    o.put("generatorMicrosPerMessage", micros(generator, messages));
    o.put(
        "restOfMachineMicrosPerMessage",
        machine < 0 || hub < 0 || generator < 0
            ? null
            : micros(Math.max(0, machine - hub - generator), messages));
    o.put("brokerMicrosPerMessage", micros(to.broker().nanosSince(from.broker()), messages));
    o.put("databaseMicrosPerMessage", micros(to.database().nanosSince(from.database()), messages));
    o.put(
        "machineBusyShare",
        machine < 0 || seconds <= 0
            ? null
            : Math.round(machine / (seconds * 1e9 * processors) * 100) / 100.0);
    return o;
  }

  private static long delta(long from, long to) {
    return from < 0 || to < 0 ? -1 : to - from;
  }

  private static Double micros(long nanos, long messages) {
    return nanos < 0 || messages <= 0 ? null : Math.round(nanos / 100.0 / messages) / 10.0;
  }

  private long hubNanos() {
    if (metricsUrl == null) {
      return -1;
    }
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(metricsUrl)).timeout(Duration.ofSeconds(5)).build(),
              HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? counter(r.body(), HUB_COUNTER) : -1;
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** The value of a sample line {@code name value} in Prometheus' text format, or -1. */
  static long counter(String exposition, String name) {
    for (String line : exposition.split("\n")) {
      if (line.startsWith(name + " ")) {
        try {
          return (long) Double.parseDouble(line.substring(name.length() + 1).trim());
        } catch (NumberFormatException e) {
          return -1;
        }
      }
    }
    return -1;
  }

  private static long generatorNanos() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }

  private static long machineBusyNanos() {
    try {
      return busyNanos(Files.readAllLines(Path.of("/proc/stat")).get(0));
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /**
   * Busy time from {@code /proc/stat}'s first line: every column but idle and iowait ({@code cpu
   * user nice system idle iowait irq softirq steal ...}); guest time is already inside user.
   */
  static long busyNanos(String cpuLine) {
    String[] f = cpuLine.trim().split("\\s+");
    if (!"cpu".equals(f[0]) || f.length < 9) {
      return -1;
    }
    long busy = 0;
    for (int i = 1; i <= 8; i++) {
      if (i != 4 && i != 5) {
        busy += Long.parseLong(f[i]);
      }
    }
    return busy * TICK_NANOS;
  }
}

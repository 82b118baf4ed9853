package dk.telemonitoring.sim.run;

import dk.telemonitoring.sim.device.SimMessage;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/** Running counts of what a replay or live run has sent; also its summary at the end. */
public final class ReplayStats {
  private final long startNanos = System.nanoTime();
  private long sent;
  private long bad;
  private long duplicates;
  private long late;
  private Instant simulatedNow;
  private final Map<String, Long> byKind = new TreeMap<>();

  synchronized void count(SimMessage m) {
    sent++;
    if (m.deliberatelyBad()) {
      bad++;
    }
    if (m.duplicate()) {
      duplicates++;
    }
    if (m.late()) {
      late++;
    }
    byKind.merge(m.kind(), 1L, Long::sum);
    simulatedNow = m.sendAt();
  }

  public synchronized long sent() {
    return sent;
  }

  public synchronized long bad() {
    return bad;
  }

  public synchronized long duplicates() {
    return duplicates;
  }

  public synchronized long late() {
    return late;
  }

  public synchronized Instant simulatedNow() {
    return simulatedNow;
  }

  public synchronized Map<String, Long> byKind() {
    return Map.copyOf(byKind);
  }

  public double elapsedSeconds() {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  public synchronized String line() {
    double s = Math.max(1e-9, elapsedSeconds());
    return String.format(
        "sent %,d (%,.0f/s) | bad %,d | duplicates %,d | late %,d | simulated time %s",
        sent, sent / s, bad, duplicates, late, simulatedNow);
  }
}

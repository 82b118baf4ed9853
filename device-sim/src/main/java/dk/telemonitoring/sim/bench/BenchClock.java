package dk.telemonitoring.sim.bench;

import java.time.Instant;

/**
 * Anchors a plan's intended times to the wall clock (for payloads, DB) and to nanoTime (for
 * latency).
 */
final class BenchClock {
  private final BenchPlan plan;
  private volatile long startNanos;
  private volatile Instant startInstant;

  BenchClock(BenchPlan plan) {
    this.plan = plan;
  }

  /** Starts the schedule shortly in the future so every connection is ready for message 0. */
  void start() {
    long lead = 300_000_000L;
    startInstant = Instant.now().plusNanos(lead);
    startNanos = System.nanoTime() + lead;
  }

  long intendedNanos(int index) {
    return startNanos + plan.intendedOffsetNanos(index);
  }

  Instant intendedInstant(int index) {
    return startInstant.plusNanos(plan.intendedOffsetNanos(index));
  }

  Instant startInstant() {
    return startInstant;
  }

  boolean started() {
    return startInstant != null;
  }
}

package dk.telemonitoring.hub.ingest;

import io.vertx.core.Vertx;

/**
 * When a lost broker connection is tried again: 250 ms, doubling per failed attempt up to the
 * configured maximum, at most one attempt scheduled at a time. Used on one verticle's context.
 */
final class Backoff {

  private final long maxMs;
  private int failures;
  private boolean pending;

  Backoff(long maxMs) {
    this.maxMs = maxMs;
  }

  /** Runs {@code attempt} after the next delay, unless an attempt is already scheduled. */
  void retryLater(Vertx vertx, Runnable attempt) {
    if (pending) {
      return;
    }
    pending = true;
    vertx.setTimer(
        Math.min(maxMs, 250L << Math.min(failures++, 8)),
        id -> {
          pending = false;
          attempt.run();
        });
  }

  /** Connected: the next loss starts again at the shortest delay. */
  void reset() {
    failures = 0;
  }
}

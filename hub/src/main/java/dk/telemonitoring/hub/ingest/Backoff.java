package dk.telemonitoring.hub.ingest;

/**
 * When a lost broker connection is tried again: 250 ms, doubling per failed attempt up to the
 * configured maximum, at most one attempt scheduled at a time. Used on one verticle's context.
 */
final class Backoff {

  private final long maxMs;
  private int attempt;
  private boolean pending;

  Backoff(long maxMs) {
    this.maxMs = maxMs;
  }

  /** The delay before the next attempt, or -1 when an attempt is already scheduled. */
  long schedule() {
    if (pending) {
      return -1;
    }
    pending = true;
    return Math.min(maxMs, 250L << Math.min(attempt++, 8));
  }

  /** The scheduled attempt runs now. */
  void fired() {
    pending = false;
  }

  /** Connected: the next loss starts again at the shortest delay. */
  void reset() {
    attempt = 0;
  }
}

package dk.telemonitoring.sim.run;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bounded window of unacknowledged publishes a publisher keeps, and the count of those that
 * failed.
 */
final class PublishWindow {
  private final int size;
  private final Semaphore free;
  private final AtomicLong failures = new AtomicLong();

  PublishWindow(int size) {
    this.size = size;
    this.free = new Semaphore(size);
  }

  /** Blocks while the window is full. */
  void take() throws InterruptedException {
    free.acquire();
  }

  void delivered() {
    free.release();
  }

  void failed() {
    failures.incrementAndGet();
    free.release();
  }

  /** Waits until nothing is unacknowledged, or the timeout passes. */
  void awaitEmpty(long timeoutMillis) throws InterruptedException {
    if (free.tryAcquire(size, timeoutMillis, TimeUnit.MILLISECONDS)) {
      free.release(size);
    }
  }

  long failures() {
    return failures.get();
  }
}

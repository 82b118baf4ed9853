package dk.telemonitoring.sim.run;

import dk.telemonitoring.sim.device.SimMessage;
import java.time.Instant;
import java.util.Iterator;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Publishes a message stream in send-time order, paced by simulated time (speed = simulated seconds
 * per real second) and/or capped at a rate; with neither it goes as fast as the broker
 * acknowledges. Measurement times in the payloads stay in simulated time: a replay of four weeks
 * carries four weeks of measuredAt values.
 */
public final class Replay {
  private final MessagePublisher publisher;
  private final String topicRoot;
  private final String clinic;
  private final double speed;
  private final double maxRate;
  private volatile boolean stopped;

  /**
   * @param speed simulated seconds per real second, or 0 for no time pacing
   * @param maxRate messages per second, or 0 for no cap
   */
  public Replay(
      MessagePublisher publisher, String topicRoot, String clinic, double speed, double maxRate) {
    this.publisher = publisher;
    this.topicRoot = topicRoot;
    this.clinic = clinic;
    this.speed = speed;
    this.maxRate = maxRate;
  }

  /**
   * Runs until the stream ends, {@code until} (simulated send time) is reached or {@link #stop()}
   * is called. Calls {@code progress} about every {@code progressMillis}.
   */
  public ReplayStats run(
      Iterator<SimMessage> messages,
      Instant simulatedStart,
      Instant until,
      Consumer<ReplayStats> progress,
      long progressMillis)
      throws Exception {
    ReplayStats stats = new ReplayStats();
    SimClock clock = speed > 0 ? new SimClock(simulatedStart, speed) : null;
    long startNanos = System.nanoTime();
    long nextProgress = startNanos + progressMillis * 1_000_000;
    long index = 0;
    while (!stopped && messages.hasNext()) {
      SimMessage m = messages.next();
      if (until != null && !m.sendAt().isBefore(until)) {
        break;
      }
      long target = clock != null ? clock.nanoTimeOf(m.sendAt()) : 0;
      if (maxRate > 0) {
        target = Math.max(target, startNanos + (long) (index * 1e9 / maxRate));
      }
      while (!stopped && System.nanoTime() < target) {
        long wait = Math.min(target - System.nanoTime(), 200_000_000L);
        LockSupport.parkNanos(wait);
        if (System.nanoTime() >= nextProgress) {
          progress.accept(stats);
          nextProgress = System.nanoTime() + progressMillis * 1_000_000;
        }
      }
      if (stopped) {
        break;
      }
      publisher.publish(m.topic(topicRoot, clinic), m.payload());
      stats.count(m);
      index++;
      if (System.nanoTime() >= nextProgress) {
        progress.accept(stats);
        nextProgress = System.nanoTime() + progressMillis * 1_000_000;
      }
    }
    publisher.flush(30_000);
    return stats;
  }

  public void stop() {
    stopped = true;
  }
}

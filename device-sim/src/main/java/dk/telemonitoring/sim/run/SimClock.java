package dk.telemonitoring.sim.run;

import java.time.Duration;
import java.time.Instant;

/**
 * Maps simulated time onto the wall clock at a fixed speed (simulated seconds per real second), so
 * that weeks of a cohort can be played in minutes and a demo can show days pass while one watches.
 */
public final class SimClock {
  private final Instant simulatedStart;
  private final long realStartNanos;
  private final double speed;

  public SimClock(Instant simulatedStart, double speed) {
    if (speed <= 0) {
      throw new IllegalArgumentException("speed must be positive");
    }
    this.simulatedStart = simulatedStart;
    this.realStartNanos = System.nanoTime();
    this.speed = speed;
  }

  public Instant now() {
    long realNanos = System.nanoTime() - realStartNanos;
    return simulatedStart.plusNanos((long) (realNanos * speed));
  }

  /** The System.nanoTime() at which the simulated instant is reached. */
  public long nanoTimeOf(Instant simulated) {
    long simNanos = Duration.between(simulatedStart, simulated).toNanos();
    return realStartNanos + (long) (simNanos / speed);
  }

  public double speed() {
    return speed;
  }
}

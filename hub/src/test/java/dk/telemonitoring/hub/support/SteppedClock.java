package dk.telemonitoring.hub.support;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A hub's clock as a test moves it: it stands where the test last set it. */
public final class SteppedClock extends Clock {

  private volatile Instant now;

  public SteppedClock(Instant start) {
    this.now = start;
  }

  public void set(Instant t) {
    now = t;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    return now;
  }
}

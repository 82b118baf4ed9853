package dk.telemonitoring.hub.triage;

import java.time.Duration;
import java.time.Instant;

/** A half-open interval [from, to); {@code to == null} means still open. */
public record TimeInterval(Instant from, Instant to) {

  public boolean contains(Instant t) {
    return !t.isBefore(from) && (to == null || t.isBefore(to));
  }

  /**
   * The same interval with its end moved later, e.g. an alert episode plus the 14 days after it.
   */
  public TimeInterval extendedBy(Duration d) {
    return new TimeInterval(from, to == null ? null : to.plus(d));
  }
}

package dk.telemonitoring.hub.triage.schedule;

import java.time.Instant;

/** A window [start, end) in which one scheduled measurement is expected. */
public record Slot(Instant start, Instant end) {

  public boolean contains(Instant t) {
    return !t.isBefore(start) && t.isBefore(end);
  }
}

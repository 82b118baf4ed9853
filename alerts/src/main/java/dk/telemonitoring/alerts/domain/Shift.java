package dk.telemonitoring.alerts.domain;

import java.time.Instant;

/**
 * Who holds a role from {@code start} until {@code end}, and whether a rotation or an override says
 * so.
 */
public record Shift(OnCallRole role, String personId, Instant start, Instant end, Source source) {
  public enum Source {
    ROTATION,
    OVERRIDE
  }
}

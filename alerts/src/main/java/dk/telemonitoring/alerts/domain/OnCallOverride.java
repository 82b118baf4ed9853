package dk.telemonitoring.alerts.domain;

import java.time.Instant;

/**
 * One person covers a role for [from, to), e.g. a swapped shift. Wins over the rotation; the latest
 * created wins.
 */
public record OnCallOverride(
    long id,
    String clinicId,
    OnCallRole role,
    String personId,
    Instant from,
    Instant to,
    Instant createdAt) {

  public boolean covers(Instant t) {
    return !t.isBefore(from) && t.isBefore(to);
  }
}

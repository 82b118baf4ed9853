package dk.telemonitoring.alerts.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * An open alert as the clinic's queue shows it: how long it has waited and how far it is from its
 * deadline.
 */
public record QueueEntry(
    Alert alert, Duration waiting, Duration untilDeadline, boolean overdue, boolean snoozed) {
  public static QueueEntry of(Alert a, Instant now) {
    Duration until = a.timeToDeadline(now);
    return new QueueEntry(
        a, Duration.between(a.openedAt(), now), until, until.isNegative(), a.isSnoozed(now));
  }
}

package dk.telemonitoring.alerts.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** A snapshot of one alert (one episode of one rule for one patient). */
public record Alert(
    UUID id,
    String clinicId,
    UUID patientId,
    String ruleId,
    AlertKind kind,
    Level level,
    AlertState state,
    String explanation,
    String readingRef,
    Instant firstMeasuredAt,
    Instant lastMeasuredAt,
    Instant openedAt,
    Instant responseDeadline,
    Instant acknowledgedAt,
    String acknowledgedBy,
    Instant escalatedAt,
    Instant resolvedAt,
    String resolvedBy,
    CareOutcome outcome,
    LocalDate dischargedOn,
    Instant snoozedUntil,
    boolean snoozedUntilClear,
    Instant conditionClearedAt) {

  /** Time left until the response deadline (negative when overdue). */
  public Duration timeToDeadline(Instant now) {
    return Duration.between(now, responseDeadline);
  }

  public boolean isSnoozed(Instant now) {
    return snoozedUntilClear || (snoozedUntil != null && snoozedUntil.isAfter(now));
  }
}

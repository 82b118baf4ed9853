package dk.telemonitoring.alerts.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * A snapshot of one alert: a patient's case (at most one open per patient), holding each rule's
 * finding ({@link AlertFinding}). {@code ruleId}, {@code kind} and the explanation are those of the
 * finding that set the alert's level.
 */
public record Alert(
    UUID id,
    String clinicId,
    UUID patientId,
    String ruleId,
    AlertKind kind,
    Level level,
    AlertState state,
    String explanation,
    String explanationDa,
    String readingRef,
    Instant firstMeasuredAt,
    Instant lastMeasuredAt,
    Instant openedAt,
    Instant responseDeadline,
    Instant acknowledgedAt,
    String acknowledgedBy,
    Instant escalatedAt,
    String escalatedBy,
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

  /**
   * This alert handed to the doctor at {@code now}, by {@code person} (null: the escalation plan,
   * because nobody acknowledged it in time); the first escalation's time is kept. {@code
   * escalatedBy} names the person whose hand-over the alert is now in: a person's escalation sets
   * it, the plan's next page keeps it, and the plan escalating an alert that was not escalated
   * clears it.
   */
  public Alert escalated(Instant now, String person) {
    String by = person != null ? person : state == AlertState.ESCALATED ? escalatedBy : null;
    return toBuilder()
        .state(AlertStateMachine.next(state, AlertAction.ESCALATE))
        .escalatedAt(escalatedAt == null ? now : escalatedAt)
        .escalatedBy(by)
        .build();
  }

  /** A copy to change a few fields of. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Mutable copy of an alert, for the service to apply a transition. */
  public static final class Builder {
    private UUID id;
    private String clinicId;
    private UUID patientId;
    private String ruleId;
    private AlertKind kind;
    private Level level;
    private AlertState state;
    private String explanation;
    private String explanationDa;
    private String readingRef;
    private Instant firstMeasuredAt;
    private Instant lastMeasuredAt;
    private Instant openedAt;
    private Instant responseDeadline;
    private Instant acknowledgedAt;
    private String acknowledgedBy;
    private Instant escalatedAt;
    private String escalatedBy;
    private Instant resolvedAt;
    private String resolvedBy;
    private CareOutcome outcome;
    private LocalDate dischargedOn;
    private Instant snoozedUntil;
    private boolean snoozedUntilClear;
    private Instant conditionClearedAt;

    private Builder(Alert a) {
      this.id = a.id();
      this.clinicId = a.clinicId();
      this.patientId = a.patientId();
      this.ruleId = a.ruleId();
      this.kind = a.kind();
      this.level = a.level();
      this.state = a.state();
      this.explanation = a.explanation();
      this.explanationDa = a.explanationDa();
      this.readingRef = a.readingRef();
      this.firstMeasuredAt = a.firstMeasuredAt();
      this.lastMeasuredAt = a.lastMeasuredAt();
      this.openedAt = a.openedAt();
      this.responseDeadline = a.responseDeadline();
      this.acknowledgedAt = a.acknowledgedAt();
      this.acknowledgedBy = a.acknowledgedBy();
      this.escalatedAt = a.escalatedAt();
      this.escalatedBy = a.escalatedBy();
      this.resolvedAt = a.resolvedAt();
      this.resolvedBy = a.resolvedBy();
      this.outcome = a.outcome();
      this.dischargedOn = a.dischargedOn();
      this.snoozedUntil = a.snoozedUntil();
      this.snoozedUntilClear = a.snoozedUntilClear();
      this.conditionClearedAt = a.conditionClearedAt();
    }

    public Builder id(UUID v) {
      this.id = v;
      return this;
    }

    public Builder clinicId(String v) {
      this.clinicId = v;
      return this;
    }

    public Builder patientId(UUID v) {
      this.patientId = v;
      return this;
    }

    public Builder ruleId(String v) {
      this.ruleId = v;
      return this;
    }

    public Builder kind(AlertKind v) {
      this.kind = v;
      return this;
    }

    public Builder level(Level v) {
      this.level = v;
      return this;
    }

    public Builder state(AlertState v) {
      this.state = v;
      return this;
    }

    public Builder explanation(String v) {
      this.explanation = v;
      return this;
    }

    public Builder explanationDa(String v) {
      this.explanationDa = v;
      return this;
    }

    public Builder readingRef(String v) {
      this.readingRef = v;
      return this;
    }

    public Builder firstMeasuredAt(Instant v) {
      this.firstMeasuredAt = v;
      return this;
    }

    public Builder lastMeasuredAt(Instant v) {
      this.lastMeasuredAt = v;
      return this;
    }

    public Builder openedAt(Instant v) {
      this.openedAt = v;
      return this;
    }

    public Builder responseDeadline(Instant v) {
      this.responseDeadline = v;
      return this;
    }

    public Builder acknowledgedAt(Instant v) {
      this.acknowledgedAt = v;
      return this;
    }

    public Builder acknowledgedBy(String v) {
      this.acknowledgedBy = v;
      return this;
    }

    public Builder escalatedAt(Instant v) {
      this.escalatedAt = v;
      return this;
    }

    public Builder escalatedBy(String v) {
      this.escalatedBy = v;
      return this;
    }

    public Builder resolvedAt(Instant v) {
      this.resolvedAt = v;
      return this;
    }

    public Builder resolvedBy(String v) {
      this.resolvedBy = v;
      return this;
    }

    public Builder outcome(CareOutcome v) {
      this.outcome = v;
      return this;
    }

    public Builder dischargedOn(LocalDate v) {
      this.dischargedOn = v;
      return this;
    }

    public Builder snoozedUntil(Instant v) {
      this.snoozedUntil = v;
      return this;
    }

    public Builder snoozedUntilClear(boolean v) {
      this.snoozedUntilClear = v;
      return this;
    }

    public Builder conditionClearedAt(Instant v) {
      this.conditionClearedAt = v;
      return this;
    }

    public Alert build() {
      return new Alert(
          id,
          clinicId,
          patientId,
          ruleId,
          kind,
          level,
          state,
          explanation,
          explanationDa,
          readingRef,
          firstMeasuredAt,
          lastMeasuredAt,
          openedAt,
          responseDeadline,
          acknowledgedAt,
          acknowledgedBy,
          escalatedAt,
          escalatedBy,
          resolvedAt,
          resolvedBy,
          outcome,
          dischargedOn,
          snoozedUntil,
          snoozedUntilClear,
          conditionClearedAt);
    }
  }
}

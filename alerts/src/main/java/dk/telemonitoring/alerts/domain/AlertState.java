package dk.telemonitoring.alerts.domain;

/**
 * Where an alert stands. OPEN: nobody has taken it. ACKNOWLEDGED: a person owns it. ESCALATED: the
 * escalation engine (or a nurse) has handed it to a doctor, who has not acknowledged yet. RESOLVED:
 * closed, with a care-ladder outcome when a person closed it. "Reopened" is the transition RESOLVED
 * -&gt; OPEN, not a state of its own.
 */
public enum AlertState {
  OPEN,
  ACKNOWLEDGED,
  ESCALATED,
  RESOLVED;

  /** Counts against the one-open-alert-per-(patient, rule) rule. */
  public boolean isOpen() {
    return this != RESOLVED;
  }

  /** Escalation steps fire only while nobody owns the alert. */
  public boolean isUnacknowledged() {
    return this == OPEN || this == ESCALATED;
  }
}

package dk.telemonitoring.alerts.domain;

/**
 * Which part of a policy a timer is walking: the steps (unacknowledged) or the reminders
 * (acknowledged).
 */
public enum EscalationPhase {
  UNACKNOWLEDGED,
  ACKNOWLEDGED
}

package dk.telemonitoring.alerts.domain;

import java.util.Optional;

/** Who an escalation step pages, resolved against the on-call schedule when the step fires. */
public enum Recipient {
  NURSE_ON_DUTY(OnCallRole.NURSE_ON_DUTY),
  ONCALL_DOCTOR(OnCallRole.ONCALL_DOCTOR),
  BACKUP_DOCTOR(OnCallRole.BACKUP_DOCTOR),
  /** The person who acknowledged the alert (reminders); falls back to the on-call doctor. */
  ACKNOWLEDGER(null);

  private final OnCallRole role;

  Recipient(OnCallRole role) {
    this.role = role;
  }

  public Optional<OnCallRole> role() {
    return Optional.ofNullable(role);
  }

  /** A page to a doctor moves an unacknowledged alert to ESCALATED. */
  public boolean isDoctor() {
    return this == ONCALL_DOCTOR || this == BACKUP_DOCTOR;
  }
}

package dk.telemonitoring.alerts.domain;

/** A role that a clinic staffs around the clock through a rotation (and overrides). */
public enum OnCallRole {
  NURSE_ON_DUTY,
  ONCALL_DOCTOR,
  BACKUP_DOCTOR
}

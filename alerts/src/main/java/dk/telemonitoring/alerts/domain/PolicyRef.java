package dk.telemonitoring.alerts.domain;

/** A clinic's escalation policy for a level. */
public record PolicyRef(String clinicId, Level level) {}

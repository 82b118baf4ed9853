package dk.telemonitoring.alerts.domain;

/**
 * An override with the reason given for it (for people; resolving on-call needs only the override).
 */
public record StoredOverride(OnCallOverride override, String reason) {}

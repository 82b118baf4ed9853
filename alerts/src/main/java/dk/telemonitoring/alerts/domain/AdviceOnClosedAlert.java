package dk.telemonitoring.alerts.domain;

/**
 * A doctor's advice that a nurse still has to carry out, on an alert that closed before she did:
 * the doctor closed it, or it closed itself when the readings were normal again.
 */
public record AdviceOnClosedAlert(Advice advice, Alert alert) {}

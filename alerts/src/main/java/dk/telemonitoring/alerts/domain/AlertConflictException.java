package dk.telemonitoring.alerts.domain;

/**
 * The action would give a patient a second open alert for one rule (e.g. reopening while a new
 * episode is open).
 */
public class AlertConflictException extends AlertException {
  public AlertConflictException(String message, Throwable cause) {
    super(message, cause);
  }
}

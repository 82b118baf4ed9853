package dk.telemonitoring.alerts.domain;

/**
 * Base of the module's domain exceptions; SQL failures are translated into these once, in the
 * store.
 */
public class AlertException extends RuntimeException {
  public AlertException(String message) {
    super(message);
  }

  public AlertException(String message, Throwable cause) {
    super(message, cause);
  }
}

package dk.telemonitoring.alerts.domain;

/**
 * The advice is no longer for a nurse to carry out: somebody did, or newer advice on the alert
 * replaced it. The HTTP layer maps it to 409.
 */
public class AdviceDoneException extends AlertException {
  public AdviceDoneException(String message) {
    super(message);
  }
}

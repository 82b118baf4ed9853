package dk.telemonitoring.alerts.domain;

/**
 * A person closed an alert as they saw it, but newer readings joined it since: they should look
 * again first.
 */
public class AlertChangedException extends AlertException {
  public AlertChangedException(String message) {
    super(message);
  }
}

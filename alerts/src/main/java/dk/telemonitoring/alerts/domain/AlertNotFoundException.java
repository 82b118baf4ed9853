package dk.telemonitoring.alerts.domain;

import java.util.UUID;

/**
 * No alert with that id (or the acknowledge token is unknown, used or expired). The HTTP layer maps
 * it to 404.
 */
public class AlertNotFoundException extends AlertException {
  public AlertNotFoundException(UUID alertId) {
    super("no alert " + alertId);
  }

  public AlertNotFoundException(String message) {
    super(message);
  }
}

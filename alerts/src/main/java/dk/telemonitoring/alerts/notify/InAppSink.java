package dk.telemonitoring.alerts.notify;

import dk.telemonitoring.alerts.domain.NotificationMessage;
import io.vertx.core.Future;

/**
 * Receives in-app notifications; the hub pushes them to the recipient's browsers (e.g. over the
 * event bus).
 */
public interface InAppSink {
  Future<Void> deliver(NotificationMessage message);
}

package dk.telemonitoring.alerts.notify;

import dk.telemonitoring.alerts.domain.Channel;
import dk.telemonitoring.alerts.domain.NotificationMessage;
import io.vertx.core.Future;

/**
 * Delivers one notification by one channel. Succeeds with a short detail for the delivery log, or
 * fails.
 */
public interface NotificationChannel {
  Channel channel();

  Future<String> deliver(NotificationMessage message);
}

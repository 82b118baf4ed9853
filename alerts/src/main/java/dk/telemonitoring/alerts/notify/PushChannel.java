package dk.telemonitoring.alerts.notify;

import dk.telemonitoring.alerts.domain.Channel;
import dk.telemonitoring.alerts.domain.NotificationMessage;
import io.vertx.core.Future;

/** MQTT push to the doctor's app topic through the hub's {@link PushPublisher}. */
public final class PushChannel implements NotificationChannel {
  private final PushPublisher publisher;

  public PushChannel(PushPublisher publisher) {
    this.publisher = publisher;
  }

  @Override
  public Channel channel() {
    return Channel.PUSH;
  }

  @Override
  public Future<String> deliver(NotificationMessage m) {
    return publisher
        .publish(m.address(), Payloads.json(m).encode())
        .map("published to " + m.address());
  }
}

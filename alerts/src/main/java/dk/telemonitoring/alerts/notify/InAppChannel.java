package dk.telemonitoring.alerts.notify;

import dk.telemonitoring.alerts.domain.Channel;
import dk.telemonitoring.alerts.domain.NotificationMessage;
import io.vertx.core.Future;

/** In-app notification through the hub's {@link InAppSink}. */
public final class InAppChannel implements NotificationChannel {
  private final InAppSink sink;

  public InAppChannel(InAppSink sink) {
    this.sink = sink;
  }

  @Override
  public Channel channel() {
    return Channel.IN_APP;
  }

  @Override
  public Future<String> deliver(NotificationMessage m) {
    return sink.deliver(m).map("in-app to " + m.personId());
  }
}

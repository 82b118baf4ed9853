package dk.telemonitoring.hub.app;

import dk.telemonitoring.alerts.domain.Channel;
import dk.telemonitoring.alerts.domain.NotificationMessage;
import dk.telemonitoring.alerts.notify.NotificationChannel;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;

/**
 * A notification channel that counts its deliveries for {@code /metrics}: {@code hub_alert_pages}
 * by channel and outcome ({@code sent}, {@code failed}; a failed attempt is retried by the
 * dispatcher and counted again).
 */
final class CountedChannel implements NotificationChannel {

  private final NotificationChannel channel;
  private final Counter sent;
  private final Counter failed;

  CountedChannel(NotificationChannel channel, MeterRegistry registry) {
    this.channel = channel;
    String name = channel.channel().name().toLowerCase(java.util.Locale.ROOT);
    this.sent = counter(registry, name, "sent");
    this.failed = counter(registry, name, "failed");
  }

  private static Counter counter(MeterRegistry registry, String channel, String outcome) {
    return Counter.builder("hub_alert_pages")
        .description("Notification delivery attempts, by channel and outcome")
        .tag("channel", channel)
        .tag("outcome", outcome)
        .register(registry);
  }

  @Override
  public Channel channel() {
    return channel.channel();
  }

  @Override
  public Future<String> deliver(NotificationMessage message) {
    Future<String> delivered;
    try {
      delivered = channel.deliver(message);
    } catch (RuntimeException e) {
      failed.increment();
      throw e;
    }
    return delivered.onSuccess(d -> sent.increment()).onFailure(e -> failed.increment());
  }
}

package dk.telemonitoring.alerts.notify;

import io.vertx.core.Future;

/**
 * Publishes to a doctor's app topic; the hub implements it with its MQTT client (QoS 1, not
 * retained).
 */
public interface PushPublisher {
  Future<Void> publish(String topic, String jsonPayload);
}

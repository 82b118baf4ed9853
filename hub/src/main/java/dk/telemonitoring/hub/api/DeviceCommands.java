package dk.telemonitoring.hub.api;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

/**
 * Publishes on a device's command topic (QoS 1); the future completes when the broker has the
 * message. The hub's MQTT connection implements it; the topic names the clinic and the device,
 * never the patient.
 */
@FunctionalInterface
public interface DeviceCommands {

  Future<Void> publish(String clinicId, String deviceId, Buffer payload);
}

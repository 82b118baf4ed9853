package dk.telemonitoring.hub.ingest;

import io.vertx.core.net.NetSocket;
import io.vertx.mqtt.MqttClient;
import java.lang.reflect.Field;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The socket under a Vert.x MQTT client, so that ingest can pause reading it: Vert.x MQTT 5.0.8 has
 * no pause() (5.0.9 adds it), so this reaches it by reflection, and answers null when it cannot
 * (ingest then sheds instead).
 */
final class ClientSockets {

  private static final Logger LOG = LoggerFactory.getLogger(ClientSockets.class);
  private static final Field CONNECTION = connectionField();

  private ClientSockets() {}

  static NetSocket socketOf(MqttClient c) {
    try {
      return CONNECTION != null && CONNECTION.get(c) instanceof NetSocket s ? s : null;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  private static Field connectionField() {
    try {
      Field f = Class.forName("io.vertx.mqtt.impl.MqttClientImpl").getDeclaredField("connection");
      f.setAccessible(true);
      return f;
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.warn(
          "cannot pause the MQTT client's socket, falling back to shedding [reason: {}]",
          e.toString());
      return null;
    }
  }
}

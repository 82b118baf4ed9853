package dk.telemonitoring.sim.run;

import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How simulated devices connect: as the device contract asks, over MQTT 5 (re-sending what the
 * broker had no subscriber for); to a broker that refuses MQTT 5 (the demo's embedded Moquette
 * 0.17) over MQTT 3.1.1, said in the log because such a device cannot tell a dropped message from a
 * delivered one.
 */
public final class DevicePublishers {
  private static final Logger LOG = LoggerFactory.getLogger(DevicePublishers.class);

  /**
   * Brokers restart (the shared test broker is restarted by outage tests): keep trying this long.
   */
  private static final long CONNECT_FOR_MS = 10_000;

  private DevicePublishers() {}

  public static MessagePublisher connect(String brokerUrl, String clientId, int window)
      throws Exception {
    long deadline = System.currentTimeMillis() + CONNECT_FOR_MS;
    while (true) {
      try {
        return new Mqtt5Publisher(brokerUrl, clientId, window);
      } catch (MqttException e) {
        if (!unreachable(e)) {
          LOG.warn(
              "MQTT 5 refused, publishing over MQTT 3.1.1 without the re-send on 'no matching"
                  + " subscribers' [broker: {}, reason: {}]",
              brokerUrl,
              e.getMessage());
          return new PahoPublisher(brokerUrl, clientId, window);
        }
        if (System.currentTimeMillis() > deadline) {
          throw e;
        }
        Thread.sleep(500);
      }
    }
  }

  private static boolean unreachable(MqttException e) {
    return e.getReasonCode() == MqttClientException.REASON_CODE_SERVER_CONNECT_ERROR
        || e.getReasonCode() == MqttClientException.REASON_CODE_CONNECTION_LOST
        || e.getReasonCode() == MqttClientException.REASON_CODE_CLIENT_TIMEOUT;
  }
}

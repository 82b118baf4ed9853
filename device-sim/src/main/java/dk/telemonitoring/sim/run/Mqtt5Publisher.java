package dk.telemonitoring.sim.run;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;

/**
 * QoS 1 publisher on Paho's MQTT 5 client that follows the device contract's delivery rules
 * (docs/device-contract.md, "Delivery"): a message is delivered when its PUBACK says success. A
 * PUBACK saying no matching subscribers ({@code 0x10}: the broker had no hub subscribed, as after a
 * Mosquitto restart until the hubs subscribe again) or no PUBACK at all means not delivered, and
 * the same bytes are sent again after a pause until they are; a refusal ({@code 0x80} or above)
 * will not change by re-sending and counts as a failure. The window of unacknowledged messages is
 * bounded as in {@link PahoPublisher}; a message being re-sent keeps its place in it.
 */
public final class Mqtt5Publisher implements MessagePublisher {
  static final int NO_MATCHING_SUBSCRIBERS = 0x10;
  private static final int REFUSED = 0x80;
  private static final long RESEND_AFTER_MS = 1_000;

  private final MqttAsyncClient client;
  private final PublishWindow window;
  private final AtomicLong resent = new AtomicLong();
  private final ScheduledExecutorService resender =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "mqtt5-resend");
            t.setDaemon(true);
            return t;
          });
  private volatile boolean closed;

  public Mqtt5Publisher(String brokerUrl, String clientId, int window) throws MqttException {
    this.window = new PublishWindow(window);
    this.client = new MqttAsyncClient(brokerUrl, clientId, new MemoryPersistence());
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setCleanStart(true);
    options.setReceiveMaximum(window);
    options.setAutomaticReconnect(true);
    options.setAutomaticReconnectDelay(1, 5);
    options.setConnectionTimeout(10);
    try {
      client.connect(options).waitForCompletion(15_000);
    } catch (MqttException e) {
      resender.shutdownNow();
      client.close(true);
      throw e;
    }
  }

  @Override
  public void publish(String topic, byte[] payload) throws InterruptedException {
    window.take();
    send(topic, payload);
  }

  private void send(String topic, byte[] payload) {
    if (closed) {
      window.failed();
      return;
    }
    try {
      client.publish(
          topic,
          payload,
          1,
          false,
          null,
          new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
              int reason = pubackReason(token);
              if (reason == NO_MATCHING_SUBSCRIBERS) {
                resendLater(topic, payload);
              } else if (reason >= REFUSED) {
                window.failed();
              } else {
                window.delivered();
              }
            }

            @Override
            public void onFailure(IMqttToken token, Throwable e) {
              resendLater(topic, payload);
            }
          });
    } catch (MqttException e) {
      // Not connected (reconnecting) or the client's own window is full: try again shortly.
      resendLater(topic, payload);
    }
  }

  private void resendLater(String topic, byte[] payload) {
    resent.incrementAndGet();
    resender.schedule(() -> send(topic, payload), RESEND_AFTER_MS, TimeUnit.MILLISECONDS);
  }

  static int pubackReason(IMqttToken token) {
    int[] codes = token.getReasonCodes();
    return codes == null || codes.length == 0 ? 0 : codes[0];
  }

  @Override
  public void flush(long timeoutMillis) throws InterruptedException {
    window.awaitEmpty(timeoutMillis);
  }

  /** Publishes refused by the broker, or still undelivered when the publisher was closed. */
  @Override
  public long failures() {
    return window.failures();
  }

  /** Sends repeated because the broker had no subscriber for them or did not acknowledge them. */
  public long resent() {
    return resent.get();
  }

  /**
   * Waits up to 10 s for what is unacknowledged, then gives up on the rest (counted as failures).
   */
  @Override
  public void close() throws Exception {
    flush(10_000);
    closed = true;
    resender.shutdown();
    resender.awaitTermination(2, TimeUnit.SECONDS);
    if (client.isConnected()) {
      client.disconnect().waitForCompletion(5_000);
    }
    client.close();
  }
}

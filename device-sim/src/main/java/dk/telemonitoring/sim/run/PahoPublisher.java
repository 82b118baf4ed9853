package dk.telemonitoring.sim.run;

import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * QoS 1 publisher on Paho's async client with a bounded window of unacknowledged publishes: fast
 * enough for replays, and it blocks instead of failing when the broker falls behind.
 */
public final class PahoPublisher implements MessagePublisher {
  private final MqttAsyncClient client;
  private final PublishWindow window;

  public PahoPublisher(String brokerUrl, String clientId, int window) throws MqttException {
    this.window = new PublishWindow(window);
    this.client = new MqttAsyncClient(brokerUrl, clientId, new MemoryPersistence());
    MqttConnectOptions options = new MqttConnectOptions();
    options.setCleanSession(true);
    options.setMaxInflight(window);
    options.setConnectionTimeout(10);
    connectWithRetry(client, options);
  }

  /**
   * Brokers restart (the shared test broker is restarted by outage tests): retry for a few seconds.
   */
  static void connectWithRetry(MqttAsyncClient client, MqttConnectOptions options)
      throws MqttException {
    long deadline = System.currentTimeMillis() + 10_000;
    while (true) {
      try {
        client.connect(options).waitForCompletion(15_000);
        return;
      } catch (MqttException e) {
        if (System.currentTimeMillis() > deadline) {
          throw e;
        }
        try {
          Thread.sleep(500);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  @Override
  public void publish(String topic, byte[] payload) throws Exception {
    window.take();
    try {
      client.publish(
          topic,
          payload,
          1,
          false,
          null,
          new IMqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
              window.delivered();
            }

            @Override
            public void onFailure(IMqttToken token, Throwable e) {
              window.failed();
            }
          });
    } catch (MqttException e) {
      window.failed();
      throw e;
    }
  }

  @Override
  public void flush(long timeoutMillis) throws InterruptedException {
    window.awaitEmpty(timeoutMillis);
  }

  @Override
  public long failures() {
    return window.failures();
  }

  @Override
  public void close() throws Exception {
    flush(10_000);
    if (client.isConnected()) {
      client.disconnect().waitForCompletion(5_000);
    }
    client.close();
  }
}

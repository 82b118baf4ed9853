package dk.telemonitoring.sim.bench;

import dk.telemonitoring.sim.run.PahoPublisher;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Vertx;
import io.vertx.mqtt.MqttClientOptions;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * How fast a client drains N QoS 1 messages queued for its persistent session, acknowledging each
 * one manually (as the hub does after commit): Paho's blocking MqttClient versus the Vert.x
 * MqttClient. Both drain the same number of messages from the same broker; each gets its own
 * session and topic.
 */
public final class DrainBenchmark {
  public record Result(String client, long messages, double seconds, double messagesPerSecond) {}

  private DrainBenchmark() {}

  public static Result paho(String brokerUrl, int n, String runId) throws Exception {
    String clientId = runId + "-drain-paho";
    String topic = "bench/" + runId + "/drain-paho";
    MqttConnectOptions persistent = new MqttConnectOptions();
    persistent.setCleanSession(false);
    persistent.setMaxInflight(10_000);
    MqttClient client = new MqttClient(brokerUrl, clientId, new MemoryPersistence());
    client.connect(persistent);
    client.subscribe(topic, 1);
    client.disconnect();
    queue(brokerUrl, topic, n, runId + "-drain-paho-pub");

    AtomicLong received = new AtomicLong();
    CountDownLatch done = new CountDownLatch(1);
    client.setManualAcks(true);
    client.setCallback(
        new MqttCallback() {
          @Override
          public void connectionLost(Throwable cause) {
            done.countDown();
          }

          @Override
          public void messageArrived(String t, MqttMessage message) throws Exception {
            client.messageArrivedComplete(message.getId(), message.getQos());
            if (received.incrementAndGet() == n) {
              done.countDown();
            }
          }

          @Override
          public void deliveryComplete(IMqttDeliveryToken token) {}
        });
    long start = System.nanoTime();
    client.connect(persistent);
    done.await(300, TimeUnit.SECONDS);
    double seconds = (System.nanoTime() - start) / 1e9;
    client.disconnect();
    cleanSession(client);
    client.close();
    return new Result(
        "Paho MqttClient 1.2.5 (manual ack)", received.get(), seconds, received.get() / seconds);
  }

  public static Result vertx(String brokerUrl, int n, String runId) throws Exception {
    String clientId = runId + "-drain-vertx";
    String topic = "bench/" + runId + "/drain-vertx";
    URI uri = URI.create(brokerUrl);
    Vertx vertx = Vertx.vertx();
    try {
      MqttClientOptions options =
          new MqttClientOptions()
              .setClientId(clientId)
              .setCleanSession(false)
              .setMaxInflightQueue(10_000);
      options.setAutoAck(false);
      io.vertx.mqtt.MqttClient first = io.vertx.mqtt.MqttClient.create(vertx, options);
      first.connect(uri.getPort(), uri.getHost()).await();
      first.subscribe(topic, MqttQoS.AT_LEAST_ONCE.value()).await();
      first.disconnect().await();
      queue(brokerUrl, topic, n, runId + "-drain-vertx-pub");

      AtomicLong received = new AtomicLong();
      CountDownLatch done = new CountDownLatch(1);
      io.vertx.mqtt.MqttClient client = io.vertx.mqtt.MqttClient.create(vertx, options);
      client.publishHandler(
          m -> {
            m.ack();
            if (received.incrementAndGet() == n) {
              done.countDown();
            }
          });
      long start = System.nanoTime();
      client.connect(uri.getPort(), uri.getHost()).await();
      done.await(300, TimeUnit.SECONDS);
      double seconds = (System.nanoTime() - start) / 1e9;
      client.disconnect().await();
      io.vertx.mqtt.MqttClient cleaner =
          io.vertx.mqtt.MqttClient.create(
              vertx, new MqttClientOptions().setClientId(clientId).setCleanSession(true));
      cleaner.connect(uri.getPort(), uri.getHost()).await();
      cleaner.disconnect().await();
      return new Result(
          "Vert.x MqttClient 5.0.8 (autoAck=false, ack())",
          received.get(),
          seconds,
          received.get() / seconds);
    } finally {
      vertx.close().await();
    }
  }

  private static void queue(String brokerUrl, String topic, int n, String clientId)
      throws Exception {
    byte[] payload =
        ("{\"v\":1,\"msgId\":\"drain\",\"kind\":\"measurement\",\"measuredAt\":\"2026-01-01T00:00:00Z\","
                + "\"values\":[{\"code\":\"spo2\",\"value\":95,\"unit\":\"%\"}]}")
            .getBytes(StandardCharsets.UTF_8);
    try (PahoPublisher pub = new PahoPublisher(brokerUrl, clientId, 2_000)) {
      for (int i = 0; i < n; i++) {
        pub.publish(topic, payload);
      }
      pub.flush(120_000);
    }
  }

  /** Drops the persistent session so the broker does not keep it. */
  private static void cleanSession(MqttClient client) throws Exception {
    MqttConnectOptions clean = new MqttConnectOptions();
    clean.setCleanSession(true);
    client.connect(clean);
    client.disconnect();
  }
}

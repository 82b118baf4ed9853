package dk.telemonitoring.sim.bench;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SynchronizedHistogram;

/**
 * Measures publish-to-commit latency from the hub's receipts: the hub publishes a {@code receipt}
 * on the device's command topic after the reading is committed (device contract), so receipt
 * arrival minus intended send time is the latency a device would see. Subscribes with the Vert.x
 * client (as the hub does): a slower receipt reader would add its own queueing to every latency.
 */
final class ReceiptCollector implements AutoCloseable {
  private final BenchPlan plan;
  private final BenchClock clock;
  private final Vertx vertx = Vertx.vertx();
  private final MqttClient client;
  private final AtomicIntegerArray seen;
  final Histogram latencyMicros = new SynchronizedHistogram(3_600_000_000L, 3);
  final AtomicLong stored = new AtomicLong();
  final AtomicLong duplicate = new AtomicLong();
  final AtomicLong rejected = new AtomicLong();
  final AtomicLong lastReceiptNanos = new AtomicLong();

  ReceiptCollector(BenchPlan plan, BenchClock clock, String brokerUrl, String topicRoot) {
    this.plan = plan;
    this.clock = clock;
    this.seen = new AtomicIntegerArray(plan.messageCount());
    java.net.URI uri = java.net.URI.create(brokerUrl);
    this.client =
        MqttClient.create(
            vertx,
            new MqttClientOptions()
                .setClientId(plan.runId() + "-receipts")
                .setCleanSession(true)
                .setMaxMessageSize(262_144));
    client.publishHandler(m -> onReceipt(m.payload().getBytes()));
    client.connect(uri.getPort() < 0 ? 1883 : uri.getPort(), uri.getHost()).await();
    client.subscribe(topicRoot + "/+/devices/+/commands", 1).await();
  }

  private void onReceipt(byte[] payload) {
    long now = System.nanoTime();
    JsonObject o;
    try {
      o = new JsonObject(new String(payload, StandardCharsets.UTF_8));
    } catch (RuntimeException e) {
      return;
    }
    int index = plan.indexOf(o.getString("msgId"));
    if (!"receipt".equals(o.getString("kind"))
        || index < 0
        || index >= plan.messageCount()
        || !seen.compareAndSet(index, 0, 1)) {
      return;
    }
    switch (String.valueOf(o.getString("status"))) {
      case "stored" -> stored.incrementAndGet();
      case "duplicate" -> duplicate.incrementAndGet();
      default -> rejected.incrementAndGet();
    }
    latencyMicros.recordValue(Math.max(0, (now - clock.intendedNanos(index)) / 1000));
    lastReceiptNanos.set(now);
  }

  long receipts() {
    return stored.get() + duplicate.get() + rejected.get();
  }

  @Override
  public void close() {
    try {
      client.disconnect().await();
    } finally {
      vertx.close().await();
    }
  }
}

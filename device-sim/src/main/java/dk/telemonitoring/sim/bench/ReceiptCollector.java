package dk.telemonitoring.sim.bench;

import io.vertx.core.json.JsonObject;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SynchronizedHistogram;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measures publish-to-commit latency from the hub's receipts: the hub publishes a {@code receipt} on the device's
 * command topic after the reading is committed (device contract), so receipt arrival minus intended send time
 * is the latency a device would see.
 */
final class ReceiptCollector implements AutoCloseable {
    private final BenchPlan plan;
    private final BenchClock clock;
    private final MqttClient client;
    private final AtomicIntegerArray seen;
    final Histogram latencyMicros = new SynchronizedHistogram(3_600_000_000L, 3);
    final AtomicLong stored = new AtomicLong();
    final AtomicLong duplicate = new AtomicLong();
    final AtomicLong rejected = new AtomicLong();
    final AtomicLong lastReceiptNanos = new AtomicLong();

    ReceiptCollector(BenchPlan plan, BenchClock clock, String brokerUrl, String topicRoot) throws Exception {
        this.plan = plan;
        this.clock = clock;
        this.seen = new AtomicIntegerArray(plan.messageCount());
        this.client = new MqttClient(brokerUrl, plan.runId() + "-receipts", new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(true);
        o.setMaxInflight(10_000);
        client.connect(o);
        client.subscribe(topicRoot + "/+/devices/+/commands", 1, (topic, message) -> onReceipt(message.getPayload()));
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
        if (!"receipt".equals(o.getString("kind")) || index < 0 || index >= plan.messageCount()
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
    public void close() throws Exception {
        client.disconnect();
        client.close();
    }
}

package dk.telemonitoring.sim.bench;

import dk.telemonitoring.sim.run.PahoPublisher;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * What this machine can do without the hub, with the same messages and rows: the broker alone (a
 * subscriber that only counts), the database alone (COPY into a scratch table shaped like readings)
 * and a bare pipe (broker into a minimal subscriber that COPYs rows with no validation). The hub's
 * throughput is judged against the bare pipe. Both subscribers use the hub's MQTT client (Vert.x);
 * the scratch tables copy the definition of readings.
 */
final class MachineLimits {
  /** Throughput in messages per second (a message = {@link BenchPlan#ROWS_PER_MESSAGE} rows). */
  record Limit(String name, long messages, double seconds, double messagesPerSecond) {}

  private MachineLimits() {}

  static Limit brokerAlone(BenchPlan plan, String brokerUrl, int n) throws Exception {
    String root = "bench/" + plan.runId() + "/broker";
    AtomicLong received = new AtomicLong();
    AtomicLong last = new AtomicLong();
    VertxSubscriber sub =
        new VertxSubscriber(
            brokerUrl,
            plan.runId() + "-broker-sub",
            root,
            (t, p) -> {
              received.incrementAndGet();
              last.set(System.nanoTime());
            });
    long start = System.nanoTime();
    publishAll(plan, brokerUrl, root, n, "-broker-pub");
    awaitCount(received, n);
    sub.close();
    double seconds = (last.get() - start) / 1e9;
    return new Limit(
        "broker alone (Paho publisher -> broker -> count-only Vert.x subscriber)",
        received.get(),
        seconds,
        received.get() / seconds);
  }

  static Limit databaseAlone(BenchPlan plan, Connection c, int n) throws Exception {
    ScratchTables.recreate(c, ScratchTables.COPY_TABLE);
    CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
    Instant base = Instant.now();
    long start = System.nanoTime();
    int batch = 5_000;
    for (int from = 0; from < n; from += batch) {
      StringBuilder sb = new StringBuilder(batch * 160);
      for (int i = from; i < Math.min(n, from + batch); i++) {
        String at = base.plusMillis(i).toString();
        String now = Instant.now().toString();
        ScratchTables.appendRow(
            sb, at, plan.deviceOf(i), plan.msgId(i), "spo2", "bench", 90 + i % 8, "%", now, at);
        ScratchTables.appendRow(
            sb,
            at,
            plan.deviceOf(i),
            plan.msgId(i),
            "pulse",
            "bench",
            60 + i % 40,
            "/min",
            now,
            at);
      }
      copy.copyIn(
          "COPY " + ScratchTables.COPY_TABLE + " (" + ScratchTables.COLUMNS + ") FROM STDIN",
          new StringReader(sb.toString()));
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Limit("database alone (COPY, batches of 5000 messages)", n, seconds, n / seconds);
  }

  static Limit barePipe(BenchPlan plan, String brokerUrl, Connection c, int n) throws Exception {
    ScratchTables.recreate(c, ScratchTables.BARE_TABLE);
    CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
    String root = "bench/" + plan.runId() + "/bare";
    StringBuilder[] buffer = {new StringBuilder()};
    AtomicLong buffered = new AtomicLong();
    AtomicLong committed = new AtomicLong();
    AtomicLong last = new AtomicLong();
    VertxSubscriber sub =
        new VertxSubscriber(
            brokerUrl,
            plan.runId() + "-bare-sub",
            root,
            (topic, payload) -> {
              // No validation: take the fields and go.
              JsonObject o = new JsonObject(new String(payload, StandardCharsets.UTF_8));
              String device = topic.split("/")[5];
              String now = Instant.now().toString();
              JsonArray values = o.getJsonArray("values");
              synchronized (buffer) {
                for (int i = 0; i < values.size(); i++) {
                  JsonObject v = values.getJsonObject(i);
                  ScratchTables.appendRow(
                      buffer[0],
                      o.getString("measuredAt"),
                      device,
                      o.getString("msgId"),
                      v.getString("code"),
                      "bench",
                      v.getDouble("value"),
                      v.getString("unit"),
                      now,
                      o.getString("sentAt"));
                }
                buffered.incrementAndGet();
              }
            });
    Thread writer =
        new Thread(
            () -> {
              try {
                while (committed.get() < n && !Thread.currentThread().isInterrupted()) {
                  String rows;
                  long count;
                  synchronized (buffer) {
                    rows = buffer[0].toString();
                    count = buffered.getAndSet(0);
                    buffer[0] = new StringBuilder();
                  }
                  if (count == 0) {
                    Thread.sleep(5);
                    continue;
                  }
                  copy.copyIn(
                      "COPY "
                          + ScratchTables.BARE_TABLE
                          + " ("
                          + ScratchTables.COLUMNS
                          + ") FROM STDIN",
                      new StringReader(rows));
                  committed.addAndGet(count);
                  last.set(System.nanoTime());
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } catch (Exception e) {
                System.err.println("bench: bare pipe writer failed: " + e);
              }
            },
            "bench-bare-writer");
    writer.start();
    long start = System.nanoTime();
    publishAll(plan, brokerUrl, root, n, "-bare-pub");
    awaitCount(committed, n);
    writer.interrupt();
    writer.join(5_000);
    sub.close();
    double seconds = (last.get() - start) / 1e9;
    return new Limit(
        "bare pipe (broker -> Vert.x subscriber -> COPY, no validation)",
        committed.get(),
        seconds,
        committed.get() / seconds);
  }

  @FunctionalInterface
  interface Handler {
    void accept(String topic, byte[] payload) throws Exception;
  }

  /**
   * The same MQTT client as the hub's (Vert.x, on an event loop), QoS 1 with automatic
   * acknowledgement, so a limit measures the broker and the database rather than a slower client
   * library.
   */
  private static final class VertxSubscriber implements AutoCloseable {
    private final io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
    private final io.vertx.mqtt.MqttClient client;

    VertxSubscriber(String brokerUrl, String clientId, String root, Handler handler) {
      java.net.URI uri = java.net.URI.create(brokerUrl);
      client =
          io.vertx.mqtt.MqttClient.create(
              vertx,
              new io.vertx.mqtt.MqttClientOptions()
                  .setClientId(clientId)
                  .setCleanSession(true)
                  .setMaxMessageSize(262_144));
      client.publishHandler(
          m -> {
            try {
              handler.accept(m.topicName(), m.payload().getBytes());
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          });
      client.connect(uri.getPort() < 0 ? 1883 : uri.getPort(), uri.getHost()).await();
      client.subscribe(root + "/+/devices/+/readings", 1).await();
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

  private static void publishAll(
      BenchPlan plan, String brokerUrl, String root, int n, String suffix) throws Exception {
    Instant base = Instant.now();
    try (PahoPublisher pub = new PahoPublisher(brokerUrl, plan.runId() + suffix, 2_000)) {
      for (int i = 0; i < n; i++) {
        pub.publish(
            root + "/bench/devices/" + plan.deviceOf(i) + "/readings",
            plan.payload(i, base.plusMillis(i)));
      }
      pub.flush(60_000);
    }
  }

  /** Waits until the counter reaches n or stops moving for 10 s. */
  private static void awaitCount(AtomicLong counter, long n) throws InterruptedException {
    long lastValue = -1;
    long lastChange = System.nanoTime();
    while (counter.get() < n) {
      Thread.sleep(20);
      long v = counter.get();
      if (v != lastValue) {
        lastValue = v;
        lastChange = System.nanoTime();
      } else if (System.nanoTime() - lastChange > 10_000_000_000L) {
        return;
      }
    }
  }
}

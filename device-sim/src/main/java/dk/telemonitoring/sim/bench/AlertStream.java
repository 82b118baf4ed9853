package dk.telemonitoring.sim.bench;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.parsetools.RecordParser;
import java.net.URI;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SynchronizedHistogram;

/**
 * Reads the hub's live push ({@code GET /api/v1/stream}, Server-Sent Events) as the triage screen
 * does, and times the arrival of each alert sample's alert: the first {@code alert} event opening
 * an alert for a sample's fresh patient, minus the intended publish time of that patient's abnormal
 * reading (its {@code sentAt}). Vert.x client, on its own event loop, so arrivals are stamped as
 * soon as the bytes come in.
 */
final class AlertStream implements AutoCloseable {
  private final Vertx vertx = Vertx.vertx();
  private final HttpClient client;
  private final AtomicReference<Round> round = new AtomicReference<>();
  private final CountDownLatch hello = new CountDownLatch(1);
  final AtomicLong alertEvents = new AtomicLong();

  /** The samples of one run and what has arrived for them. */
  static final class Round {
    final AlertSamples samples;
    final BenchClock clock;
    final BenchPlan plan;
    final AtomicIntegerArray arrived;
    final AtomicLong arrivedCount = new AtomicLong();
    final AtomicLong lastArrivalNanos = new AtomicLong();
    final Histogram latencyMicros = new SynchronizedHistogram(3_600_000_000L, 3);

    /**
     * From the alert's OPEN transition time (hub clock, set in the triage transaction) to arrival:
     * the push alone.
     */
    final Histogram pushMicros = new SynchronizedHistogram(3_600_000_000L, 3);

    Round(BenchPlan plan, AlertSamples samples, BenchClock clock) {
      this.plan = plan;
      this.samples = samples;
      this.clock = clock;
      this.arrived = new AtomicIntegerArray(samples.count());
    }
  }

  AlertStream(String hubUrl, String cookie) throws InterruptedException {
    URI uri = URI.create(NurseSession.base(hubUrl));
    client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false));
    RequestOptions request =
        new RequestOptions()
            .setMethod(HttpMethod.GET)
            .setHost(uri.getHost())
            .setPort(uri.getPort() < 0 ? 80 : uri.getPort())
            .setURI("/api/v1/stream")
            .putHeader("Cookie", cookie)
            .putHeader("Accept", "text/event-stream");
    AtomicReference<String> failure = new AtomicReference<>();
    client
        .request(request)
        .compose(r -> r.send())
        .onComplete(
            ar -> {
              if (ar.failed() || ar.result().statusCode() != 200) {
                failure.set(
                    ar.failed() ? ar.cause().toString() : "status " + ar.result().statusCode());
                hello.countDown();
                return;
              }
              // One SSE event per blank-line-separated record.
              RecordParser events = RecordParser.newDelimited("\n\n", this::onEvent);
              ar.result().handler(events);
            });
    if (!hello.await(30, TimeUnit.SECONDS) || failure.get() != null) {
      close();
      throw new IllegalStateException(
          "live stream not available: " + (failure.get() == null ? "no hello" : failure.get()));
    }
  }

  /**
   * Starts timing the samples of one run (the previous run's late arrivals are no longer counted).
   */
  Round begin(BenchPlan plan, AlertSamples samples, BenchClock clock) {
    Round r = new Round(plan, samples, clock);
    round.set(r);
    return r;
  }

  private void onEvent(Buffer record) {
    long now = System.nanoTime();
    java.time.Instant wallNow = java.time.Instant.now();
    String name = null;
    StringBuilder data = new StringBuilder();
    for (String line : record.toString().split("\n")) {
      if (line.startsWith("event:")) {
        name = line.substring(6).trim();
      } else if (line.startsWith("data:")) {
        data.append(line.substring(5).trim());
      }
    }
    if ("hello".equals(name)) {
      hello.countDown();
    } else if ("changes".equals(name) && data.length() > 0) {
      for (Object o : new JsonArray(data.toString())) {
        if (o instanceof JsonObject e && "alert".equals(e.getString("type"))) {
          alertEvents.incrementAndGet();
          onAlert(e, now, wallNow);
        }
      }
    }
  }

  private void onAlert(JsonObject e, long now, java.time.Instant wallNow) {
    Round r = round.get();
    if (r == null || !"OPEN".equals(e.getString("action")) || e.getString("patientId") == null) {
      return;
    }
    int sample = r.samples.sampleOf(UUID.fromString(e.getString("patientId")));
    if (sample < 0 || !r.arrived.compareAndSet(sample, 0, 1)) {
      return;
    }
    int index = r.samples.messageIndexes()[sample];
    r.latencyMicros.recordValue(Math.max(0, (now - r.clock.intendedNanos(index)) / 1000));
    if (e.getString("at") != null) {
      // Wall clocks: the hub runs on this machine in the benchmark, so they are the same clock.
      long micros =
          java.time.Duration.between(java.time.Instant.parse(e.getString("at")), wallNow).toNanos()
              / 1000;
      r.pushMicros.recordValue(Math.max(0, micros));
    }
    r.arrivedCount.incrementAndGet();
    r.lastArrivalNanos.set(now);
  }

  @Override
  public void close() {
    try {
      client.close().await();
    } catch (Exception ignored) {
      // closing anyway
    } finally {
      vertx.close().await();
    }
  }
}

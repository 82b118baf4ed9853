package dk.telemonitoring.hub.fault;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.hub.api.ApiClient;
import dk.telemonitoring.hub.config.DbUrl;
import dk.telemonitoring.hub.config.Setting;
import dk.telemonitoring.hub.fault.FaultKit.Cohort;
import dk.telemonitoring.hub.support.TestHub;
import dk.telemonitoring.hub.support.TestServices;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A burst far above what the hub writes per second: 20,000 messages from 4 device clients, each
 * publishing as fast as Paho lets it (500 unacknowledged at a time), against a hub whose in-memory
 * backlog is capped at 500 (HUB_INGEST_MAX_IN_FLIGHT). The hub leaves the excess with the broker
 * instead of holding it, sheds nothing it acknowledged (every message stored once at the end),
 * keeps answering /health/ready and a nurse's triage screen (the page and the board it loads, every
 * quarter second), and reports its backlog in /metrics.
 *
 * <p>/health/ready runs {@code SELECT 1} on a connection of its own (not the batch writer's pool)
 * with a 2 s timeout. On a 2-core machine shared with the load generator its latency is not
 * bounded, so this test prints the maximum (0.3-1.9 s in runs of 2026-12-02) and fails only if more
 * than a fifth of the requests go unanswered within 2 s; latency targets belong to the benchmark.
 * An ingest-only instance (triage off): this test is about the edge, triage throughput is the
 * benchmark's.
 */
@Timeout(300)
class OverloadBurstTest {

  private static final int MAX_IN_FLIGHT = 500;
  private static final int CLIENTS = 4;
  private static final int PER_CLIENT = 5_000;
  private static final String NURSE_PASSWORD = "overload nurse password";

  @Test
  void aBurstFarAboveCapacityIsStoredOnceWithBoundedMemoryAndReportedInMetrics() throws Exception {
    Assumptions.assumeTrue(
        TestServices.brokerIsMosquitto(), "needs Mosquitto's queueing (max_queued_messages)");
    DbUrl server = TestServices.postgres();
    DbUrl db = TestServices.freshDatabase(server, "foverload");
    String topicRoot = TestServices.uniqueTopicRoot();
    Map<Setting, String> settings =
        FaultKit.hubSettings(db, topicRoot, "hub-overload-" + UUID.randomUUID());
    settings.put(Setting.INGEST_MAX_IN_FLIGHT, String.valueOf(MAX_IN_FLIGHT));
    settings.put(Setting.TRIAGE_ENABLED, "false");
    settings.put(Setting.FEEDBACK_RECEIPTS, "false");
    try (TestHub hub = TestHub.start(settings)) {
      Cohort cohort = FaultKit.provision(db, "foverload", 20, 0);
      AtomicLong maxHeld = new AtomicLong();
      AtomicLong maxHealthMillis = new AtomicLong();
      AtomicInteger healthFailures = new AtomicInteger();
      AtomicInteger healthChecks = new AtomicInteger();
      Thread heldSampler =
          sampler(
              () -> maxHeld.accumulateAndGet((long) gauge(hub, "hub_ingest_held"), Math::max), 5);
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
      Thread healthSampler =
          sampler(
              () -> {
                long start = System.nanoTime();
                try {
                  http.send(
                      HttpRequest.newBuilder(URI.create(hub.httpBase() + "/health/ready"))
                          .timeout(Duration.ofSeconds(2))
                          .build(),
                      HttpResponse.BodyHandlers.ofString());
                  maxHealthMillis.accumulateAndGet(
                      (System.nanoTime() - start) / 1_000_000, Math::max);
                } catch (Exception e) {
                  healthFailures.incrementAndGet();
                }
                healthChecks.incrementAndGet();
              },
              100);

      ApiClient.createUser(
          hub.httpBase(),
          TestHub.SERVICE_TOKEN,
          "nurse@overload.test",
          NURSE_PASSWORD,
          "nurse",
          cohort.clinic());
      ApiClient nurse = ApiClient.loggedIn(hub.httpBase(), "nurse@overload.test", NURSE_PASSWORD);
      AtomicLong maxScreenMillis = new AtomicLong();
      AtomicInteger screenFailures = new AtomicInteger();
      AtomicInteger screenLoads = new AtomicInteger();
      Thread screenSampler =
          sampler(
              () -> {
                long start = System.nanoTime();
                boolean served;
                try {
                  served =
                      nurse.get("/").statusCode() == 200
                          && nurse.get("/api/v1/board").statusCode() == 200;
                } catch (RuntimeException e) {
                  served = false; // no answer within the client's 20 s
                }
                if (Thread.currentThread().isInterrupted()) {
                  return; // the sampler was stopped mid-load: the load was cut by the test
                }
                maxScreenMillis.accumulateAndGet(
                    (System.nanoTime() - start) / 1_000_000, Math::max);
                if (!served) {
                  screenFailures.incrementAndGet();
                }
                screenLoads.incrementAndGet();
              },
              250);

      Set<String> acked = ConcurrentHashMap.newKeySet();
      List<Thread> publishers = new ArrayList<>();
      Instant base = Instant.now().minus(Duration.ofMinutes(30));
      for (int c = 0; c < CLIENTS; c++) {
        int client = c;
        Thread t = new Thread(() -> publish(topicRoot, cohort, client, base, acked), "burst-" + c);
        t.start();
        publishers.add(t);
      }
      for (Thread t : publishers) {
        t.join(180_000);
      }
      long backlogAfterBurst =
          (long) gauge(hub, "hub_ingest_write_backlog") + (long) gauge(hub, "hub_ingest_held");
      assertThat(acked).as("the broker acknowledged the whole burst").hasSize(CLIENTS * PER_CLIENT);

      Accounting.storedExactlyOnce(db, acked, Duration.ofSeconds(180));
      heldSampler.interrupt();
      healthSampler.interrupt();
      screenSampler.interrupt();
      System.out.printf(
          "overload: max held %d (limit %d), backlog right after the burst %d, /health max %d ms over %d checks, %d failed;"
              + " triage screen (page and board) max %d ms over %d loads, %d failed%n",
          maxHeld.get(),
          MAX_IN_FLIGHT,
          backlogAfterBurst,
          maxHealthMillis.get(),
          healthChecks.get(),
          healthFailures.get(),
          maxScreenMillis.get(),
          screenLoads.get(),
          screenFailures.get());
      assertThat(maxHeld.get())
          .as("messages held in the hub's memory")
          .isLessThanOrEqualTo(MAX_IN_FLIGHT + 10);
      assertThat(maxHeld.get()).as("the hub reported a backlog while it had one").isPositive();
      assertThat(healthChecks.get()).as("/health was asked during the burst").isPositive();
      assertThat(screenLoads.get())
          .as("the triage screen was loaded during the burst")
          .isPositive();
      assertThat(screenFailures.get())
          .as("triage screen loads refused or failed (of %d)", screenLoads.get())
          .isZero();
      assertThat(healthFailures.get() * 5)
          .as("/health requests unanswered within 2 s (of %d)", healthChecks.get())
          .isLessThanOrEqualTo(healthChecks.get());
      String metrics =
          http.send(
                  HttpRequest.newBuilder(URI.create(hub.httpBase() + "/metrics")).build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      assertThat(metrics)
          .contains(
              "hub_ingest_held",
              "hub_ingest_in_flight",
              "hub_ingest_write_backlog",
              "hub_messages_received_total");
    } finally {
      TestServices.dropDatabase(db, server);
    }
  }

  private static void publish(
      String topicRoot, Cohort cohort, int clientNo, Instant base, Set<String> acked) {
    try {
      MqttAsyncClient client =
          new MqttAsyncClient(
              TestServices.mqttUrl(),
              "burst-" + clientNo + "-" + UUID.randomUUID(),
              new MemoryPersistence());
      MqttConnectOptions options = new MqttConnectOptions();
      options.setCleanSession(true);
      options.setMaxInflight(MAX_IN_FLIGHT);
      client.connect(options).waitForCompletion(10_000);
      ArrayDeque<IMqttDeliveryToken> window = new ArrayDeque<>();
      ArrayDeque<String> keys = new ArrayDeque<>();
      for (int i = 0; i < PER_CLIENT; i++) {
        String device = cohort.devices().get((clientNo * PER_CLIENT + i) % cohort.devices().size());
        String msgId = "o-" + clientNo + "-" + i;
        byte[] payload =
            FaultKit.spo2Message(msgId, base.plusMillis(clientNo * PER_CLIENT + i), 95, 76)
                .getBytes(StandardCharsets.UTF_8);
        if (window.size() >= MAX_IN_FLIGHT - 1) {
          window.removeFirst().waitForCompletion(60_000);
          acked.add(keys.removeFirst());
        }
        String topic = topicRoot + "/" + cohort.clinic() + "/devices/" + device + "/readings";
        IMqttDeliveryToken token = null;
        while (token == null) {
          try {
            token = client.publish(topic, payload, 1, false);
          } catch (org.eclipse.paho.client.mqttv3.MqttException e) {
            if (e.getReasonCode()
                != org.eclipse.paho.client.mqttv3.MqttException.REASON_CODE_MAX_INFLIGHT) {
              throw e;
            }
            Thread.sleep(1); // Paho frees its window a little after the token completes
          }
        }
        window.addLast(token);
        keys.addLast(device + "|" + msgId);
      }
      while (!window.isEmpty()) {
        window.removeFirst().waitForCompletion(60_000);
        acked.add(keys.removeFirst());
      }
      client.disconnect().waitForCompletion(5_000);
      client.close();
    } catch (Exception e) {
      throw new IllegalStateException("burst publisher " + clientNo + " failed", e);
    }
  }

  private static Thread sampler(Runnable sample, long everyMs) {
    Thread t =
        new Thread(
            () -> {
              while (!Thread.currentThread().isInterrupted()) {
                sample.run();
                try {
                  Thread.sleep(everyMs);
                } catch (InterruptedException e) {
                  return;
                }
              }
            });
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static double gauge(TestHub hub, String name) {
    var gauge = hub.hub().metrics().find(name).gauge();
    return gauge == null ? 0 : gauge.value();
  }
}

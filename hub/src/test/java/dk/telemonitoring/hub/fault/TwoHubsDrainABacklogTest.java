package dk.telemonitoring.hub.fault;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.hub.config.DbUrl;
import dk.telemonitoring.hub.config.Setting;
import dk.telemonitoring.hub.fault.FaultKit.Cohort;
import dk.telemonitoring.hub.support.HubProcess;
import dk.telemonitoring.hub.support.Sql;
import dk.telemonitoring.hub.support.TestServices;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A backlog drained by two hubs at once, as after an outage of the whole service: both hubs' MQTT
 * sessions exist at the broker, both hubs are down while devices publish 100,000 QoS 1 messages
 * (the broker queues them to the two sessions), then both start together and drain. Concurrent
 * batches of the two hubs used to deadlock on the devices' last-seen rows (40P01, retried); now
 * none may: PostgreSQL's deadlock counter for the database stays at zero and no hub logs one. Every
 * acknowledged message is stored exactly once and triaged. The backlog's size is {@code
 * -Dbacklog.messages} (100,000 unless set); the drain's figures are printed.
 */
@Timeout(900)
class TwoHubsDrainABacklogTest {

  private static final int PATIENTS = 200;
  private static final int IN_FLIGHT = 1_000;

  @Test
  void twoHubsDrainAHundredThousandMessageBacklogWithoutADeadlock() throws Exception {
    Assumptions.assumeTrue(TestServices.brokerIsMosquitto(), "shared subscriptions need Mosquitto");
    int messages = Integer.getInteger("backlog.messages", 100_000);
    DbUrl server = TestServices.postgres();
    DbUrl db = TestServices.freshDatabase(server, "fdrain");
    String topicRoot = TestServices.uniqueTopicRoot();
    String run = UUID.randomUUID().toString().substring(0, 8);
    Map<Setting, String> settingsA = FaultKit.hubSettings(db, topicRoot, "drain-a-" + run);
    Map<Setting, String> settingsB = FaultKit.hubSettings(db, topicRoot, "drain-b-" + run);
    try {
      // Both sessions (clean session off) subscribe once, then both hubs are gone.
      try (HubProcess a = new HubProcess(settingsA).start();
          HubProcess b = new HubProcess(settingsB).start()) {
        a.kill();
        b.kill();
      }
      Cohort cohort = FaultKit.provision(db, "fdrain", PATIENTS, 0);
      long deadlocksBefore = deadlocks(db);

      long publishStart = System.nanoTime();
      Set<String> acked = publish(topicRoot, cohort, messages);
      double publishSeconds = (System.nanoTime() - publishStart) / 1e9;
      assertThat(acked).as("the broker acknowledged the whole backlog").hasSize(messages);

      long drainStart = System.nanoTime();
      try (HubProcess a = new HubProcess(settingsA).start();
          HubProcess b = new HubProcess(settingsB).start()) {
        long rows = (long) messages * Accounting.ROWS_PER_MESSAGE;
        assertThat(
                Sql.awaitCount(
                    db, Duration.ofMinutes(8), n -> n >= rows, "SELECT count(*) FROM readings"))
            .as("readings stored")
            .isGreaterThanOrEqualTo(rows);
        double storedSeconds = (System.nanoTime() - drainStart) / 1e9;
        Accounting.storedExactlyOnce(db, acked, Duration.ofSeconds(60));
        assertThat(
                Sql.awaitCount(
                    db, Duration.ofMinutes(8), n -> n == 0, "SELECT count(*) FROM triage_outbox"))
            .as("triage outbox drained")
            .isZero();
        double triagedSeconds = (System.nanoTime() - drainStart) / 1e9;
        assertThat(Sql.count(db, "SELECT count(DISTINCT (device_id, msg_id)) FROM triage_findings"))
            .as("every message triaged")
            .isEqualTo(messages);
        long storedByA = a.metric("hub_messages_stored_total");
        long storedByB = b.metric("hub_messages_stored_total");
        // The counter is flushed to shared statistics when a backend goes idle (at most a second).
        Sql.sleep(2_000);
        long deadlocks = deadlocks(db) - deadlocksBefore;
        String logs = a.logText() + b.logText();
        System.out.printf(
            "backlog drain, two hubs: %d messages published in %.1f s (%.0f msg/s); stored in %.1f s"
                + " (%.0f msg/s; hub a %d, hub b %d), triaged in %.1f s (%.0f msg/s);"
                + " deadlocks (40P01) %d%n",
            messages,
            publishSeconds,
            messages / publishSeconds,
            storedSeconds,
            messages / storedSeconds,
            storedByA,
            storedByB,
            triagedSeconds,
            messages / triagedSeconds,
            deadlocks);
        assertThat(storedByA).as("hub a drained its session's share").isPositive();
        assertThat(storedByB).as("hub b drained its session's share").isPositive();
        assertThat(deadlocks).as("deadlocks detected in the hubs' database (40P01)").isZero();
        assertThat(logs).doesNotContain("40P01").doesNotContainIgnoringCase("deadlock detected");
      }
    } finally {
      TestServices.dropDatabase(db, server);
    }
  }

  /**
   * Publishes the backlog with QoS 1 from one connection per device group, {@value #IN_FLIGHT}
   * unacknowledged at a time each; returns "device|msgId" of every message the broker acknowledged.
   */
  private static Set<String> publish(String topicRoot, Cohort cohort, int messages)
      throws Exception {
    Set<String> acked = ConcurrentHashMap.newKeySet();
    Instant first = Instant.now().minus(Duration.ofHours(3)).truncatedTo(ChronoUnit.SECONDS);
    int connections = 4;
    List<Thread> threads = new ArrayList<>();
    List<Exception> failures = new ArrayList<>();
    for (int c = 0; c < connections; c++) {
      int lane = c;
      Thread t =
          new Thread(
              () -> {
                try {
                  publishLane(topicRoot, cohort, messages, lane, connections, first, acked);
                } catch (Exception e) {
                  synchronized (failures) {
                    failures.add(e);
                  }
                }
              },
              "backlog-" + c);
      t.start();
      threads.add(t);
    }
    for (Thread t : threads) {
      t.join();
    }
    assertThat(failures).as("publishing failed").isEmpty();
    return acked;
  }

  private static void publishLane(
      String topicRoot,
      Cohort cohort,
      int messages,
      int lane,
      int lanes,
      Instant first,
      Set<String> acked)
      throws Exception {
    MqttAsyncClient client =
        new MqttAsyncClient(
            TestServices.mqttUrl(),
            "backlog-" + lane + "-" + UUID.randomUUID(),
            new MemoryPersistence());
    MqttConnectOptions options = new MqttConnectOptions();
    options.setCleanSession(true);
    options.setMaxInflight(IN_FLIGHT);
    client.connect(options).waitForCompletion(10_000);
    Semaphore window = new Semaphore(IN_FLIGHT);
    try {
      // Message i goes to device i % PATIENTS; a lane publishes the devices it owns.
      for (int i = lane; i < messages; i += lanes) {
        String device = cohort.devices().get(i % cohort.devices().size());
        String msgId = "d-" + i;
        byte[] payload =
            FaultKit.spo2Message(msgId, first.plusMillis(100L * i), 95, 75)
                .getBytes(StandardCharsets.UTF_8);
        String topic = topicRoot + "/" + cohort.clinic() + "/devices/" + device + "/readings";
        window.acquire();
        client.publish(
            topic,
            payload,
            1,
            false,
            null,
            new IMqttActionListener() {
              @Override
              public void onSuccess(IMqttToken token) {
                acked.add(device + "|" + msgId);
                window.release();
              }

              @Override
              public void onFailure(IMqttToken token, Throwable e) {
                window.release();
              }
            });
      }
      if (!window.tryAcquire(IN_FLIGHT, 60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("acknowledgements still outstanding after 60 s");
      }
    } finally {
      client.disconnect().waitForCompletion(10_000);
      client.close();
    }
  }

  private static long deadlocks(DbUrl db) {
    return Sql.count(
        db, "SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()");
  }
}

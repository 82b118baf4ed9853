package dk.telemonitoring.hub.fault;

import dk.telemonitoring.hub.fault.FaultKit.Cohort;
import dk.telemonitoring.hub.support.TestServices;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;

/**
 * A steady stream of readings from a cohort's devices, as docs/device-contract.md asks them to
 * send: MQTT 5, QoS 1, one message at a time, and a message that was not delivered is sent again
 * with the same msgId until it is (the idempotency key makes that safe). Not delivered means no
 * PUBACK, or a PUBACK whose reason code says the broker had nobody to give it to ({@code 0x10}, no
 * matching subscribers: Mosquitto 2.0 does not keep a shared subscription across its restart, so
 * until the hub subscribes again it acknowledges and drops) or refused it ({@code >= 0x80}).
 * Records every message delivered, the set the accounting holds the hub to.
 *
 * <p>Message {@code i} comes from device {@code i mod n}, has msgId {@code m-i}, is measured 100 ms
 * after message {@code i-1} (starting 20 minutes ago), and is SpO2 82 % / pulse 124 (CRITICAL) for
 * the cohort's sick devices, SpO2 95 % / pulse 75 for the others.
 */
public final class SteadyStream implements AutoCloseable {

  private static final int NO_MATCHING_SUBSCRIBERS = 0x10;

  private final Cohort cohort;
  private final String topicRoot;
  private final int perSecond;
  private final Instant firstMeasuredAt = Instant.now().minus(Duration.ofMinutes(20));
  private final Set<String> acked = ConcurrentHashMap.newKeySet();
  private final AtomicInteger failedAttempts = new AtomicInteger();
  private final AtomicInteger noSubscriberReplies = new AtomicInteger();
  private final MqttAsyncClient client;
  private volatile boolean running;
  private Thread thread;

  public SteadyStream(String topicRoot, Cohort cohort, int perSecond) {
    this.topicRoot = topicRoot;
    this.cohort = cohort;
    this.perSecond = perSecond;
    try {
      client =
          new MqttAsyncClient(
              TestServices.mqttUrl(), "stream-" + UUID.randomUUID(), new MemoryPersistence());
      MqttConnectionOptions options = new MqttConnectionOptions();
      options.setCleanStart(true);
      options.setAutomaticReconnect(true);
      options.setAutomaticReconnectDelay(1, 1);
      options.setConnectionTimeout(5);
      client.connect(options).waitForCompletion(10_000);
    } catch (MqttException e) {
      throw new IllegalStateException("cannot connect the stream's device client", e);
    }
  }

  public SteadyStream start() {
    running = true;
    thread = new Thread(this::run, "steady-stream");
    thread.setDaemon(true);
    thread.start();
    return this;
  }

  private void run() {
    long intervalNanos = 1_000_000_000L / perSecond;
    long next = System.nanoTime();
    for (int i = 0; running; i++) {
      String device = cohort.devices().get(i % cohort.devices().size());
      boolean sick = cohort.sick(device);
      byte[] payload =
          FaultKit.spo2Message(
                  "m-" + i, firstMeasuredAt.plusMillis(100L * i), sick ? 82 : 95, sick ? 124 : 75)
              .getBytes(StandardCharsets.UTF_8);
      String topic = topicRoot + "/" + cohort.clinic() + "/devices/" + device + "/readings";
      while (running) {
        if (delivered(topic, payload)) {
          acked.add(device + "|m-" + i);
          break;
        }
        failedAttempts.incrementAndGet();
        sleep(100);
      }
      next += intervalNanos;
      long wait = next - System.nanoTime();
      if (wait > 0) {
        sleep(wait / 1_000_000);
      } else {
        next = System.nanoTime();
      }
    }
  }

  private boolean delivered(String topic, byte[] payload) {
    try {
      IMqttToken token = client.publish(topic, payload, 1, false);
      token.waitForCompletion(5_000);
      int reason = pubackReason(token);
      if (reason == NO_MATCHING_SUBSCRIBERS) {
        noSubscriberReplies.incrementAndGet();
      }
      return reason < NO_MATCHING_SUBSCRIBERS;
    } catch (MqttException e) {
      // The broker is away, or the PUBACK was lost with the connection.
      return false;
    }
  }

  private static int pubackReason(IMqttToken token) {
    int[] codes = token.getReasonCodes();
    return codes == null || codes.length == 0 ? 0 : codes[0];
  }

  /** Stops after the message in hand; returns what the broker acknowledged. */
  public Set<String> stop() throws InterruptedException {
    running = false;
    if (thread != null) {
      thread.join(15_000);
    }
    return Set.copyOf(acked);
  }

  /** What the broker has acknowledged so far, while the stream runs on. */
  public Set<String> ackedSoFar() {
    return Set.copyOf(acked);
  }

  public int ackedCount() {
    return acked.size();
  }

  public int failedAttempts() {
    return failedAttempts.get();
  }

  /** PUBACKs that said the broker had no subscriber for the message (each one sent again). */
  public int noSubscriberReplies() {
    return noSubscriberReplies.get();
  }

  /** Blocks until the broker acknowledged at least {@code n} messages in total. */
  public void awaitAcked(int n, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (acked.size() < n) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "the broker acknowledged only "
                + acked.size()
                + " of "
                + n
                + " messages in "
                + timeout);
      }
      sleep(20);
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    running = false;
    try {
      client.disconnectForcibly(1_000, 1_000, false);
      client.close(true);
    } catch (MqttException ignored) {
      // closing anyway
    }
  }
}

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
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * A steady stream of readings from a cohort's devices, as a device SDK sends them: Paho, QoS 1, one message at a
 * time, and a message the broker did not acknowledge is sent again with the same msgId until it is (devices
 * re-send; the idempotency key makes that safe). Records every message the broker acknowledged, the set the
 * accounting holds the hub to.
 *
 * <p>Message {@code i} comes from device {@code i mod n}, has msgId {@code m-i}, is measured 100 ms after message
 * {@code i-1} (starting 20 minutes ago), and is SpO2 82 % / pulse 124 (CRITICAL) for the cohort's sick devices,
 * SpO2 95 % / pulse 75 for the others.
 */
public final class SteadyStream implements AutoCloseable {

  private final Cohort cohort;
  private final String topicRoot;
  private final int perSecond;
  private final Instant firstMeasuredAt = Instant.now().minus(Duration.ofMinutes(20));
  private final Set<String> acked = ConcurrentHashMap.newKeySet();
  private final AtomicInteger failedAttempts = new AtomicInteger();
  private final MqttClient client;
  private volatile boolean running;
  private Thread thread;

  public SteadyStream(String topicRoot, Cohort cohort, int perSecond) {
    this.topicRoot = topicRoot;
    this.cohort = cohort;
    this.perSecond = perSecond;
    try {
      client = new MqttClient(TestServices.mqttUrl(), "stream-" + UUID.randomUUID(), new MemoryPersistence());
      client.setTimeToWait(5_000);
      MqttConnectOptions options = new MqttConnectOptions();
      options.setCleanSession(true);
      options.setAutomaticReconnect(true);
      options.setMaxReconnectDelay(500);
      options.setConnectionTimeout(5);
      options.setMaxInflight(100);
      client.connect(options);
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
      byte[] payload = FaultKit.spo2Message("m-" + i, firstMeasuredAt.plusMillis(100L * i), sick ? 82 : 95, sick ? 124 : 75)
          .getBytes(StandardCharsets.UTF_8);
      String topic = topicRoot + "/" + cohort.clinic() + "/devices/" + device + "/readings";
      while (running) {
        try {
          client.publish(topic, payload, 1, false);
          acked.add(device + "|m-" + i);
          break;
        } catch (MqttException e) {
          // Not acknowledged: the broker is away or the PUBACK was lost. Send the same message again.
          failedAttempts.incrementAndGet();
          sleep(100);
        }
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

  /** Stops after the message in hand; returns what the broker acknowledged. */
  public Set<String> stop() throws InterruptedException {
    running = false;
    if (thread != null) {
      thread.join(15_000);
    }
    return Set.copyOf(acked);
  }

  public int ackedCount() {
    return acked.size();
  }

  public int failedAttempts() {
    return failedAttempts.get();
  }

  /** Blocks until the broker acknowledged at least {@code n} messages in total. */
  public void awaitAcked(int n, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (acked.size() < n) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the broker acknowledged only " + acked.size() + " of " + n + " messages in " + timeout);
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
      client.disconnectForcibly(1_000, 1_000);
      client.close(true);
    } catch (MqttException ignored) {
      // closing anyway
    }
  }
}

package dk.telemonitoring.sim.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SynchronizedHistogram;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * Sends a {@link BenchPlan} at QoS 1 from several Paho async connections, each message at its
 * intended time (never waiting for earlier ones: open loop). Records which publishes the broker
 * acknowledged and how far the generator itself fell behind schedule, so a too-slow generator is
 * visible rather than mistaken for the hub.
 */
final class OpenLoopLoad {
  private static final int WINDOW = 10_000;

  record Result(
      AtomicIntegerArray acked,
      long ackedCount,
      long failed,
      Histogram pubackMicros,
      long maxGeneratorLagMicros) {}

  private OpenLoopLoad() {}

  /**
   * @param samples abnormal messages replacing some of the plan's, from fresh patients' devices;
   *     may be null
   */
  static Result run(
      BenchPlan plan,
      BenchClock clock,
      String brokerUrl,
      String topicRoot,
      String clinic,
      int connections,
      AlertSamples samples)
      throws Exception {
    int n = plan.messageCount();
    AtomicIntegerArray acked = new AtomicIntegerArray(n);
    AtomicLong ackedCount = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    AtomicLong maxLag = new AtomicLong();
    Histogram puback = new SynchronizedHistogram(3_600_000_000L, 3);
    List<MqttAsyncClient> clients = new ArrayList<>();
    List<Semaphore> windows = new ArrayList<>();
    for (int c = 0; c < connections; c++) {
      MqttAsyncClient client =
          new MqttAsyncClient(brokerUrl, plan.runId() + "-load-" + c, new MemoryPersistence());
      MqttConnectOptions o = new MqttConnectOptions();
      o.setCleanSession(true);
      o.setMaxInflight(WINDOW);
      client.connect(o).waitForCompletion(15_000);
      clients.add(client);
      windows.add(new Semaphore(WINDOW));
    }
    clock.start();
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < connections; c++) {
      int conn = c;
      Thread t =
          new Thread(
              () -> {
                MqttAsyncClient client = clients.get(conn);
                Semaphore window = windows.get(conn);
                for (int i = conn; i < n; i += connections) {
                  long due = clock.intendedNanos(i);
                  long now;
                  while ((now = System.nanoTime()) < due) {
                    LockSupport.parkNanos(Math.min(due - now, 1_000_000));
                  }
                  Instant intended = clock.intendedInstant(i);
                  int sample = samples == null ? -1 : samples.sampleAt(i);
                  byte[] payload =
                      sample < 0 ? plan.payload(i, intended) : plan.abnormalPayload(i, intended);
                  String device = sample < 0 ? plan.deviceOf(i) : samples.deviceIds().get(sample);
                  String topic = topicRoot + "/" + clinic + "/devices/" + device + "/readings";
                  int index = i;
                  try {
                    window.acquire();
                    maxLag.accumulateAndGet((System.nanoTime() - due) / 1000, Math::max);
                    client.publish(
                        topic,
                        payload,
                        1,
                        false,
                        null,
                        new IMqttActionListener() {
                          @Override
                          public void onSuccess(IMqttToken token) {
                            puback.recordValue(
                                Math.max(
                                    0, (System.nanoTime() - clock.intendedNanos(index)) / 1000));
                            acked.set(index, 1);
                            ackedCount.incrementAndGet();
                            window.release();
                          }

                          @Override
                          public void onFailure(IMqttToken token, Throwable e) {
                            failed.incrementAndGet();
                            window.release();
                          }
                        });
                  } catch (Exception e) {
                    failed.incrementAndGet();
                    window.release();
                  }
                }
              },
              "bench-load-" + c);
      t.start();
      threads.add(t);
    }
    for (Thread t : threads) {
      t.join();
    }
    for (int c = 0; c < connections; c++) {
      if (windows.get(c).tryAcquire(WINDOW, 30, TimeUnit.SECONDS)) {
        windows.get(c).release(WINDOW);
      }
      clients.get(c).disconnect().waitForCompletion(5_000);
      clients.get(c).close();
    }
    return new Result(acked, ackedCount.get(), failed.get(), puback, maxLag.get());
  }
}

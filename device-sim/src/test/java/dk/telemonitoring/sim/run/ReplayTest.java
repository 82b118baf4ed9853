package dk.telemonitoring.sim.run;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.sim.cohort.Cohort;
import dk.telemonitoring.sim.cohort.CohortSpec;
import dk.telemonitoring.sim.device.CohortMessageStream;
import dk.telemonitoring.sim.device.DeviceBehaviourSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplayTest {
  private static final Instant START = Instant.parse("2026-01-05T00:00:00Z");

  /** Records what would have been published and when. */
  static final class RecordingPublisher implements MessagePublisher {
    final List<String> topics = new ArrayList<>();
    final List<Long> nanos = new ArrayList<>();

    @Override
    public void publish(String topic, byte[] payload) {
      topics.add(topic);
      nanos.add(System.nanoTime());
    }

    @Override
    public void flush(long timeoutMillis) {}

    @Override
    public long failures() {
      return 0;
    }

    @Override
    public void close() {}
  }

  @Test
  void compressesSimulatedTimeByTheSpeedFactor() throws Exception {
    Cohort cohort = Cohort.create(CohortSpec.defaults(5, 3, START, 1));
    RecordingPublisher pub = new RecordingPublisher();
    // One simulated day per 0.5 real seconds: the first 1.5 simulated days take about 0.75 s.
    Replay replay = new Replay(pub, "tm/v1", "vios", 86_400 * 2, 0);
    long t0 = System.nanoTime();
    ReplayStats stats =
        replay.run(
            new CohortMessageStream(cohort, DeviceBehaviourSpec.defaults()),
            START,
            START.plus(Duration.ofHours(36)),
            s -> {},
            1000);
    double seconds = (System.nanoTime() - t0) / 1e9;
    assertThat(stats.sent()).isEqualTo(pub.topics.size()).isGreaterThan(20);
    assertThat(seconds).isBetween(0.55, 2.0);
    assertThat(stats.simulatedNow()).isBefore(START.plus(Duration.ofHours(36)));
    assertThat(pub.topics)
        .allMatch(t -> t.matches("tm/v1/vios/devices/(ox|sp|sc|bp|th|tab)-[0-9a-f]{6}/readings"));
  }

  @Test
  void withoutPacingReplaysWeeksOfACohortQuickly() throws Exception {
    Cohort cohort = Cohort.create(CohortSpec.defaults(50, 28, START, 1));
    RecordingPublisher pub = new RecordingPublisher();
    long t0 = System.nanoTime();
    ReplayStats stats =
        new Replay(pub, "tm/v1", "vios", 0, 0)
            .run(
                new CohortMessageStream(cohort, DeviceBehaviourSpec.defaults()),
                START,
                null,
                s -> {},
                1000);
    assertThat(stats.sent()).isGreaterThan(5000);
    assertThat((System.nanoTime() - t0) / 1e9).isLessThan(10);
    assertThat(stats.bad()).isPositive();
    assertThat(stats.late()).isPositive();
  }
}

package dk.telemonitoring.sim.run;

import dk.telemonitoring.sim.cohort.Cohort;
import dk.telemonitoring.sim.cohort.CohortSpec;
import dk.telemonitoring.sim.device.DeviceBehaviourSpec;
import dk.telemonitoring.sim.device.DeviceIds;
import dk.telemonitoring.sim.patient.Condition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Everything a live simulation needs. {@code speed} is simulated seconds per real second (1 = real
 * time; 1440 = a simulated day per real minute). {@code simulatedStart} is the simulated instant at
 * which the run begins; with a speed above 1, measurement times run ahead of the wall clock, so a
 * demo that must not produce future-dated readings starts in the past (e.g. now minus 14 days).
 */
public record SimConfig(
    String brokerUrl,
    String topicRoot,
    String clinic,
    List<SimPatient> patients,
    double speed,
    Instant simulatedStart,
    long seed,
    DeviceBehaviourSpec behaviour) {

  public static final String DEFAULT_TOPIC_ROOT = "tm/v1";

  public SimConfig {
    Objects.requireNonNull(brokerUrl, "brokerUrl");
    topicRoot = topicRoot == null ? DEFAULT_TOPIC_ROOT : topicRoot;
    Objects.requireNonNull(clinic, "clinic");
    patients = List.copyOf(patients);
    if (speed <= 0) {
      throw new IllegalArgumentException("speed must be positive");
    }
    simulatedStart = simulatedStart == null ? Instant.now() : simulatedStart;
    behaviour = behaviour == null ? liveBehaviour() : behaviour;
  }

  /**
   * The demo's default: a handful of patients of mixed conditions, the first COPD patient
   * deteriorating after two simulated days and the first heart-failure patient after three, so
   * alerts appear while one watches.
   */
  public static SimConfig demo(
      String brokerUrl, String clinic, int patients, double speed, long seed) {
    CohortSpec spec = CohortSpec.defaults(patients, 1, Instant.now(), seed);
    Cohort shape = Cohort.create(spec.withEpisodeRate(0));
    DeviceIds ids = new DeviceIds(seed);
    List<SimPatient> list = new ArrayList<>();
    boolean copdEpisode = false;
    boolean hfEpisode = false;
    for (var p : shape.patients()) {
      Condition c = p.profile().condition();
      Duration episode = null;
      if (c == Condition.COPD && !copdEpisode) {
        episode = Duration.ofDays(2);
        copdEpisode = true;
      } else if (c == Condition.HEART_FAILURE && !hfEpisode) {
        episode = Duration.ofDays(3);
        hfEpisode = true;
      }
      list.add(
          new SimPatient(
              p.profile().key(), c, Cohort.kit(c, false, p.profile().key(), ids), episode));
    }
    return new SimConfig(brokerUrl, DEFAULT_TOPIC_ROOT, clinic, list, speed, null, seed, null);
  }

  /**
   * Live runs keep the realistic flaws but no wearable stream (1 Hz times a speed-up would flood a
   * demo) and twice-daily measuring throughout, so something happens every few seconds.
   */
  public static DeviceBehaviourSpec liveBehaviour() {
    DeviceBehaviourSpec d = DeviceBehaviourSpec.defaults();
    return new DeviceBehaviourSpec(
        d.faultShare(),
        d.duplicateShare(),
        d.offlinePerDay(),
        Duration.ofHours(12),
        d.clockSkewShare(),
        d.maxClockSkew(),
        0.95,
        0.02,
        d.statusEvery(),
        100_000,
        0,
        d.msgIdPrefix());
  }

  public SimConfig withSimulatedStart(Instant start) {
    return new SimConfig(brokerUrl, topicRoot, clinic, patients, speed, start, seed, behaviour);
  }

  public SimConfig withTopicRoot(String root) {
    return new SimConfig(brokerUrl, root, clinic, patients, speed, simulatedStart, seed, behaviour);
  }

  public SimConfig withBehaviour(DeviceBehaviourSpec newBehaviour) {
    return new SimConfig(
        brokerUrl, topicRoot, clinic, patients, speed, simulatedStart, seed, newBehaviour);
  }
}

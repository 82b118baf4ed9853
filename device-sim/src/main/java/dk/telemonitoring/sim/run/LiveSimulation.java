package dk.telemonitoring.sim.run;

import dk.telemonitoring.sim.cohort.Cohort;
import dk.telemonitoring.sim.cohort.CohortPatient;
import dk.telemonitoring.sim.cohort.CohortSpec;
import dk.telemonitoring.sim.device.CohortMessageStream;
import dk.telemonitoring.sim.patient.Episode;
import dk.telemonitoring.sim.patient.EpisodeKind;
import dk.telemonitoring.sim.patient.PatientFactory;
import dk.telemonitoring.sim.patient.PatientProfile;
import dk.telemonitoring.sim.patient.Physiology;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Patients publishing in (possibly compressed) real time against a broker, on one background
 * thread. The hub's demo mode calls {@link #start(SimConfig)} and {@link Handle#close()} when it
 * shuts down.
 */
public final class LiveSimulation {
  private static final Logger LOG = LoggerFactory.getLogger(LiveSimulation.class);

  /** Days generated ahead; generation is lazy, so this only bounds how long a run can last. */
  private static final int HORIZON_DAYS = 3650;

  private LiveSimulation() {}

  /** A running simulation. */
  public interface Handle extends AutoCloseable {
    ReplayStats stats();

    /** Stops publishing and disconnects. */
    @Override
    void close();
  }

  public static Handle start(SimConfig config) throws Exception {
    Cohort cohort = cohortOf(config);
    MessagePublisher publisher =
        DevicePublishers.connect(
            config.brokerUrl(), "sim-live-" + UUID.randomUUID().toString().substring(0, 8), 100);
    Replay replay = new Replay(publisher, config.topicRoot(), config.clinic(), config.speed(), 0);
    TabletReceipts tablets =
        TabletReceipts.start(config.brokerUrl(), config.topicRoot(), config.clinic());
    ReplayStats[] stats = {null};
    Thread thread =
        new Thread(
            () -> {
              try {
                stats[0] =
                    replay.run(
                        new CohortMessageStream(cohort, config.behaviour(), HORIZON_DAYS),
                        config.simulatedStart(),
                        null,
                        s -> stats[0] = s,
                        1000);
              } catch (Exception e) {
                LOG.warn("live simulation stopped [reason: {}]", e.toString());
              }
            },
            "device-sim-live");
    thread.setDaemon(true);
    thread.start();
    LOG.info(
        "live simulation started [patients: {}, clinic: {}, speed: {}]",
        config.patients().size(),
        config.clinic(),
        config.speed());
    return new Handle() {
      @Override
      public ReplayStats stats() {
        return stats[0];
      }

      @Override
      public void close() {
        replay.stop();
        try {
          thread.join(5_000);
          publisher.close();
          tablets.close();
        } catch (Exception e) {
          LOG.warn("live simulation did not close cleanly [reason: {}]", e.toString());
        }
      }
    };
  }

  /** Builds the cohort of a live run from the configured patients and their devices. */
  public static Cohort cohortOf(SimConfig config) {
    CohortSpec spec =
        CohortSpec.defaults(
            config.patients().size(), HORIZON_DAYS, config.simulatedStart(), config.seed());
    PatientFactory factory = new PatientFactory(config.seed());
    List<CohortPatient> patients = new ArrayList<>();
    for (int i = 0; i < config.patients().size(); i++) {
      SimPatient sp = config.patients().get(i);
      PatientProfile drawn = factory.create(i, sp.condition());
      PatientProfile profile =
          new PatientProfile(
              sp.key(),
              drawn.id(),
              sp.condition(),
              drawn.baseline(),
              drawn.spirometryTechnique(),
              drawn.onOxygen(),
              drawn.seed());
      List<Episode> episodes = new ArrayList<>();
      if (sp.episodeAfter() != null) {
        EpisodeKind kind = sp.condition().episodeKind();
        Instant onset = config.simulatedStart().plus(sp.episodeAfter());
        Instant peak = onset.plus(Duration.ofDays(kind.maxDaysToPeak()));
        episodes.add(
            new Episode(
                sp.key(),
                kind,
                onset,
                peak,
                peak.plus(Duration.ofDays(kind.maxDaysPeakToEnd())),
                1.2));
      }
      patients.add(
          new CohortPatient(profile, new Physiology(profile, episodes, spec.zone()), sp.devices()));
    }
    return Cohort.of(spec, patients);
  }
}

package dk.telemonitoring.demo.eval;

import dk.telemonitoring.sim.cohort.CohortSpec;
import dk.telemonitoring.sim.device.DeviceBehaviourSpec;
import dk.telemonitoring.sim.patient.EpisodeKind;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/** What a {@link DeviceSimEvaluation} simulates. */
public record DeviceSimOptions(
    int patients,
    int weeks,
    long seed,
    Map<EpisodeKind, Double> episodesPerYear,
    boolean perfectDevices) {

  public DeviceSimOptions {
    if (patients <= 0 || weeks <= 0)
      throw new IllegalArgumentException("patients and weeks must be positive");
    episodesPerYear = Map.copyOf(episodesPerYear);
  }

  public static DeviceSimOptions defaults(int patients, int weeks, long seed) {
    Map<EpisodeKind, Double> rates = new EnumMap<>(EpisodeKind.class);
    for (EpisodeKind k : EpisodeKind.values())
      rates.put(k, DeviceSimEvaluation.DEFAULT_EPISODES_PER_YEAR);
    return new DeviceSimOptions(patients, weeks, seed, rates, false);
  }

  public DeviceSimOptions withEpisodeRate(EpisodeKind kind, double perPatientYear) {
    Map<EpisodeKind, Double> rates = new EnumMap<>(episodesPerYear);
    rates.put(kind, perPatientYear);
    return new DeviceSimOptions(patients, weeks, seed, rates, perfectDevices);
  }

  public DeviceSimOptions withAllEpisodeRates(double perPatientYear) {
    DeviceSimOptions o = this;
    for (EpisodeKind k : EpisodeKind.values()) o = o.withEpisodeRate(k, perPatientYear);
    return o;
  }

  public DeviceSimOptions withPerfectDevices(boolean perfect) {
    return new DeviceSimOptions(patients, weeks, seed, episodesPerYear, perfect);
  }

  public double rate(EpisodeKind kind) {
    return episodesPerYear.getOrDefault(kind, 0.0);
  }

  public Instant start() {
    return SyntheticCohort.START;
  }

  /**
   * End of the run-in: scoring starts here, and so do the personal limits of the full-engine arm.
   */
  public Instant scoredFrom() {
    return start().plus(Duration.ofDays(SyntheticCohort.RUN_IN_DAYS));
  }

  public Instant end() {
    return start().plus(Duration.ofDays(SyntheticCohort.RUN_IN_DAYS + 7L * weeks));
  }

  /**
   * The simulator's mixed cohort (conditions 50/20/30%), episodes only after the run-in, no
   * wearables.
   */
  public CohortSpec cohortSpec() {
    CohortSpec d =
        CohortSpec.defaults(patients, SyntheticCohort.RUN_IN_DAYS + 7 * weeks, start(), seed);
    return new CohortSpec(
        d.patients(),
        d.days(),
        d.start(),
        d.seed(),
        d.zone(),
        d.copdShare(),
        d.fibrosisShare(),
        d.heartFailureShare(),
        episodesPerYear,
        Duration.ofDays(SyntheticCohort.RUN_IN_DAYS),
        0.0);
  }

  public DeviceBehaviourSpec behaviour() {
    return perfectDevices ? DeviceBehaviourSpec.perfect() : DeviceBehaviourSpec.defaults();
  }
}

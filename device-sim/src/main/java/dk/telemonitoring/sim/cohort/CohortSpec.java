package dk.telemonitoring.sim.cohort;

import dk.telemonitoring.sim.patient.EpisodeKind;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.Map;

/**
 * What cohort to simulate. Condition shares are normalised; episode rates are per patient-year for
 * the episode kind of each condition (real COPD programmes see about 1-2 exacerbations a year;
 * tests and demos raise them).
 *
 * @param warmUp stable time before the first possible episode, so a personal baseline can form
 * @param wearableShare share of COPD/fibrosis patients who also wear a streaming oximeter
 */
public record CohortSpec(
    int patients,
    int days,
    Instant start,
    long seed,
    ZoneId zone,
    double copdShare,
    double fibrosisShare,
    double heartFailureShare,
    Map<EpisodeKind, Double> episodesPerYear,
    Duration warmUp,
    double wearableShare) {

  public static final ZoneId DEFAULT_ZONE = ZoneId.of("Europe/Copenhagen");

  public CohortSpec {
    if (patients < 0 || days <= 0) {
      throw new IllegalArgumentException("patients >= 0 and days > 0 required");
    }
    if (copdShare + fibrosisShare + heartFailureShare <= 0) {
      throw new IllegalArgumentException("at least one condition share must be positive");
    }
    episodesPerYear = Map.copyOf(episodesPerYear);
  }

  /** A mixed cohort with realistic episode rates, 14 days warm-up and no wearables. */
  public static CohortSpec defaults(int patients, int days, Instant start, long seed) {
    Map<EpisodeKind, Double> rates = new EnumMap<>(EpisodeKind.class);
    rates.put(EpisodeKind.COPD_EXACERBATION, 2.0);
    rates.put(EpisodeKind.HF_DECOMPENSATION, 1.5);
    rates.put(EpisodeKind.FIBROSIS_DECLINE, 1.0);
    return new CohortSpec(
        patients, days, start, seed, DEFAULT_ZONE, 0.5, 0.2, 0.3, rates, Duration.ofDays(14), 0.0);
  }

  public Instant end() {
    return start.plus(Duration.ofDays(days));
  }

  public double rateFor(EpisodeKind kind) {
    return episodesPerYear.getOrDefault(kind, 0.0);
  }

  public CohortSpec withEpisodeRate(double perPatientYear) {
    Map<EpisodeKind, Double> rates = new EnumMap<>(EpisodeKind.class);
    for (EpisodeKind k : EpisodeKind.values()) {
      rates.put(k, perPatientYear);
    }
    return new CohortSpec(
        patients,
        days,
        start,
        seed,
        zone,
        copdShare,
        fibrosisShare,
        heartFailureShare,
        rates,
        warmUp,
        wearableShare);
  }

  public CohortSpec withShares(double copd, double fibrosis, double heartFailure) {
    return new CohortSpec(
        patients,
        days,
        start,
        seed,
        zone,
        copd,
        fibrosis,
        heartFailure,
        episodesPerYear,
        warmUp,
        wearableShare);
  }

  public CohortSpec withWarmUp(Duration newWarmUp) {
    return new CohortSpec(
        patients,
        days,
        start,
        seed,
        zone,
        copdShare,
        fibrosisShare,
        heartFailureShare,
        episodesPerYear,
        newWarmUp,
        wearableShare);
  }

  public CohortSpec withWearableShare(double share) {
    return new CohortSpec(
        patients,
        days,
        start,
        seed,
        zone,
        copdShare,
        fibrosisShare,
        heartFailureShare,
        episodesPerYear,
        warmUp,
        share);
  }
}

package dk.telemonitoring.sim.patient;

import dk.telemonitoring.sim.random.Seeds;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Places episodes in a patient's timeline as a Poisson process with the given yearly rate, never
 * overlapping and with a recovery gap after each, because the hub's baseline excludes the 14 days
 * after an episode and a scoring harness needs unambiguous onsets.
 */
public final class EpisodePlanner {
  static final Duration RECOVERY_GAP = Duration.ofDays(14);
  private final Duration warmUp;

  /**
   * @param warmUp stable time at the start of a run, so the hub can learn a baseline before the
   *     first episode
   */
  public EpisodePlanner(Duration warmUp) {
    this.warmUp = warmUp;
  }

  public List<Episode> plan(
      PatientProfile patient, Instant start, Instant end, double episodesPerYear) {
    List<Episode> episodes = new ArrayList<>();
    if (episodesPerYear <= 0) {
      return episodes;
    }
    RandomGenerator rng = Seeds.stream(patient.seed(), 0xE915L);
    EpisodeKind kind = patient.condition().episodeKind();
    double meanGapSeconds = 365.25 * 86400 / episodesPerYear;
    Instant cursor = start.plus(warmUp);
    while (true) {
      long gap = (long) (-Math.log(1 - rng.nextDouble()) * meanGapSeconds);
      Instant onset = cursor.plusSeconds(gap);
      Instant peak = onset.plus(days(rng, kind.minDaysToPeak(), kind.maxDaysToPeak()));
      Instant episodeEnd = peak.plus(days(rng, kind.minDaysPeakToEnd(), kind.maxDaysPeakToEnd()));
      if (!onset.isBefore(end)) {
        return episodes;
      }
      double severity = Seeds.clampedGaussian(rng, 1.0, 0.25, 0.5, 1.6);
      episodes.add(new Episode(patient.key(), kind, onset, peak, episodeEnd, severity));
      cursor = episodeEnd.plus(RECOVERY_GAP);
    }
  }

  private static Duration days(RandomGenerator rng, int min, int max) {
    // Whole days plus a random part, so peaks do not all fall at the same clock time.
    return Duration.ofSeconds((long) ((min + rng.nextDouble() * (max - min)) * 86400));
  }
}

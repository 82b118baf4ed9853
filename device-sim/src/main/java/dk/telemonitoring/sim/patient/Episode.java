package dk.telemonitoring.sim.patient;

import java.time.Duration;
import java.time.Instant;

/**
 * One injected deterioration, the ground truth a triage evaluation scores against.
 *
 * @param severity multiplies the kind's full effect (1.0 = typical; 0.5 = mild, may be missed by
 *     design)
 */
public record Episode(
    String patientKey,
    EpisodeKind kind,
    Instant onset,
    Instant peak,
    Instant end,
    double severity) {

  public Episode {
    if (!onset.isBefore(peak) || peak.isAfter(end)) {
      throw new IllegalArgumentException("episode must have onset < peak <= end");
    }
  }

  /**
   * How far the episode has developed at {@code t}, 0..1: rises linearly from onset to peak, then
   * falls back to 0 at end (or stays at 1 for kinds that persist).
   */
  public double intensityAt(Instant t) {
    if (t.isBefore(onset)) {
      return 0;
    }
    if (t.isBefore(peak)) {
      return fraction(onset, t, peak);
    }
    if (kind.persistsAfterEnd()) {
      return 1;
    }
    if (!t.isBefore(end)) {
      return 0;
    }
    return 1 - fraction(peak, t, end);
  }

  public boolean isActiveAt(Instant t) {
    return !t.isBefore(onset) && t.isBefore(end);
  }

  private static double fraction(Instant from, Instant t, Instant to) {
    double total = Duration.between(from, to).toMillis();
    return total <= 0 ? 1 : Duration.between(from, t).toMillis() / total;
  }
}

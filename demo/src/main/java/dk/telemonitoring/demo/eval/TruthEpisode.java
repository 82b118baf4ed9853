package dk.telemonitoring.demo.eval;

import dk.telemonitoring.hub.triage.Condition;
import dk.telemonitoring.sim.patient.Episode;
import java.time.Instant;

/** One episode of the ground truth as scored. */
record TruthEpisode(Condition condition, Instant onset, Instant peak, Instant end, boolean scored) {

  static TruthEpisode of(Episode e, Condition condition, Instant periodEnd) {
    return new TruthEpisode(condition, e.onset(), e.peak(), e.end(), !e.peak().isAfter(periodEnd));
  }

  /** An alert on a reading measured at {@code t} detects this episode. */
  boolean detects(Instant t) {
    return !t.isBefore(onset) && t.isBefore(end);
  }

  /** An alert on a reading measured at {@code t} belongs to this episode (not a false alert). */
  boolean explains(Instant t) {
    return !t.isBefore(onset) && t.isBefore(end.plus(TriageEvaluation.EPISODE_TAIL));
  }
}

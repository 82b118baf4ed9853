package dk.telemonitoring.demo.eval;

import dk.telemonitoring.alerts.domain.Level;
import dk.telemonitoring.hub.triage.Baseline;
import dk.telemonitoring.hub.triage.Hysteresis;
import dk.telemonitoring.hub.triage.TimeInterval;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The evaluation's stand-in for the worker's {@code triage_episodes} table: alert episodes per rule
 * with their highest level, and the ones that keep readings out of baselines ({@link
 * Baseline#suspectedEpisode}), as the worker hands them to the engine.
 */
final class EpisodeLog {

  private record Open(Instant from, Level max) {}

  private final List<TimeInterval> closed = new ArrayList<>();
  private final Map<String, Open> open = new HashMap<>();

  /** Records one hysteresis step of rule {@code ruleId} at {@code at}. */
  void record(String ruleId, Hysteresis.Step step, Instant at) {
    switch (step.action()) {
      case OPEN -> open.put(ruleId, new Open(at, step.state().level()));
      case RAISE ->
          open.computeIfPresent(
              ruleId, (k, o) -> new Open(o.from(), Level.max(o.max(), step.state().level())));
      case CLEAR -> {
        Open o = open.remove(ruleId);
        if (o != null && Baseline.suspectedEpisode(ruleId, o.max()))
          closed.add(new TimeInterval(o.from(), at));
      }
      default -> {}
    }
  }

  /** Closed and still open suspected episodes, for {@code PatientContext.withAlertEpisodes}. */
  List<TimeInterval> suspected() {
    List<TimeInterval> all = new ArrayList<>(closed);
    open.forEach(
        (rule, o) -> {
          if (Baseline.suspectedEpisode(rule, o.max())) all.add(new TimeInterval(o.from(), null));
        });
    return all;
  }
}

package dk.telemonitoring.hub.triage;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.alerts.domain.Level;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClosedEpisodesTest {

  private static final Instant OPENED = Instant.parse("2026-03-30T08:00:00Z");
  private static final Instant LAST = Instant.parse("2026-03-30T09:00:00Z");

  @Test
  void anOpenEpisodeWhoseAlertWasResolvedStartsAfreshKeepingTheNewestReadingsTime() {
    Map<String, RuleState> states =
        new HashMap<>(
            Map.of(
                "limit.spo2",
                new RuleState("limit.spo2", Level.CRITICAL, 1, Level.YELLOW, OPENED, LAST)));

    assertThat(ClosedEpisodes.startAfresh(states, Set.of()))
        .singleElement()
        .isEqualTo(new RuleState("limit.spo2", Level.GREEN, 0, Level.GREEN, null, LAST));
    assertThat(states.get("limit.spo2").open()).isFalse();
    assertThat(
            Hysteresis.step(states.get("limit.spo2"), Level.CRITICAL, LAST.plusSeconds(60))
                .action())
        .as("the same level again now opens")
        .isEqualTo(Hysteresis.Action.OPEN);
  }

  @Test
  void anEpisodeWhoseAlertIsStillOpenIsKept() {
    RuleState open = new RuleState("limit.spo2", Level.RED, 0, Level.GREEN, OPENED, LAST);
    Map<String, RuleState> states = new HashMap<>(Map.of("limit.spo2", open));

    assertThat(ClosedEpisodes.startAfresh(states, Set.of("limit.spo2"))).isEmpty();
    assertThat(states).containsEntry("limit.spo2", open);
  }

  @Test
  void aRuleWithNoEpisodeIsLeftAsItIs() {
    RuleState quiet = new RuleState("news2.aggregate", Level.GREEN, 0, Level.GREEN, null, LAST);
    Map<String, RuleState> states = new HashMap<>(Map.of("news2.aggregate", quiet));

    assertThat(ClosedEpisodes.startAfresh(states, Set.of())).isEmpty();
    assertThat(states).containsEntry("news2.aggregate", quiet);
  }

  @Test
  void aContinuousRunUnderWayIsDroppedWithTheClosedEpisode() {
    Map<String, RuleState> states =
        new HashMap<>(
            Map.of(
                "limit.spo2",
                new RuleState(
                    "limit.spo2", Level.YELLOW, 0, Level.GREEN, OPENED, LAST, 7, Level.RED)));

    assertThat(ClosedEpisodes.startAfresh(states, Set.of()))
        .singleElement()
        .satisfies(s -> assertThat(s.raiseStreak()).isZero());
  }
}

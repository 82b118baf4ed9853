package dk.telemonitoring.demo.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.hub.triage.Hysteresis;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CaseLogTest {

  /**
   * A sequence of rule episode steps, in reading order, written as rule and step: {@code +} opens
   * the rule's episode, {@code ^} raises it, {@code ~} lowers it, {@code -} clears it.
   */
  static Stream<Arguments> sequences() {
    return Stream.of(
        Arguments.of("one rule, one episode", "spo2+ spo2-", 1, 1),
        Arguments.of("two overlapping rules", "spo2+ pulse+ spo2- pulse-", 2, 1),
        Arguments.of("one rule inside another's episode", "news2+ spo2+ spo2- news2-", 2, 1),
        Arguments.of("two rules opening on the same reading", "spo2+ pulse+", 2, 1),
        Arguments.of("two separate episodes of two rules", "spo2+ spo2- pulse+ pulse-", 2, 2),
        Arguments.of("one rule twice, apart", "spo2+ spo2- spo2+ spo2-", 2, 2),
        Arguments.of(
            "one rule reopening while another holds the case open",
            "news2+ spo2+ spo2- spo2+ spo2- news2-",
            3,
            1),
        Arguments.of(
            "a chain: each rule opens before the last one clears",
            "spo2+ pulse+ spo2- weight+ pulse- weight-",
            3,
            1),
        Arguments.of("raising and lowering open no case", "spo2+ spo2^ spo2~ spo2^ spo2-", 1, 1),
        Arguments.of(
            "the case closes only when the last rule clears, then a new one opens",
            "spo2+ pulse+ spo2- pulse- pulse+ pulse-",
            3,
            2),
        Arguments.of("still open at the end counts once", "spo2+ pulse+ spo2-", 2, 1),
        Arguments.of("nothing opens", "", 0, 0));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sequences")
  void countsCasesAsTheClinicSeesThem(String name, String steps, int ruleEpisodes, int cases) {
    CaseLog log = new CaseLog();
    int opened = 0;
    int ruleOpened = 0;
    for (String s : steps.isBlank() ? new String[0] : steps.split(" ")) {
      Hysteresis.Action action = action(s.charAt(s.length() - 1));
      if (action == Hysteresis.Action.OPEN) ruleOpened++;
      if (log.record(s.substring(0, s.length() - 1), action) == CaseLog.Event.OPENED) opened++;
    }
    assertThat(ruleOpened).as("rule episodes").isEqualTo(ruleEpisodes);
    assertThat(opened).as("cases").isEqualTo(cases);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sequences")
  void everyRuleOpeningOrRaiseAlertsTheCaseSoBothCountTheSameDetections(
      String name, String steps, int ruleEpisodes, int cases) {
    CaseLog log = new CaseLog();
    for (String s : steps.isBlank() ? new String[0] : steps.split(" ")) {
      Hysteresis.Action action = action(s.charAt(s.length() - 1));
      boolean ruleAlerts = action == Hysteresis.Action.OPEN || action == Hysteresis.Action.RAISE;
      assertThat(log.record(s.substring(0, s.length() - 1), action).alerting())
          .as(s)
          .isEqualTo(ruleAlerts);
    }
  }

  @org.junit.jupiter.api.Test
  void eventsOfOneRuleReopeningInsideAnOpenCase() {
    CaseLog log = new CaseLog();
    List<CaseLog.Event> events = new ArrayList<>();
    for (String s : "news2+ spo2+ spo2^ spo2- spo2+ spo2- news2- spo2+".split(" ")) {
      events.add(log.record(s.substring(0, s.length() - 1), action(s.charAt(s.length() - 1))));
    }
    assertThat(events)
        .containsExactly(
            CaseLog.Event.OPENED,
            CaseLog.Event.JOINED,
            CaseLog.Event.RAISED,
            CaseLog.Event.NONE,
            CaseLog.Event.JOINED,
            CaseLog.Event.NONE,
            CaseLog.Event.CLOSED,
            CaseLog.Event.OPENED);
    assertThat(log.isOpen()).isTrue();
  }

  private static Hysteresis.Action action(char c) {
    return switch (c) {
      case '+' -> Hysteresis.Action.OPEN;
      case '^' -> Hysteresis.Action.RAISE;
      case '~' -> Hysteresis.Action.LOWER;
      case '-' -> Hysteresis.Action.CLEAR;
      default -> throw new IllegalArgumentException("unknown step " + c);
    };
  }
}

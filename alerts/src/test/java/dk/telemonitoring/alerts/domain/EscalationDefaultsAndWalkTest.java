package dk.telemonitoring.alerts.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The shipped policies ({@link EscalationPolicies}, docs/clinical-reference.md "Levels and who
 * acts") as a table of who is paged when, and the walk through a policy ({@link EscalationPlan}) at
 * its ends: the last step, a policy shortened while a timer stood on a later step, reminders.
 */
class EscalationDefaultsAndWalkTest {

  private static final Set<Channel> DOCTOR =
      Set.of(Channel.EMAIL, Channel.WEBHOOK, Channel.PUSH, Channel.IN_APP);

  @ParameterizedTest(name = "{0} step {1}: after {2} min page {3} by {4}")
  @CsvSource({
    // level,  step, minutes after previous, recipients,                  channels
    "YELLOW,   1,    0,  NURSE_ON_DUTY,                                   IN_APP",
    "RED,      1,    0,  NURSE_ON_DUTY,                                   IN_APP",
    "RED,      2,    15, ONCALL_DOCTOR,                                   DOCTOR",
    "RED,      3,    10, BACKUP_DOCTOR ONCALL_DOCTOR,                     DOCTOR",
    "CRITICAL, 1,    0,  ONCALL_DOCTOR NURSE_ON_DUTY,                     DOCTOR",
    "CRITICAL, 2,    10, BACKUP_DOCTOR ONCALL_DOCTOR,                     DOCTOR",
  })
  void shippedStepsPageTheTableRolesAtTheTableTimes(
      Level level, int step, long minutes, String recipients, String channels) {
    EscalationPolicy p = EscalationPolicies.defaults().get(level);
    EscalationStep s = p.steps().get(step - 1);
    assertThat(s.delay()).isEqualTo(Duration.ofMinutes(minutes));
    assertThat(s.recipients())
        .containsExactlyInAnyOrder(
            java.util.Arrays.stream(recipients.split(" "))
                .map(Recipient::valueOf)
                .toArray(Recipient[]::new));
    assertThat(s.channels()).isEqualTo(channels.equals("DOCTOR") ? DOCTOR : Set.of(Channel.IN_APP));
    assertThat(s.people()).isEmpty();
  }

  @ParameterizedTest(
      name = "{0}: {1} steps, repeat every {2} min, deadline {3} min, reminder after {4} min")
  @CsvSource(
      nullValues = "-",
      value = {
        "GREEN,    0, -,  10080, -",
        "YELLOW,   1, 60, 240,   -",
        "RED,      3, 10, 60,    60",
        "CRITICAL, 2, 10, 10,    30",
      })
  void shippedRepeatsDeadlinesAndRemindersPerLevel(
      Level level, int steps, Long repeat, long deadline, Long reminder) {
    EscalationPolicy p = EscalationPolicies.defaults().get(level);
    assertThat(p.level()).isEqualTo(level);
    assertThat(p.steps()).hasSize(steps);
    assertThat(p.repeatEvery()).isEqualTo(repeat == null ? null : Duration.ofMinutes(repeat));
    assertThat(p.responseDeadline()).isEqualTo(Duration.ofMinutes(deadline));
    if (reminder == null) {
      assertThat(p.acknowledgedReminder()).isNull();
    } else {
      assertThat(p.acknowledgedReminder().delay()).isEqualTo(Duration.ofMinutes(reminder));
      assertThat(p.acknowledgedReminder().recipients()).containsExactly(Recipient.ACKNOWLEDGER);
      assertThat(p.acknowledgedReminder().channels()).isEqualTo(DOCTOR);
    }
  }

  @Test
  void shorterDelaysScaleTheHourlyTimesInProportion() {
    // tests run escalation in seconds: 15 s to the doctor stands for 15 min, so the hour becomes 60
    // s
    Map<Level, EscalationPolicy> fast =
        EscalationPolicies.withDelays(Duration.ofSeconds(15), Duration.ofSeconds(10));
    assertThat(fast.get(Level.YELLOW).repeatEvery()).isEqualTo(Duration.ofSeconds(60));
    assertThat(fast.get(Level.RED).responseDeadline()).isEqualTo(Duration.ofSeconds(60));
    assertThat(fast.get(Level.RED).acknowledgedReminder().delay())
        .isEqualTo(Duration.ofSeconds(60));
    assertThat(fast.get(Level.RED).steps().get(1).delay()).isEqualTo(Duration.ofSeconds(15));
    assertThat(fast.get(Level.RED).steps().get(2).delay()).isEqualTo(Duration.ofSeconds(10));
    assertThat(fast.get(Level.RED).repeatEvery()).isEqualTo(Duration.ofSeconds(10));
    assertThat(fast.get(Level.CRITICAL).acknowledgedReminder().delay())
        .isEqualTo(Duration.ofSeconds(30));
    assertThat(fast.get(Level.CRITICAL).responseDeadline()).isEqualTo(Duration.ofSeconds(10));
    assertThat(fast.get(Level.GREEN).responseDeadline()).isEqualTo(Duration.ofDays(7));
  }

  @Test
  void aTimerOnAStepThatAPolicyChangeRemovedFiresTheLastStepAndRepeatsIt() {
    EscalationPolicy red = EscalationPolicies.defaults().get(Level.RED);
    EscalationPlan.Firing f =
        EscalationPlan.fire(red, new EscalationPlan.Position(EscalationPhase.UNACKNOWLEDGED, 3, 0))
            .orElseThrow();
    assertThat(f.step()).isEqualTo(red.steps().get(2));
    assertThat(f.next().orElseThrow().position())
        .isEqualTo(new EscalationPlan.Position(EscalationPhase.UNACKNOWLEDGED, 2, 1));
  }

  @Test
  void theLastStepRepeatsWithAGrowingCountAndAPolicyWithoutRepeatStopsAfterIt() {
    EscalationPolicy red = EscalationPolicies.defaults().get(Level.RED);
    EscalationPlan.Firing again =
        EscalationPlan.fire(red, new EscalationPlan.Position(EscalationPhase.UNACKNOWLEDGED, 2, 4))
            .orElseThrow();
    assertThat(again.next().orElseThrow())
        .isEqualTo(
            new EscalationPlan.Next(
                new EscalationPlan.Position(EscalationPhase.UNACKNOWLEDGED, 2, 5),
                Duration.ofMinutes(10)));
    EscalationPolicy yellowOnce =
        new EscalationPolicy(
            Level.YELLOW,
            EscalationPolicies.defaults().get(Level.YELLOW).steps(),
            null,
            Duration.ofHours(4),
            null);
    EscalationPlan.Firing once =
        EscalationPlan.fire(
                yellowOnce, EscalationPlan.Position.start(EscalationPhase.UNACKNOWLEDGED))
            .orElseThrow();
    assertThat(once.step().recipients()).containsExactly(Recipient.NURSE_ON_DUTY);
    assertThat(once.next()).isEmpty();
  }

  @Test
  void remindersRepeatAtTheirDelayWithAGrowingCountAndNeverWithoutOne() {
    EscalationPolicy critical = EscalationPolicies.defaults().get(Level.CRITICAL);
    EscalationPlan.Firing third =
        EscalationPlan.fire(
                critical, new EscalationPlan.Position(EscalationPhase.ACKNOWLEDGED, 0, 2))
            .orElseThrow();
    assertThat(third.step().recipients()).containsExactly(Recipient.ACKNOWLEDGER);
    assertThat(third.next().orElseThrow())
        .isEqualTo(
            new EscalationPlan.Next(
                new EscalationPlan.Position(EscalationPhase.ACKNOWLEDGED, 0, 3),
                Duration.ofMinutes(30)));
    EscalationPolicy yellow = EscalationPolicies.defaults().get(Level.YELLOW);
    assertThat(
            EscalationPlan.fire(
                yellow, EscalationPlan.Position.start(EscalationPhase.ACKNOWLEDGED)))
        .isEmpty();
    assertThat(EscalationPlan.firstDelay(yellow, EscalationPhase.ACKNOWLEDGED)).isEmpty();
    assertThat(EscalationPlan.firstDelay(yellow, EscalationPhase.UNACKNOWLEDGED))
        .contains(Duration.ZERO);
    EscalationPolicy green = EscalationPolicies.defaults().get(Level.GREEN);
    assertThat(
            EscalationPlan.fire(
                green, EscalationPlan.Position.start(EscalationPhase.UNACKNOWLEDGED)))
        .isEmpty();
  }

  @ParameterizedTest(name = "position {0} {1} {2} has key {3}")
  @CsvSource({
    "UNACKNOWLEDGED, 0, 0, U:0:0",
    "UNACKNOWLEDGED, 2, 5, U:2:5",
    "ACKNOWLEDGED, 0, 3, A:0:3"
  })
  void positionKeysAreUniquePerPhaseStepAndRepeat(
      EscalationPhase phase, int step, int repeat, String key) {
    assertThat(new EscalationPlan.Position(phase, step, repeat).key()).isEqualTo(key);
  }

  @Test
  void aPolicyRefusesARepeatOrReminderWithoutAPositiveDelay() {
    EscalationStep nurse =
        new EscalationStep(Duration.ZERO, Set.of(Recipient.NURSE_ON_DUTY), Set.of(Channel.IN_APP));
    assertThatThrownBy(
            () ->
                new EscalationPolicy(
                    Level.RED, List.of(nurse), Duration.ZERO, Duration.ofHours(1), null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                new EscalationPolicy(
                    Level.RED, List.of(nurse), Duration.ofSeconds(-1), Duration.ofHours(1), null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> new EscalationPolicy(Level.RED, List.of(nurse), null, Duration.ofHours(1), nurse))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(
            new EscalationPolicy(
                    Level.RED,
                    List.of(nurse),
                    Duration.ofSeconds(1),
                    Duration.ofHours(1),
                    new EscalationStep(
                        Duration.ofSeconds(1),
                        Set.of(Recipient.ACKNOWLEDGER),
                        Set.of(Channel.IN_APP)))
                .repeatEvery())
        .isEqualTo(Duration.ofSeconds(1));
    assertThatThrownBy(
            () ->
                new EscalationStep(
                    Duration.ofSeconds(-1),
                    Set.of(Recipient.NURSE_ON_DUTY),
                    Set.of(Channel.IN_APP)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

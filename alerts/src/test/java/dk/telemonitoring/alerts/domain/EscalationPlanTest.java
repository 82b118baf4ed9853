package dk.telemonitoring.alerts.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class EscalationPlanTest {

  private final EscalationPolicy red = EscalationPolicies.defaults().get(Level.RED);
  private final EscalationPolicy critical = EscalationPolicies.defaults().get(Level.CRITICAL);

  @Test
  void redGoesToNurseThenDoctorAfterFifteenMinutesThenBackupAfterTen() {
    EscalationPlan.Firing first =
        EscalationPlan.fire(red, EscalationPlan.Position.start(EscalationPhase.UNACKNOWLEDGED))
            .orElseThrow();
    assertThat(first.step().recipients()).containsExactly(Recipient.NURSE_ON_DUTY);
    assertThat(first.step().channels()).containsExactly(Channel.IN_APP);
    assertThat(first.next().orElseThrow().delay()).isEqualTo(Duration.ofMinutes(15));
    EscalationPlan.Firing second =
        EscalationPlan.fire(red, first.next().orElseThrow().position()).orElseThrow();
    assertThat(second.step().recipients()).containsExactly(Recipient.ONCALL_DOCTOR);
    assertThat(second.next().orElseThrow().delay()).isEqualTo(Duration.ofMinutes(10));
    EscalationPlan.Firing third =
        EscalationPlan.fire(red, second.next().orElseThrow().position()).orElseThrow();
    assertThat(third.step().recipients()).contains(Recipient.BACKUP_DOCTOR);
    EscalationPlan.Next repeat = third.next().orElseThrow();
    assertThat(repeat.position().repeat()).isEqualTo(1);
    assertThat(repeat.delay()).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void criticalPagesTheOnCallDoctorAtOnce() {
    assertThat(EscalationPlan.firstDelay(critical, EscalationPhase.UNACKNOWLEDGED))
        .contains(Duration.ZERO);
    EscalationPlan.Firing first =
        EscalationPlan.fire(critical, EscalationPlan.Position.start(EscalationPhase.UNACKNOWLEDGED))
            .orElseThrow();
    assertThat(first.step().recipients()).contains(Recipient.ONCALL_DOCTOR);
    assertThat(first.step().pagesDoctor()).isTrue();
  }

  @Test
  void acknowledgedButUnresolvedRedRemindsTheOwnerAfterAnHour() {
    assertThat(EscalationPlan.firstDelay(red, EscalationPhase.ACKNOWLEDGED))
        .contains(Duration.ofHours(1));
    EscalationPlan.Firing reminder =
        EscalationPlan.fire(red, EscalationPlan.Position.start(EscalationPhase.ACKNOWLEDGED))
            .orElseThrow();
    assertThat(reminder.step().recipients()).containsExactly(Recipient.ACKNOWLEDGER);
  }

  @Test
  void greenNeverPages() {
    EscalationPolicy green = EscalationPolicies.defaults().get(Level.GREEN);
    assertThat(EscalationPlan.firstDelay(green, EscalationPhase.UNACKNOWLEDGED)).isEmpty();
  }
}

package dk.telemonitoring.alerts.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EscalationStepTest {

  private static final Set<Channel> IN_APP = Set.of(Channel.IN_APP);

  @Test
  void aStepMayNamePeopleInsteadOfOrBesidesRoles() {
    NamedPerson head = new NamedPerson("head-of-clinic", false);
    EscalationStep named = new EscalationStep(Duration.ZERO, Set.of(), Set.of(head), IN_APP);
    assertThat(named.recipients()).isEmpty();
    assertThat(named.people()).containsExactly(head);

    EscalationStep both =
        new EscalationStep(Duration.ZERO, Set.of(Recipient.NURSE_ON_DUTY), Set.of(head), IN_APP);
    assertThat(both.recipients()).containsExactly(Recipient.NURSE_ON_DUTY);
    assertThat(both.people()).containsExactly(head);
  }

  @Test
  void aStepWithNeitherRolesNorPeopleOrTheSamePersonTwiceIsRefused() {
    assertThatThrownBy(() -> new EscalationStep(Duration.ZERO, Set.of(), Set.of(), IN_APP))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one recipient or named person");
    assertThatThrownBy(
            () ->
                new EscalationStep(
                    Duration.ZERO,
                    Set.of(),
                    Set.of(new NamedPerson("dr-h", true), new NamedPerson("dr-h", false)),
                    IN_APP))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("each person once");
    assertThatThrownBy(() -> new NamedPerson(" ", false))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                new EscalationStep(
                    Duration.ZERO, Set.of(), Set.of(new NamedPerson("dr-h", true)), Set.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theStepIsImmutableAndKeepsNoReferenceToTheCallersSets() {
    Set<NamedPerson> people = new HashSet<>(List.of(new NamedPerson("dr-h", true)));
    EscalationStep step = new EscalationStep(Duration.ZERO, Set.of(), people, IN_APP);
    people.add(new NamedPerson("someone-else", false));
    assertThat(step.people()).extracting(NamedPerson::personId).containsExactly("dr-h");
    assertThatThrownBy(() -> step.people().add(new NamedPerson("x", false)))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void aNamedDoctorPagesADoctorButANamedNurseDoesNot() {
    Map<NamedPerson, Boolean> cases =
        Map.of(new NamedPerson("dr-h", true), true, new NamedPerson("nurse-h", false), false);
    cases.forEach(
        (person, doctor) -> {
          EscalationStep step =
              new EscalationStep(
                  Duration.ZERO, Set.of(Recipient.NURSE_ON_DUTY), Set.of(person), IN_APP);
          assertThat(step.pagesDoctor()).as(person.personId()).isEqualTo(doctor);
          assertThat(step.pagesDoctorRole()).isFalse();
          assertThat(person.pagedAs()).isEqualTo(doctor ? "NAMED_DOCTOR" : "NAMED_PERSON");
        });
  }

  @Test
  void redStillNeedsTheOnCallDoctorRoleANamedDoctorMayBeOffShift() {
    EscalationStep named =
        new EscalationStep(Duration.ZERO, Set.of(), Set.of(new NamedPerson("dr-h", true)), IN_APP);
    EscalationPolicy onlyNamed =
        new EscalationPolicy(
            Level.RED, List.of(named), Duration.ofMinutes(10), Duration.ofHours(1), null);
    assertThat(EscalationPolicyRules.violations(onlyNamed))
        .anySatisfy(v -> assertThat(v).contains("RED must page a doctor"));
    EscalationPolicy withRole =
        new EscalationPolicy(
            Level.RED,
            List.of(
                named,
                new EscalationStep(
                    Duration.ofMinutes(30), Set.of(Recipient.ONCALL_DOCTOR), IN_APP)),
            Duration.ofMinutes(10),
            Duration.ofHours(1),
            null);
    assertThat(EscalationPolicyRules.violations(withRole)).isEmpty();
  }
}

package dk.telemonitoring.alerts.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link EscalationPolicyRules}, rule by rule: each policy below breaks one rule and keeps every
 * other one, so a violation is reported for exactly that rule (docs/clinical-reference.md "Levels
 * and who acts": RED informs the on-call doctor within 1 h, CRITICAL pages the on-call doctor at
 * once; pages repeat until acknowledged).
 */
class EscalationPolicyRulesTest {

  private static final Set<Channel> IN_APP = Set.of(Channel.IN_APP);
  private static final Duration TEN_MIN = Duration.ofMinutes(10);

  @ParameterizedTest(name = "the shipped {0} policy breaks no rule")
  @EnumSource(Level.class)
  void theShippedDefaultsBreakNoRule(Level level) {
    assertThat(EscalationPolicyRules.violations(EscalationPolicies.defaults().get(level)))
        .isEmpty();
  }

  @ParameterizedTest(
      name = "defaults scaled to redToDoctor {0} s, doctorToBackup {1} s break no rule")
  @CsvSource({"15, 10", "900, 600", "3600, 600"})
  void theDefaultsWithShorterOrEqualDelaysBreakNoRule(long redToDoctor, long doctorToBackup) {
    EscalationPolicies.withDelays(
            Duration.ofSeconds(redToDoctor), Duration.ofSeconds(doctorToBackup))
        .values()
        .forEach(
            p -> assertThat(EscalationPolicyRules.violations(p)).as(p.level().name()).isEmpty());
  }

  @Test
  void redWithItsDoctorOneSecondPastTheHourIsReported() {
    var late =
        EscalationPolicies.withDelays(Duration.ofHours(1).plusSeconds(1), TEN_MIN).get(Level.RED);
    assertThat(EscalationPolicyRules.violations(late))
        .containsExactly(
            "RED must page a doctor (ONCALL_DOCTOR or"
                + " BACKUP_DOCTOR) within 1 h of opening (docs/clinical-reference.md: the on-call doctor is informed within 1 h)");
  }

  @ParameterizedTest(name = "RED: nurse at 0, doctor {1} after {0} min -> acceptable {2}")
  @CsvSource({
    // minutes after the nurse, doctor role, acceptable
    "0,  ONCALL_DOCTOR, true",
    "59, ONCALL_DOCTOR, true",
    "60, ONCALL_DOCTOR, true", // exactly the 1 h of the table
    "61, ONCALL_DOCTOR, false",
    "60, BACKUP_DOCTOR, true", // whoever is on duty as a doctor counts
    "30, NURSE_ON_DUTY, false", // a second nurse page is no doctor
  })
  void redMustPageADoctorRoleWithinOneHourCountingTheDelaysOfAllSteps(
      int minutes, Recipient doctor, boolean acceptable) {
    // two steps of half the delay each: the rule adds the delays up
    Duration half = Duration.ofSeconds(minutes * 30L);
    EscalationPolicy p =
        new EscalationPolicy(
            Level.RED,
            List.of(
                step(Duration.ZERO, Recipient.NURSE_ON_DUTY),
                step(half, Recipient.NURSE_ON_DUTY),
                step(half, doctor)),
            TEN_MIN,
            Duration.ofHours(1),
            null);
    assertThat(EscalationPolicyRules.violations(p).isEmpty()).isEqualTo(acceptable);
  }

  @Test
  void redWithANamedDoctorButNoDoctorRoleIsReported() {
    EscalationStep named =
        new EscalationStep(
            Duration.ZERO, Set.of(), Set.of(new NamedPerson("dr-berg", true)), IN_APP);
    EscalationPolicy p =
        new EscalationPolicy(Level.RED, List.of(named), TEN_MIN, Duration.ofHours(1), null);
    assertThat(EscalationPolicyRules.violations(p))
        .singleElement()
        .asString()
        .startsWith("RED must page a doctor");
  }

  @Test
  void redWithTheDoctorOnlyInALaterStepAfterAnEarlyOneStillCounts() {
    // the first doctor step is in time; a later one past the hour does not make the policy wrong
    EscalationPolicy p =
        new EscalationPolicy(
            Level.RED,
            List.of(
                step(Duration.ofMinutes(20), Recipient.ONCALL_DOCTOR),
                step(Duration.ofHours(2), Recipient.BACKUP_DOCTOR)),
            TEN_MIN,
            Duration.ofHours(1),
            null);
    assertThat(EscalationPolicyRules.violations(p)).isEmpty();
  }

  @ParameterizedTest(name = "{0} without repeatEvery is reported: {1}")
  @CsvSource({"GREEN, false", "YELLOW, false", "RED, true", "CRITICAL, true"})
  void pagesFromRedUpMustRepeatUntilAcknowledged(Level level, boolean reported) {
    EscalationPolicy p =
        new EscalationPolicy(
            level,
            List.of(step(Duration.ZERO, Recipient.ONCALL_DOCTOR)),
            null,
            Duration.ofHours(1),
            null);
    List<String> v = EscalationPolicyRules.violations(p);
    assertThat(v.contains(level + " pages must repeat until acknowledged: set repeatEverySeconds"))
        .isEqualTo(reported);
    assertThat(v).hasSize(reported ? 1 : 0);
  }

  @Test
  void criticalWithoutAnyStepIsReported() {
    EscalationPolicy p =
        new EscalationPolicy(Level.CRITICAL, List.of(), TEN_MIN, Duration.ofMinutes(10), null);
    assertThat(EscalationPolicyRules.violations(p))
        .containsExactly(
            "CRITICAL must page the ONCALL_DOCTOR in its first"
                + " step with delay 0 (docs/clinical-reference.md: on-call doctor at once)");
  }

  @ParameterizedTest(name = "CRITICAL first step after {0} s to {1} -> acceptable {2}")
  @CsvSource({
    "0, ONCALL_DOCTOR, true",
    "1, ONCALL_DOCTOR, false", // one second late is not "at once"
    "0, BACKUP_DOCTOR, false", // the backup is not the on-call doctor
    "0, NURSE_ON_DUTY, false",
  })
  void criticalMustPageTheOnCallDoctorInItsFirstStepAtOnce(
      long seconds, Recipient first, boolean acceptable) {
    EscalationPolicy p =
        new EscalationPolicy(
            Level.CRITICAL,
            List.of(
                step(Duration.ofSeconds(seconds), first),
                step(Duration.ZERO, Recipient.ONCALL_DOCTOR)),
            TEN_MIN,
            Duration.ofMinutes(10),
            null);
    assertThat(EscalationPolicyRules.violations(p).isEmpty()).isEqualTo(acceptable);
  }

  @ParameterizedTest(name = "ACKNOWLEDGER in step {0} of {1} is reported as step {0}")
  @CsvSource({"1, 1", "1, 3", "2, 3", "3, 3"})
  void theAcknowledgerCannotBePagedByAStepAndTheReportNamesTheStep(int at, int steps) {
    List<EscalationStep> list = new ArrayList<>();
    for (int i = 1; i <= steps; i++) {
      list.add(
          i == at
              ? step(Duration.ZERO, Recipient.ACKNOWLEDGER)
              : step(Duration.ZERO, Recipient.NURSE_ON_DUTY));
    }
    EscalationPolicy p = new EscalationPolicy(Level.YELLOW, list, null, Duration.ofHours(4), null);
    assertThat(EscalationPolicyRules.violations(p))
        .containsExactly(
            "step "
                + at
                + ": ACKNOWLEDGER can only be paged"
                + " by the acknowledged reminder (nobody has acknowledged while the steps run)");
  }

  @Test
  void aPolicyBreakingSeveralRulesReportsEachOnce() {
    EscalationPolicy p =
        new EscalationPolicy(
            Level.CRITICAL,
            List.of(step(Duration.ofMinutes(5), Recipient.ACKNOWLEDGER)),
            null,
            Duration.ofMinutes(10),
            null);
    assertThat(EscalationPolicyRules.violations(p)).hasSize(3);
  }

  private static EscalationStep step(Duration delay, Recipient recipient) {
    return new EscalationStep(delay, Set.of(recipient), IN_APP);
  }
}

package dk.telemonitoring.alerts.domain;

import java.time.Duration;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The default policies (docs/clinical-reference.md#levels and issue 4). Every delay is a default
 * that a clinic can override per level (table escalation_policies) or a deployment through
 * configuration.
 */
public final class EscalationPolicies {

  private static final Set<Channel> DOCTOR_CHANNELS =
      EnumSet.of(Channel.EMAIL, Channel.WEBHOOK, Channel.PUSH, Channel.IN_APP);
  private static final Set<Channel> IN_APP = EnumSet.of(Channel.IN_APP);

  private EscalationPolicies() {}

  /** The defaults with every delay as shipped. */
  public static Map<Level, EscalationPolicy> defaults() {
    return withDelays(Duration.ofMinutes(15), Duration.ofMinutes(10));
  }

  /**
   * The default shape with its two key delays replaced (tests use seconds).
   *
   * @param redToDoctor RED unacknowledged this long goes to the on-call doctor (default 15 min)
   * @param doctorToBackup a doctor who does not acknowledge this long is followed by the backup,
   *     and pages repeat at this interval (default 10 min; docs/clinical-reference.md#levels:
   *     CRITICAL "if the patient cannot be reached within 10 min")
   */
  public static Map<Level, EscalationPolicy> withDelays(
      Duration redToDoctor, Duration doctorToBackup) {
    Map<Level, EscalationPolicy> map = new EnumMap<>(Level.class);
    map.put(
        Level.GREEN, new EscalationPolicy(Level.GREEN, List.of(), null, Duration.ofDays(7), null));
    // YELLOW: nurse on duty, in-app only; same shift (4-6 h); reminder every hour until
    // acknowledged (judgement).
    Duration yellowRepeat = scale(Duration.ofHours(1), redToDoctor, Duration.ofMinutes(15));
    map.put(
        Level.YELLOW,
        new EscalationPolicy(
            Level.YELLOW,
            List.of(step(Duration.ZERO, IN_APP, Recipient.NURSE_ON_DUTY)),
            yellowRepeat,
            Duration.ofHours(4),
            null));
    // RED: nurse now (in-app); after 15 min unacknowledged the on-call doctor; 10 min later the
    // backup (with the
    // doctor), repeated until acknowledged; acknowledged but unresolved after the 1 h deadline:
    // remind the owner.
    map.put(
        Level.RED,
        new EscalationPolicy(
            Level.RED,
            List.of(
                step(Duration.ZERO, IN_APP, Recipient.NURSE_ON_DUTY),
                step(redToDoctor, DOCTOR_CHANNELS, Recipient.ONCALL_DOCTOR),
                step(
                    doctorToBackup,
                    DOCTOR_CHANNELS,
                    Recipient.BACKUP_DOCTOR,
                    Recipient.ONCALL_DOCTOR)),
            doctorToBackup,
            scale(Duration.ofHours(1), redToDoctor, Duration.ofMinutes(15)),
            step(
                scale(Duration.ofHours(1), redToDoctor, Duration.ofMinutes(15)),
                DOCTOR_CHANNELS,
                Recipient.ACKNOWLEDGER)));
    // CRITICAL: the on-call doctor at once (the nurse sees it in-app); backup after 10 min; repeat
    // every 10 min;
    // acknowledged but unresolved after 30 min: remind the owner.
    map.put(
        Level.CRITICAL,
        new EscalationPolicy(
            Level.CRITICAL,
            List.of(
                step(
                    Duration.ZERO,
                    DOCTOR_CHANNELS,
                    Recipient.ONCALL_DOCTOR,
                    Recipient.NURSE_ON_DUTY),
                step(
                    doctorToBackup,
                    DOCTOR_CHANNELS,
                    Recipient.BACKUP_DOCTOR,
                    Recipient.ONCALL_DOCTOR)),
            doctorToBackup,
            doctorToBackup,
            step(doctorToBackup.multipliedBy(3), DOCTOR_CHANNELS, Recipient.ACKNOWLEDGER)));
    return map;
  }

  private static Duration scale(Duration shipped, Duration actual, Duration shippedBase) {
    return Duration.ofMillis(shipped.toMillis() * actual.toMillis() / shippedBase.toMillis());
  }

  private static EscalationStep step(
      Duration delay, Set<Channel> channels, Recipient... recipients) {
    return new EscalationStep(delay, Set.of(recipients), channels);
  }
}

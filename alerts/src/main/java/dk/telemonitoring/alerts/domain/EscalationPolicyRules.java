package dk.telemonitoring.alerts.domain;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What a clinic's own escalation policy must still do, so that editing a policy cannot switch off
 * the paging the clinical table requires. Source: docs/clinical-reference.md#levels (RED: the nurse
 * acts and informs the on-call doctor, within 1 h; CRITICAL: the on-call doctor at once) and issue
 * 4 (pages repeat until acknowledged).
 */
public final class EscalationPolicyRules {

  /** RED must reach a doctor within the table's response time. */
  public static final Duration RED_DOCTOR_WITHIN = Duration.ofHours(1);

  private EscalationPolicyRules() {}

  /**
   * Every rule the policy breaks, as sentences an administrator can act on; empty when it is
   * acceptable.
   */
  public static List<String> violations(EscalationPolicy p) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < p.steps().size(); i++) {
      if (p.steps().get(i).recipients().contains(Recipient.ACKNOWLEDGER)) {
        out.add(
            "step "
                + (i + 1)
                + ": ACKNOWLEDGER can only be paged by the acknowledged reminder (nobody has"
                + " acknowledged while the steps run)");
      }
    }
    if (p.level() == Level.CRITICAL) {
      if (p.steps().isEmpty()
          || !p.steps().get(0).delay().isZero()
          || !p.steps().get(0).recipients().contains(Recipient.ONCALL_DOCTOR)) {
        out.add(
            "CRITICAL must page the ONCALL_DOCTOR in its first step with delay 0"
                + " (docs/clinical-reference.md: on-call doctor at once)");
      }
    }
    if (p.level() == Level.RED) {
      Duration at = Duration.ZERO;
      boolean doctorInTime = false;
      for (EscalationStep s : p.steps()) {
        at = at.plus(s.delay());
        // A named doctor does not count: the rule needs whoever is on duty, and a named person may
        // be off shift.
        if (s.pagesDoctorRole() && at.compareTo(RED_DOCTOR_WITHIN) <= 0) {
          doctorInTime = true;
          break;
        }
      }
      if (!doctorInTime) {
        out.add(
            "RED must page a doctor (ONCALL_DOCTOR or BACKUP_DOCTOR) within 1 h of opening"
                + " (docs/clinical-reference.md: the on-call doctor is informed within 1 h)");
      }
    }
    if (p.level().isAtLeast(Level.RED) && p.repeatEvery() == null) {
      out.add(p.level() + " pages must repeat until acknowledged: set repeatEverySeconds");
    }
    return out;
  }
}

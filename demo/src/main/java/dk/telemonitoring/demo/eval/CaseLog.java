package dk.telemonitoring.demo.eval;

import dk.telemonitoring.hub.triage.Hysteresis;
import java.util.HashSet;
import java.util.Set;

/**
 * The patient's case as the clinic sees it since the hub keeps one open alert per patient: a case
 * opens when a rule's episode opens while none is open; further rules' findings join it (or raise
 * it when worse); it closes when every rule's episode has cleared. The evaluation models no nurse,
 * so a case closes exactly then (in the hub an alert at RED or above waits for a person to resolve
 * it, and one a nurse has touched is not auto-resolved: a finding opening before that would join
 * the still-open alert, so the evaluation's case count is an upper bound).
 */
final class CaseLog {

  /** What one rule's hysteresis step does to the patient's case. */
  enum Event {
    /** No case change the nurse sees: nothing happened, a finding lowered, or a finding cleared. */
    NONE,
    /** A new case: the first rule episode while none was open. */
    OPENED,
    /** A rule episode opened while the case was open: its finding joins the case. */
    JOINED,
    /** An open rule episode rose to a worse level inside the open case. */
    RAISED,
    /** The last open rule episode cleared: the case closes. */
    CLOSED;

    /** The nurse's case got a new or worse finding: what counts as detection. */
    boolean alerting() {
      return this == OPENED || this == JOINED || this == RAISED;
    }
  }

  private final Set<String> openRules = new HashSet<>();

  /**
   * Applies one hysteresis step of rule {@code ruleId}, the same steps {@link EpisodeLog#record}
   * sees.
   */
  Event record(String ruleId, Hysteresis.Action action) {
    return switch (action) {
      case OPEN -> {
        boolean wasOpen = isOpen();
        openRules.add(ruleId);
        yield wasOpen ? Event.JOINED : Event.OPENED;
      }
      case RAISE -> openRules.contains(ruleId) ? Event.RAISED : Event.NONE;
      case CLEAR -> openRules.remove(ruleId) && openRules.isEmpty() ? Event.CLOSED : Event.NONE;
      default -> Event.NONE;
    };
  }

  boolean isOpen() {
    return !openRules.isEmpty();
  }
}

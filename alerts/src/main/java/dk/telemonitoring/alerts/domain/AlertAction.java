package dk.telemonitoring.alerts.domain;

/**
 * Everything that can happen to an alert; each is recorded as a transition with who, when and a
 * note.
 */
public enum AlertAction {
  /** First reading (or contact request) of an episode. */
  OPEN,
  /** A finding worse than the patient's open alert raises its level (a step of the same alert). */
  RAISE,
  ACKNOWLEDGE,
  /** By the escalation engine (or by a nurse handing over to the doctor). */
  ESCALATE,
  /** Re-page while acknowledged but not resolved in time; the state does not change. */
  REMIND,
  RESOLVE,
  /**
   * Every finding's condition cleared (after the hub's hysteresis); may resolve a low-level
   * untouched alert.
   */
  CLEAR,
  REOPEN,
  NOTE,
  SNOOZE,
  /** Close a hospital admission with its discharge date. */
  DISCHARGE,
  /** A doctor's advice to the nurse (kept in full as {@link Advice}); the state does not change. */
  ADVISE
}

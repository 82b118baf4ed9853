package dk.telemonitoring.alerts.domain;

/**
 * The one triage level scale of the project, ordered by urgency: GREEN &lt; YELLOW &lt; RED &lt;
 * CRITICAL (docs/clinical-reference.md#levels). Who acts: GREEN nobody; YELLOW nurse within the
 * shift; RED nurse now and on-call doctor informed within 1 h; CRITICAL on-call doctor at once.
 *
 * <p>The order of the constants is the order of urgency: the comparisons below, and the stored
 * alert's level rank (its ordinal), depend on it. The triage engine of the hub uses this enum too,
 * so a finding's level reaches the alert unchanged.
 */
public enum Level {
  GREEN,
  YELLOW,
  RED,
  CRITICAL;

  /** Anything but GREEN: someone has to act. */
  public boolean abnormal() {
    return this != GREEN;
  }

  /** Strictly more urgent than {@code other}. */
  public boolean isWorseThan(Level other) {
    return compareTo(other) > 0;
  }

  /** As urgent as {@code other} or more. */
  public boolean isAtLeast(Level other) {
    return compareTo(other) >= 0;
  }

  /** The more urgent of the two. */
  public static Level max(Level a, Level b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}

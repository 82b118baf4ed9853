package dk.telemonitoring.alerts.domain;

/**
 * Triage level of an alert, ordered by urgency: GREEN &lt; YELLOW &lt; RED &lt; CRITICAL
 * (docs/clinical-reference.md#levels).
 */
public enum Level {
  GREEN,
  YELLOW,
  RED,
  CRITICAL;

  public boolean isWorseThan(Level other) {
    return compareTo(other) > 0;
  }

  public boolean isAtLeast(Level other) {
    return compareTo(other) >= 0;
  }

  public static Level worst(Level a, Level b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}

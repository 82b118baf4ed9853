package dk.telemonitoring.hub.triage;

/**
 * Triage levels and who acts (docs/clinical-reference.md#levels): GREEN nobody; YELLOW nurse within the
 * shift; RED nurse now and on-call doctor informed within 1 h; CRITICAL on-call doctor at once.
 *
 * <p>The alerts module may expose its own level scale; the hub maps by name.
 */
public enum Level {
  GREEN, YELLOW, RED, CRITICAL;

  public static Level max(Level a, Level b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  public boolean atLeast(Level other) {
    return compareTo(other) >= 0;
  }

  public boolean abnormal() {
    return this != GREEN;
  }
}

package dk.telemonitoring.alerts.domain;

import java.util.UUID;

/**
 * What {@code raise}, {@code clear} or {@code contactRequest} did, so the hub can push a live
 * update after commit.
 *
 * @param previousLevel null when the alert was just opened
 */
public record AlertChange(
    Kind kind, UUID alertId, Level previousLevel, Level level, AlertState state) {

  public enum Kind {
    /** A new case: the patient's first alert since the last one was resolved. */
    OPENED,
    /** The open alert's level went up; escalation re-armed for the higher level. */
    RAISED,
    /**
     * The finding joined or updated the open alert without raising it (no page), or a finding
     * cleared.
     */
    UPDATED,
    /** Every finding cleared; the alert stays for a person to resolve. */
    CLEARED,
    /**
     * The condition cleared and the alert was closed automatically (untouched and below RED, or
     * snoozed until clear).
     */
    AUTO_RESOLVED,
    /** Nothing open for the patient, or no live finding of that rule in it. */
    NONE
  }

  public boolean changed() {
    return kind != Kind.NONE && kind != Kind.UPDATED;
  }
}

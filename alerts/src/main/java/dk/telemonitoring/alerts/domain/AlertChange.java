package dk.telemonitoring.alerts.domain;

import java.util.UUID;

/**
 * What {@code raise}, {@code clear} or {@code contactRequest} did, so the hub can push a live update after commit.
 *
 * @param previousLevel null when the alert was just opened
 */
public record AlertChange(Kind kind, UUID alertId, Level previousLevel, Level level, AlertState state) {

  public enum Kind {
    /** A new episode: first alert for this (patient, rule) since the last one was resolved. */
    OPENED,
    /** The open alert's level went up; escalation re-armed for the higher level. */
    RAISED,
    /** The open alert already had this level or a worse one; only its last reading was updated. */
    UPDATED,
    /** The condition cleared; the alert stays for a person to resolve (or its until-clear snooze ended). */
    CLEARED,
    /** The condition cleared and the alert was closed automatically (untouched and below RED, or snoozed until clear). */
    AUTO_RESOLVED,
    /** Nothing open for that (patient, rule). */
    NONE
  }

  public boolean changed() {
    return kind != Kind.NONE && kind != Kind.UPDATED;
  }
}

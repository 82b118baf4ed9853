package dk.telemonitoring.alerts.domain;

import java.time.Instant;
import java.util.UUID;

/**
 * One line of an alert's history: who did what, when, with which note; {@code noteDa} is the note's
 * Danish where triage or the patient wrote it (a finding's words), else null.
 */
public record AlertTransition(
    long seq,
    UUID alertId,
    Instant at,
    String actorId,
    AlertAction action,
    AlertState fromState,
    AlertState toState,
    Level fromLevel,
    Level toLevel,
    String note,
    String noteDa) {}

package dk.telemonitoring.alerts.domain;

import java.time.Instant;
import java.util.UUID;

/**
 * A doctor's advice on an alert, for the nurse who acts on it.
 *
 * @param actorName the doctor's name as the alerts module knew it when the advice was given (null
 *     when unknown)
 * @param note free text, null when none
 */
public record Advice(
    long id,
    UUID alertId,
    Instant at,
    String actorId,
    String actorName,
    AdviceInstruction instruction,
    String note) {

  public static final int MAX_NOTE = 1000;
}

package dk.telemonitoring.alerts.domain;

import java.time.Instant;
import java.util.UUID;

/**
 * A doctor's advice on an alert, for the nurse who acts on it.
 *
 * @param actorName the doctor's name as the alerts module knew it when the advice was given (null
 *     when unknown)
 * @param note free text, null when none
 * @param carriedOutAt when a nurse carried it out (closing its alert, or marking it done after the
 *     alert had closed); null while nobody has
 * @param carriedOutBy who did
 */
public record Advice(
    long id,
    UUID alertId,
    Instant at,
    String actorId,
    String actorName,
    AdviceInstruction instruction,
    String note,
    Instant carriedOutAt,
    String carriedOutBy) {

  public static final int MAX_NOTE = 1000;
}

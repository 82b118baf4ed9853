package dk.telemonitoring.hub.triage.worker;

import dk.telemonitoring.alerts.domain.Level;
import dk.telemonitoring.hub.triage.Explanation;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * "This patient, this rule, this level, this explanation": what triage tells the alerts module.
 * {@code opened} is true for a new alert, false when an open alert's level is raised.
 *
 * @param inputs the finding's inputs (for a "call me" request, the patient's reason and words)
 * @param readingRef the reading's key, {@code deviceId/msgId}
 */
public record AlertSignal(
    String clinicId,
    UUID patientId,
    String ruleId,
    int ruleVersion,
    Level level,
    Explanation explanation,
    Map<String, Object> inputs,
    Instant measuredAt,
    String readingRef,
    boolean opened) {}

package dk.telemonitoring.hub.triage.schedule;

import dk.telemonitoring.hub.triage.Explanation;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Work for a nurse that is not a clinical alarm: a patient who stops measuring, or a device that
 * went silent (docs/clinical-reference.md#schedules: "A patient who stops measuring is a clinical
 * signal: a missed schedule opens a nurse task, not an alarm"). One open task per patient and kind.
 */
public record NurseTask(
    UUID patientId, Kind kind, Instant since, Map<String, Object> details, Explanation text) {

  public enum Kind {
    MISSED_MEASUREMENT,
    DEVICE_OFFLINE
  }
}

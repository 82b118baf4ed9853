package dk.telemonitoring.hub.triage.worker;

import dk.telemonitoring.alerts.domain.Level;
import dk.telemonitoring.hub.triage.Explanation;
import java.time.Instant;
import java.util.UUID;

/**
 * The open alert for (patient, rule) may be lowered to {@code level}, or cleared when {@code level}
 * is GREEN, after the hysteresis in {@link dk.telemonitoring.hub.triage.Hysteresis}. {@code
 * explanation} is the words of the reading that lowered it, null when that reading's own level is
 * not {@code level} (the finding then keeps its words rather than name a level it does not show).
 */
public record AlertClear(
    String clinicId,
    UUID patientId,
    String ruleId,
    Level level,
    Explanation explanation,
    Instant measuredAt,
    String readingRef) {

  public boolean cleared() {
    return level == Level.GREEN;
  }
}

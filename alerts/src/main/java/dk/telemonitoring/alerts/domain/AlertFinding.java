package dk.telemonitoring.alerts.domain;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * One rule's finding inside a patient's alert: what the rule saw, worded for a nurse in English and
 * Danish, with the values it judged. A finding is live until triage's hysteresis clears the rule's
 * condition ({@code clearedAt}).
 *
 * @param inputs the values the rule judged (numbers, text, flags), empty when none were given
 */
public record AlertFinding(
    UUID alertId,
    String ruleId,
    Level level,
    String explanation,
    String explanationDa,
    Map<String, Object> inputs,
    Instant firstMeasuredAt,
    Instant lastMeasuredAt,
    String readingRef,
    Instant clearedAt) {

  public AlertFinding {
    inputs = inputs == null ? Map.of() : Map.copyOf(inputs);
  }

  public boolean live() {
    return clearedAt == null;
  }
}

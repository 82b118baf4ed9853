package dk.telemonitoring.alerts.domain;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a person saw of an alert when they chose to close it: each live finding's rule and the time
 * of its newest reading, as their screen showed them. A reading that joined the alert after that (a
 * new rule's finding, or a newer reading of one they saw) was not part of their decision; closing
 * the alert over it would end its episode unseen.
 */
public record SeenFindings(Map<String, Instant> newestReadingByRule) {

  public SeenFindings {
    newestReadingByRule = Map.copyOf(newestReadingByRule);
  }

  /** The rules of the live findings newer than what was seen, in the findings' order. */
  public List<String> newerIn(List<AlertFinding> findings) {
    return findings.stream()
        .filter(AlertFinding::live)
        .filter(
            f -> {
              Instant seen = newestReadingByRule.get(f.ruleId());
              return seen == null || f.lastMeasuredAt().isAfter(seen);
            })
        .map(AlertFinding::ruleId)
        .toList();
  }
}

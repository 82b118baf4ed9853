package dk.telemonitoring.hub.triage;

import dk.telemonitoring.alerts.domain.Level;
import java.util.Map;

/**
 * What one rule concluded about one reading: the rule and its version, the level, the inputs it
 * used and a sentence a nurse can read. Stored verbatim ({@code triage_findings}) so every decision
 * can be defended later.
 *
 * @param repeatable true when the finding rests on a single non-critical value that a repeat after
 *     rest could confirm or refute (docs/clinical-reference.md#repeat-before-alert)
 */
public record Finding(
    String ruleId,
    int ruleVersion,
    Level level,
    Map<String, Object> inputs,
    Explanation explanation,
    boolean repeatable) {

  public Finding {
    inputs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(inputs));
  }
}

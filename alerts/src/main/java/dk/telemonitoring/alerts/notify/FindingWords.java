package dk.telemonitoring.alerts.notify;

import java.util.Map;

/**
 * The port that words a finding's values for a doctor ("SpO2 82%, puls 124 /min"): the rules and
 * their inputs belong to the service that triages, so it words them.
 */
public interface FindingWords {

  /** No values worded; the page carries the explanations alone. */
  FindingWords NONE = (ruleId, inputs) -> new Values("", "");

  /** The values in Danish and in English; empty strings when the rule judged no measured value. */
  record Values(String da, String en) {}

  Values values(String ruleId, Map<String, Object> inputs);
}

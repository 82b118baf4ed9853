package dk.telemonitoring.hub.triage;

import dk.telemonitoring.hub.triage.engine.TriageEngine;

/**
 * The engines the rule-kind tests evaluate with: every rule, and the fixed limits only. Each rule
 * kind's test cites the source its rows come from.
 */
abstract class RuleKindFixture {

  final TriageEngine full = new TriageEngine(TriageConfig.full());
  final TriageEngine fixed = new TriageEngine(TriageConfig.fixedLimitsOnly());
}

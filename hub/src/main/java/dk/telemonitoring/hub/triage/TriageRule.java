package dk.telemonitoring.hub.triage;

import java.util.List;

/**
 * A small, single-purpose rule: it returns one finding per thing it could evaluate (GREEN included,
 * so that hysteresis sees normal readings) or nothing when it does not apply.
 */
public interface TriageRule {

  List<Finding> evaluate(TriageInput input);
}

package dk.telemonitoring.hub.triage.rules;

import dk.telemonitoring.hub.reading.MeasurementType;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A finding's measured values in the words a doctor reads on a page ("SpO2 82%, puls 124 /min"):
 * the measurement's short name and its value with the unit as the triage screen writes it, never a
 * rule id or a unit code. Reads the inputs the rules of this package store with their findings.
 */
public final class FindingValues {

  private FindingValues() {}

  public record Values(String da, String en) {}

  public static Values of(String ruleId, Map<String, Object> inputs) {
    List<String> da = new ArrayList<>();
    List<String> en = new ArrayList<>();
    Set<MeasurementType> worded = new LinkedHashSet<>();
    // The rule's own measurement first: a limit names it in its inputs, the others in the rule id
    // (baseline.spo2-drop).
    Optional<MeasurementType> own =
        inputs.get("code") instanceof String code
            ? MeasurementType.byCode(code)
            : typeInRuleId(ruleId);
    if (own.isPresent() && inputs.get("value") instanceof Number v) {
      add(own.get(), v.doubleValue(), da, en);
      worded.add(own.get());
    }
    if (inputs.get("total") instanceof Number total && ruleId.startsWith("news2.")) {
      da.add("NEWS2 " + total.intValue() + " point");
      en.add("NEWS2 " + total.intValue() + (total.intValue() == 1 ? " point" : " points"));
    }
    // Every measured value the rule judged (NEWS2's parameters, a weight, a CAT score), in the
    // rule's order. The
    // single-parameter NEWS2 finding keys its points, not values, by parameter: its explanation
    // names the values.
    if (!ruleId.equals(News2Rule.SINGLE)) {
      inputs.forEach(
          (key, value) ->
              MeasurementType.byCode(key)
                  .ifPresent(
                      t -> {
                        if (value instanceof Number n && worded.add(t)) {
                          add(t, n.doubleValue(), da, en);
                        }
                      }));
    }
    if (inputs.get("percentOfBest") instanceof Number pct) {
      da.add(pct.intValue() + " % af personlig bedste");
      en.add(pct.intValue() + "% of personal best");
    }
    return new Values(String.join(", ", da), String.join(", ", en));
  }

  private static Optional<MeasurementType> typeInRuleId(String ruleId) {
    for (String token : ruleId.split("[.-]")) {
      Optional<MeasurementType> t = MeasurementType.byCode(token);
      if (t.isPresent()) {
        return t;
      }
    }
    return Optional.empty();
  }

  private static void add(MeasurementType t, double v, List<String> da, List<String> en) {
    da.add(Words.nameDa(t) + " " + Words.valueDa(t, v));
    en.add(Words.nameEn(t) + " " + Words.valueEn(t, v));
  }
}

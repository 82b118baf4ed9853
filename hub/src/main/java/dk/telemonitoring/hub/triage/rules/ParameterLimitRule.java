package dk.telemonitoring.hub.triage.rules;

import dk.telemonitoring.alerts.domain.Level;
import dk.telemonitoring.hub.triage.CriticalFloors;
import dk.telemonitoring.hub.triage.Explanation;
import dk.telemonitoring.hub.triage.Finding;
import dk.telemonitoring.hub.triage.Observation;
import dk.telemonitoring.hub.triage.PatientLimit;
import dk.telemonitoring.hub.triage.TriageInput;
import dk.telemonitoring.hub.triage.TriageRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Per-parameter limits: the patient's own (authored, or group defaults copied on enrolment) or, in
 * the fixed-limits arm, the group defaults (docs/clinical-reference.md#per-patient-limits). The
 * CRITICAL floors ({@link CriticalFloors}) always apply on top. Rule id {@code limit.<code>}.
 */
public final class ParameterLimitRule implements TriageRule {

  public static final int VERSION = 1;

  @Override
  public List<Finding> evaluate(TriageInput in) {
    List<Finding> out = new ArrayList<>();
    for (Observation o : in.message()) {
      if (!o.usable()) continue;
      Optional<PatientLimit> limit = in.limit(o.type().code());
      Level floor = CriticalFloors.levelOf(o.type().code(), o.value());
      if (limit.isEmpty() && floor == Level.GREEN) continue;
      Level byLimit = limit.map(l -> l.levelOf(o.value())).orElse(Level.GREEN);
      Level level = Level.max(byLimit, floor);
      Map<String, Object> inputs = new LinkedHashMap<>();
      inputs.put("code", o.type().code());
      inputs.put("value", o.value());
      limit.ifPresent(
          l -> {
            putIfSet(inputs, "criticalLow", l.criticalLow());
            putIfSet(inputs, "redLow", l.redLow());
            putIfSet(inputs, "yellowLow", l.yellowLow());
            putIfSet(inputs, "yellowHigh", l.yellowHigh());
            putIfSet(inputs, "redHigh", l.redHigh());
            putIfSet(inputs, "criticalHigh", l.criticalHigh());
            inputs.put("author", l.author());
            inputs.put("groupDefault", l.groupDefault());
            if (l.reviewDue(in.at())) inputs.put("reviewOverdue", true);
          });
      String v = Words.valueEn(o.type(), o.value());
      String vDa = Words.valueDa(o.type(), o.value());
      Explanation text;
      if (level == Level.GREEN) {
        text =
            new Explanation(
                Words.cap(Words.nameEn(o.type())) + " " + v + " is within this patient's limits.",
                Words.cap(Words.nameDa(o.type()))
                    + " "
                    + vDa
                    + " er inden for patientens grænser.");
      } else if (floor == Level.CRITICAL && byLimit != Level.CRITICAL) {
        text =
            new Explanation(
                Words.cap(Words.nameEn(o.type()))
                    + " "
                    + v
                    + " is beyond the CRITICAL floor that applies to every patient.",
                Words.cap(Words.nameDa(o.type()))
                    + " "
                    + vDa
                    + " er ud over den KRITISKE grænse, der gælder for alle patienter.");
      } else {
        PatientLimit l = limit.orElseThrow();
        double threshold = l.thresholdFor(level, o.value()).orElse(Double.NaN);
        // A threshold equal to the lowest high one is that high one: a value exactly on it is "at
        // or above".
        boolean low =
            o.value() <= threshold
                && (l.criticalLow() != null || l.redLow() != null || l.yellowLow() != null)
                && threshold < lowestHigh(l);
        String whose =
            l.groupDefault()
                ? "the " + Words.conditionEn(in.patient().condition()) + " group default"
                : "this patient's limit";
        // Danish names the group after the threshold: "standardgrænsen for KOL for KRITISK" read
        // badly.
        String whoseDa = l.groupDefault() ? "grænsen" : "patientens grænse";
        String by = l.groupDefault() ? "" : " (set by " + l.author() + ": " + l.reason() + ")";
        String byDa =
            l.groupDefault()
                ? " (standard ved " + Words.conditionDa(in.patient().condition()) + ")"
                : " (sat af " + l.author() + ": " + l.reason() + ")";
        text =
            new Explanation(
                Words.cap(Words.nameEn(o.type()))
                    + " "
                    + v
                    + " is at or "
                    + (low ? "below " : "above ")
                    + whose
                    + " for "
                    + level
                    + " of "
                    + Words.valueEn(o.type(), threshold)
                    + by
                    + ".",
                Words.cap(Words.nameDa(o.type()))
                    + " "
                    + vDa
                    + " er på eller "
                    + (low ? "under " : "over ")
                    + whoseDa
                    + " for "
                    + Words.levelDa(level)
                    + " på "
                    + Words.valueDa(o.type(), threshold)
                    + byDa
                    + ".");
      }
      out.add(
          new Finding(
              "limit." + o.type().code(), VERSION, level, inputs, text, level != Level.CRITICAL));
    }
    return out;
  }

  private static double lowestHigh(PatientLimit l) {
    for (Double d : new Double[] {l.yellowHigh(), l.redHigh(), l.criticalHigh()}) {
      if (d != null) return d;
    }
    return Double.POSITIVE_INFINITY;
  }

  private static void putIfSet(Map<String, Object> m, String k, Double v) {
    if (v != null) m.put(k, v);
  }
}

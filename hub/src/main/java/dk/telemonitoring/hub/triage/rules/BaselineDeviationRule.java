package dk.telemonitoring.hub.triage.rules;

import dk.telemonitoring.hub.reading.MeasurementType;
import dk.telemonitoring.hub.triage.Baseline;
import dk.telemonitoring.hub.triage.Explanation;
import dk.telemonitoring.hub.triage.Finding;
import dk.telemonitoring.hub.triage.Level;
import dk.telemonitoring.hub.triage.Observation;
import dk.telemonitoring.hub.triage.TriageInput;
import dk.telemonitoring.hub.triage.TriageRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Drops and rises against the patient's own baseline (../shared/CLINICAL.md, "Personal baseline and trends";
 * day-to-day variation from Hurst et al., BMC Pulm Med 2010): SpO2 2 points below baseline YELLOW, 3 or more RED;
 * pulse 10 /min above baseline YELLOW. Rule ids {@code baseline.spo2-drop}, {@code baseline.pulse-rise}.
 */
public final class BaselineDeviationRule implements TriageRule {

  public static final int VERSION = 1;

  @Override
  public List<Finding> evaluate(TriageInput in) {
    List<Finding> out = new ArrayList<>();
    in.inMessage(MeasurementType.SPO2).filter(Observation::usable).ifPresent(o ->
        baseline(in, MeasurementType.SPO2).ifPresent(b -> {
          double drop = Math.round(b.median()) - Math.round(o.value());
          Level level = drop >= 3 ? Level.RED : drop >= 2 ? Level.YELLOW : Level.GREEN;
          out.add(finding("baseline.spo2-drop", level, o, b, drop, "below", "under"));
        }));
    in.inMessage(MeasurementType.PULSE).filter(Observation::usable).ifPresent(o ->
        baseline(in, MeasurementType.PULSE).ifPresent(b -> {
          double rise = Math.round(o.value() - b.median());
          Level level = rise >= 10 ? Level.YELLOW : Level.GREEN;
          out.add(finding("baseline.pulse-rise", level, o, b, rise, "above", "over"));
        }));
    return out;
  }

  private static Optional<Baseline> baseline(TriageInput in, MeasurementType type) {
    return Baseline.of(type, in.history(), in.at(), in.patient().alertEpisodes());
  }

  private static Finding finding(String rule, Level level, Observation o, Baseline b, double delta, String dirEn,
      String dirDa) {
    Map<String, Object> inputs = new LinkedHashMap<>();
    inputs.put("value", o.value());
    inputs.put("baselineMedian", b.median());
    inputs.put("baselineMad", b.mad());
    inputs.put("baselineDays", b.days());
    inputs.put("baselineCount", b.count());
    inputs.put("delta", delta);
    MeasurementType t = o.type();
    String en;
    String da;
    if (delta > 0) {
      en = Words.cap(Words.nameEn(t)) + " " + Words.valueEn(t, o.value()) + " is " + Words.deltaEn(t, delta) + " "
          + dirEn + " this patient's " + b.days() + "-day baseline of " + Words.valueEn(t, Math.round(b.median())) + ".";
      da = Words.cap(Words.nameDa(t)) + " " + Words.valueDa(t, o.value()) + " er " + Words.deltaDa(t, delta) + " "
          + dirDa + " patientens " + b.days() + "-dages baseline på " + Words.valueDa(t, Math.round(b.median())) + ".";
    } else {
      en = Words.cap(Words.nameEn(t)) + " " + Words.valueEn(t, o.value()) + " is in line with this patient's "
          + b.days() + "-day baseline of " + Words.valueEn(t, Math.round(b.median())) + ".";
      da = Words.cap(Words.nameDa(t)) + " " + Words.valueDa(t, o.value()) + " svarer til patientens " + b.days()
          + "-dages baseline på " + Words.valueDa(t, Math.round(b.median())) + ".";
    }
    return new Finding(rule, VERSION, level, inputs, new Explanation(en, da), true);
  }
}

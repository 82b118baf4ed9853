package dk.telemonitoring.hub.triage.rules;

import dk.telemonitoring.alerts.domain.Level;
import dk.telemonitoring.hub.reading.MeasurementType;
import dk.telemonitoring.hub.triage.Baseline;
import dk.telemonitoring.hub.triage.Explanation;
import dk.telemonitoring.hub.triage.Finding;
import dk.telemonitoring.hub.triage.Observation;
import dk.telemonitoring.hub.triage.TriageInput;
import dk.telemonitoring.hub.triage.TriageRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Questionnaire answers take part in triage (docs/clinical-reference.md#symptoms: CAT 0-40, more
 * breathless, sputum amount, sputum colour, fever). Thresholds are (judgement), awaiting clinical
 * sign-off; our notes named the items but not the cut-offs.
 *
 * <ul>
 *   <li>{@code symptoms}: of more breathless, more sputum and discoloured sputum (yellow or
 *       darker): all three RED, two YELLOW; fever together with any one of them YELLOW.
 *   <li>{@code cat.rise}: CAT 4 or more points above the patient's baseline median on this
 *       questionnaire and on the previous one (within 7 calendar days) YELLOW; CAT 30 or more (very
 *       high impact, Jones et al., Eur Respir J 2009) YELLOW whether or not there is a baseline
 *       (version 3: version 2 dropped it once a baseline existed, so a weekly 38 against a baseline
 *       of 28 without a comparable previous answer was GREEN). Version 2 asks for the two answers
 *       because one CAT answer wanders by about 2 points from day to day, the minimal clinically
 *       important difference (Kon et al., Lancet Respir Med 2014), so a single +4 crossed the limit
 *       in stable patients; the same 2-day reasoning as Cooper et al. (Int J COPD 2020)
 *       (judgement).
 * </ul>
 */
public final class SymptomRule implements TriageRule {

  public static final int VERSION = 3;

  @Override
  public List<Finding> evaluate(TriageInput in) {
    List<Finding> out = new ArrayList<>();
    Optional<Observation> breathless = in.inMessage(MeasurementType.SYM_BREATHLESS);
    Optional<Observation> sputumMore = in.inMessage(MeasurementType.SYM_SPUTUM_MORE);
    Optional<Observation> colour = in.inMessage(MeasurementType.SYM_SPUTUM_COLOUR);
    Optional<Observation> fever = in.inMessage(MeasurementType.SYM_FEVER);
    if (breathless.isPresent()
        || sputumMore.isPresent()
        || colour.isPresent()
        || fever.isPresent()) {
      boolean b = breathless.map(o -> o.value() >= 1).orElse(false);
      boolean s = sputumMore.map(o -> o.value() >= 1).orElse(false);
      boolean c = colour.map(o -> o.value() >= 2).orElse(false);
      boolean f = fever.map(o -> o.value() >= 1).orElse(false);
      int count = (b ? 1 : 0) + (s ? 1 : 0) + (c ? 1 : 0);
      Level level =
          count == 3 ? Level.RED : count == 2 || (f && count >= 1) ? Level.YELLOW : Level.GREEN;
      List<String> en = new ArrayList<>();
      List<String> da = new ArrayList<>();
      if (b) {
        en.add("more breathless");
        da.add("mere forpustet");
      }
      if (s) {
        en.add("more sputum");
        da.add("mere slim");
      }
      if (c) {
        en.add("discoloured sputum");
        da.add("misfarvet slim");
      }
      if (f) {
        en.add("fever");
        da.add("feber");
      }
      Map<String, Object> inputs = new LinkedHashMap<>();
      inputs.put("breathless", b);
      inputs.put("sputumMore", s);
      inputs.put("sputumDiscoloured", c);
      inputs.put("fever", f);
      out.add(
          new Finding(
              "symptoms",
              VERSION,
              level,
              inputs,
              en.isEmpty()
                  ? new Explanation(
                      "No worsening symptoms reported.", "Ingen forværrede symptomer meldt.")
                  : new Explanation(
                      "Patient reports " + String.join(", ", en) + ".",
                      "Patienten melder " + String.join(", ", da) + "."),
              false));
    }
    in.inMessage(MeasurementType.CAT)
        .ifPresent(
            o -> {
              Optional<Baseline> base =
                  in.config().baselines() ? in.baseline(MeasurementType.CAT) : Optional.empty();
              Map<String, Object> inputs = new LinkedHashMap<>();
              inputs.put("cat", o.value());
              Level level;
              Explanation text;
              if (base.isPresent()) {
                double rise = o.value() - base.get().median();
                Optional<Double> before = BaselineDeviationRule.previousDay(in, o);
                inputs.put("baselineMedian", base.get().median());
                inputs.put("rise", rise);
                before.ifPresent(v -> inputs.put("previousCat", v));
                boolean risen =
                    rise >= 4 && before.map(v -> v - base.get().median() >= 4).orElse(false);
                level = risen || veryHigh(o) ? Level.YELLOW : Level.GREEN;
                text =
                    new Explanation(
                        "CAT "
                            + Explanation.num(o.value())
                            + " vs this patient's baseline of "
                            + Explanation.num(base.get().median())
                            + " ("
                            + (rise >= 0 ? "+" : "")
                            + Explanation.num(rise)
                            + ")"
                            + (veryHigh(o) ? "; 30 or more: very high impact." : "."),
                        "CAT "
                            + Explanation.num(o.value())
                            + " mod patientens baseline på "
                            + Explanation.num(base.get().median())
                            + " ("
                            + (rise >= 0 ? "+" : "")
                            + Explanation.num(rise)
                            + ")"
                            + (veryHigh(o) ? "; 30 eller mere: meget høj påvirkning." : "."));
              } else {
                level = veryHigh(o) ? Level.YELLOW : Level.GREEN;
                text =
                    new Explanation(
                        "CAT "
                            + Explanation.num(o.value())
                            + (level == Level.YELLOW ? " (30 or more: very high impact)." : "."),
                        "CAT "
                            + Explanation.num(o.value())
                            + (level == Level.YELLOW
                                ? " (30 eller mere: meget høj påvirkning)."
                                : "."));
              }
              out.add(new Finding("cat.rise", VERSION, level, inputs, text, false));
            });
    return out;
  }

  private static boolean veryHigh(Observation cat) {
    return cat.value() >= 30;
  }
}

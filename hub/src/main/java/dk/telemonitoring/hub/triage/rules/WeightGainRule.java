package dk.telemonitoring.hub.triage.rules;

import dk.telemonitoring.alerts.domain.Level;
import dk.telemonitoring.hub.reading.MeasurementType;
import dk.telemonitoring.hub.triage.Explanation;
import dk.telemonitoring.hub.triage.Finding;
import dk.telemonitoring.hub.triage.Observation;
import dk.telemonitoring.hub.triage.TriageInput;
import dk.telemonitoring.hub.triage.TriageRule;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Heart failure: a weight gain of more than 2 kg in 3 days (ESC Heart Failure Association advice;
 * docs/clinical-reference.md#heart-failure-weight) is RED with symptoms (more breathless reported
 * in the last 3 days), YELLOW without. The gain is the current weight minus the lowest weight
 * measured in the 3 days before it. Rule id {@code hf.weight-gain}.
 */
public final class WeightGainRule implements TriageRule {

  public static final String ID = "hf.weight-gain";
  public static final int VERSION = 1;
  static final Duration PERIOD = Duration.ofDays(3);

  @Override
  public List<Finding> evaluate(TriageInput in) {
    Optional<Observation> w = in.inMessage(MeasurementType.WEIGHT).filter(Observation::usable);
    if (w.isEmpty()
        || in.patient().condition() != dk.telemonitoring.hub.triage.Condition.HEART_FAILURE)
      return List.of();
    Observation now = w.get();
    Optional<Observation> lowest =
        in.historySince(now.measuredAt().minus(PERIOD)).stream()
            .filter(
                o ->
                    o.type() == MeasurementType.WEIGHT
                        && o.usable()
                        && !o.measuredAt().isBefore(now.measuredAt().minus(PERIOD))
                        && o.measuredAt().isBefore(now.measuredAt()))
            .min(java.util.Comparator.comparingDouble(Observation::value));
    if (lowest.isEmpty()) return List.of();
    double gain = Math.round((now.value() - lowest.get().value()) * 10) / 10.0;
    boolean symptoms =
        in.allSince(now.measuredAt().minus(PERIOD)).stream()
            .anyMatch(
                o ->
                    o.type() == MeasurementType.SYM_BREATHLESS
                        && o.value() >= 1
                        && !o.measuredAt().isBefore(now.measuredAt().minus(PERIOD)));
    Level level = gain > 2.0 ? (symptoms ? Level.RED : Level.YELLOW) : Level.GREEN;
    Map<String, Object> inputs = new LinkedHashMap<>();
    inputs.put("weight", now.value());
    inputs.put("lowestIn3Days", lowest.get().value());
    inputs.put("lowestAt", lowest.get().measuredAt().toString());
    inputs.put("gainKg", gain);
    inputs.put("breathlessReported", symptoms);
    String en =
        "Weight "
            + Explanation.num(now.value())
            + " kg is "
            + Explanation.num(gain)
            + " kg above the lowest weight in the last 3 days ("
            + Explanation.num(lowest.get().value())
            + " kg)"
            + (level == Level.GREEN
                ? "."
                : symptoms
                    ? ", more than 2 kg, with more breathlessness reported."
                    : ", more than 2 kg, without reported symptoms.");
    String da =
        "Vægt "
            + Explanation.numDa(now.value())
            + " kg er "
            + Explanation.numDa(gain)
            + " kg over den laveste vægt de sidste 3 dage ("
            + Explanation.numDa(lowest.get().value())
            + " kg)"
            + (level == Level.GREEN
                ? "."
                : symptoms
                    ? ", mere end 2 kg, og patienten melder mere åndenød."
                    : ", mere end 2 kg, uden meldte symptomer.");
    return List.of(new Finding(ID, VERSION, level, inputs, new Explanation(en, da), false));
  }
}

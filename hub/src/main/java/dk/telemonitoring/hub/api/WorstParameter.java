package dk.telemonitoring.hub.api;

import dk.telemonitoring.alerts.domain.AlertFinding;
import dk.telemonitoring.hub.reading.MeasurementType;
import dk.telemonitoring.hub.triage.News2;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which measurement the board's 7-day sparkline shows for a patient: the one behind the worst live
 * finding of the patient's open alert. The rule, deterministic so two nurses see the same line:
 *
 * <ol>
 *   <li>live findings only, worst level first; at equal level the order the alerts module gives
 *       (its own order);
 *   <li>the first of those that names a measurement wins: a limit's {@code code} input ({@code
 *       limit.spo2}), else a measurement in the rule id ({@code baseline.spo2-drop}, {@code
 *       spiro.best.fev1}, {@code hf.weight-gain}); NEWS2 findings the parameter with the most
 *       points in their inputs (ties in chart order: respiration rate, SpO2, systolic pressure,
 *       pulse, temperature), else SpO2;
 *   <li>a "call me" request and questionnaire answers (symptoms, CAT) name none: they have no line
 *       worth drawing.
 * </ol>
 */
final class WorstParameter {

  private WorstParameter() {}

  static Optional<MeasurementType> of(List<AlertFinding> findings) {
    return findings.stream()
        .filter(AlertFinding::live)
        .sorted(Comparator.comparing(AlertFinding::level).reversed())
        .map(WorstParameter::named)
        .flatMap(Optional::stream)
        .findFirst();
  }

  static Optional<MeasurementType> named(AlertFinding f) {
    String rule = f.ruleId();
    if (rule.startsWith("news2.")) {
      return Optional.of(news2(f.inputs()));
    }
    Optional<MeasurementType> t =
        f.inputs().get("code") instanceof String code
            ? MeasurementType.byCode(code)
            : inRuleId(rule);
    return t.filter(WorstParameter::measured);
  }

  /**
   * The NEWS2 parameter scoring most: the aggregate keeps points under "points", the
   * single-parameter rule flat.
   */
  private static MeasurementType news2(Map<String, Object> inputs) {
    Object nested = inputs.get("points");
    Map<?, ?> points = nested instanceof Map<?, ?> m ? m : inputs;
    MeasurementType best = MeasurementType.SPO2;
    int most = -1;
    for (News2.Parameter p : News2.Parameter.values()) {
      if (points.get(p.name().toLowerCase()) instanceof Number n && n.intValue() > most) {
        Optional<MeasurementType> t = typeOf(p);
        if (t.isPresent()) {
          best = t.get();
          most = n.intValue();
        }
      }
    }
    return best;
  }

  private static Optional<MeasurementType> typeOf(News2.Parameter p) {
    for (MeasurementType t : MeasurementType.values()) {
      if (News2.parameterOf(t).orElse(null) == p) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  private static Optional<MeasurementType> inRuleId(String ruleId) {
    for (String token : ruleId.split("[.-]")) {
      Optional<MeasurementType> t = MeasurementType.byCode(token);
      if (t.isPresent()) {
        return t;
      }
    }
    return Optional.empty();
  }

  /**
   * Questionnaire answers (CAT, symptoms) are scores and yes/no, not measurements to draw against
   * limits.
   */
  private static boolean measured(MeasurementType t) {
    return t != MeasurementType.CAT && !t.code().startsWith("sym_");
  }
}

package dk.telemonitoring.hub.triage.rules;

import dk.telemonitoring.alerts.domain.Level;
import dk.telemonitoring.hub.reading.MeasurementType;
import dk.telemonitoring.hub.triage.Baseline;
import dk.telemonitoring.hub.triage.ClinicDays;
import dk.telemonitoring.hub.triage.Condition;
import dk.telemonitoring.hub.triage.Explanation;
import dk.telemonitoring.hub.triage.Finding;
import dk.telemonitoring.hub.triage.Observation;
import dk.telemonitoring.hub.triage.TriageInput;
import dk.telemonitoring.hub.triage.TriageRule;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Spirometry against the patient's own history (docs/clinical-reference.md#spirometry). Sessions
 * graded D or worse are excluded (ATS/ERS 2019) — {@link Observation#usable()}.
 *
 * <ul>
 *   <li>{@code spiro.cooper.fev1}, {@code spiro.cooper.pef}: below the 7-day rolling mean minus
 *       1.645 SD on 2 days: YELLOW (Cooper et al., Int J COPD 2020). Needs 4 measured days in the
 *       previous 7 (judgement).
 *   <li>{@code spiro.best.fev1}, {@code spiro.best.pef}: below 60% of personal best: RED
 *       (docs/clinical-reference.md#spirometry).
 *   <li>{@code spiro.fvc-decline}: fibrosis, FVC smoothed over the last 3 sessions in 7 days falls
 *       10% below its baseline: RED (home FVC varies about 5-6% day to day, so smooth first).
 * </ul>
 */
public final class SpirometryRule implements TriageRule {

  public static final int VERSION = 1;
  private static final double Z = 1.645;

  /**
   * Percentages at a boundary are compared with this allowance for binary rounding: FEV1 0.66 L of
   * a best of 1.10 L computes as 59.999...% (exactly 60%, not below it), and FVC 2.00 L to 1.80 L
   * as a 9.999...% decline (exactly 10%).
   */
  private static final double ROUNDING = 1e-9;

  /**
   * How far back daily best values are read: the previous measuring day (up to 2 days back) and the
   * 7 days before it, with room for the calendar days at either end.
   */
  private static final Duration DAILY_BEST_DAYS = Duration.ofDays(12);

  @Override
  public List<Finding> evaluate(TriageInput in) {
    List<Finding> out = new ArrayList<>();
    for (MeasurementType t : List.of(MeasurementType.FEV1, MeasurementType.PEF)) {
      in.inMessage(t)
          .filter(Observation::usable)
          .ifPresent(
              o -> {
                if (in.config().baselines()) cooper(in, o).ifPresent(out::add);
                Double best = in.patient().personalBest().get(t);
                if (best != null && best > 0 && in.config().personalLimits()) {
                  double pct = 100 * o.value() / best;
                  Level level = pct < 60 - ROUNDING ? Level.RED : Level.GREEN;
                  Map<String, Object> inputs = new LinkedHashMap<>();
                  inputs.put("value", o.value());
                  inputs.put("personalBest", best);
                  inputs.put("percentOfBest", Math.round(pct));
                  out.add(
                      new Finding(
                          "spiro.best." + t.code(),
                          VERSION,
                          level,
                          inputs,
                          new Explanation(
                              Words.nameEn(t)
                                  + " "
                                  + Words.valueEn(t, o.value())
                                  + " is "
                                  + Math.round(pct)
                                  + "% of this patient's personal best of "
                                  + Words.valueEn(t, best)
                                  + (level == Level.RED ? " (below 60%)." : "."),
                              Words.nameDa(t)
                                  + " "
                                  + Words.valueDa(t, o.value())
                                  + " er "
                                  + Math.round(pct)
                                  + " % af patientens personlige bedste på "
                                  + Words.valueDa(t, best)
                                  + (level == Level.RED ? " (under 60 %)." : ".")),
                          true));
                }
              });
    }
    if (in.patient().condition() == Condition.FIBROSIS && in.config().baselines()) {
      in.inMessage(MeasurementType.FVC)
          .filter(Observation::usable)
          .ifPresent(o -> fvcDecline(in, o).ifPresent(out::add));
    }
    return out;
  }

  private java.util.Optional<Finding> cooper(TriageInput in, Observation o) {
    TreeMap<LocalDate, Double> daily =
        dailyBest(in.allSince(o.measuredAt().minus(DAILY_BEST_DAYS)), o.type(), o.measuredAt());
    LocalDate today = ClinicDays.of(o.measuredAt());
    Threshold now = threshold(daily, today);
    if (now == null) return java.util.Optional.empty();
    boolean belowToday = daily.get(today) < now.limit();
    LocalDate prev = daily.lowerKey(today);
    boolean belowPrev = false;
    if (prev != null && !prev.isBefore(today.minusDays(2))) {
      Threshold then = threshold(daily, prev);
      belowPrev = then != null && daily.get(prev) < then.limit();
    }
    Level level = belowToday && belowPrev ? Level.YELLOW : Level.GREEN;
    MeasurementType t = o.type();
    Map<String, Object> inputs = new LinkedHashMap<>();
    inputs.put("dayValue", daily.get(today));
    inputs.put("rollingMean", now.mean());
    inputs.put("rollingSd", now.sd());
    inputs.put("threshold", now.limit());
    inputs.put("belowToday", belowToday);
    inputs.put("belowPreviousDay", belowPrev);
    String en =
        Words.nameEn(t)
            + " today "
            + Words.valueEn(t, daily.get(today))
            + (belowToday ? " is below " : " is not below ")
            + "the 7-day mean minus 1.645 SD ("
            + Words.valueEn(t, now.limit())
            + ")"
            + (level == Level.YELLOW ? ", the second day running." : ".");
    String da =
        Words.nameDa(t)
            + " i dag "
            + Words.valueDa(t, daily.get(today))
            + (belowToday ? " er under " : " er ikke under ")
            + "7-dages gennemsnit minus 1,645 SD ("
            + Words.valueDa(t, now.limit())
            + ")"
            + (level == Level.YELLOW ? ", anden dag i træk." : ".");
    return java.util.Optional.of(
        new Finding(
            "spiro.cooper." + t.code(), VERSION, level, inputs, new Explanation(en, da), true));
  }

  private record Threshold(double mean, double sd, double limit) {}

  private static Threshold threshold(TreeMap<LocalDate, Double> daily, LocalDate day) {
    List<Double> prior = new ArrayList<>(daily.subMap(day.minusDays(7), true, day, false).values());
    if (prior.size() < 4) return null;
    double mean = prior.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    double var =
        prior.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum() / (prior.size() - 1);
    double sd = Math.sqrt(var);
    return new Threshold(mean, sd, mean - Z * sd);
  }

  private static TreeMap<LocalDate, Double> dailyBest(
      List<Observation> all, MeasurementType t, Instant upTo) {
    TreeMap<LocalDate, Double> daily = new TreeMap<>();
    for (Observation o : all) {
      if (o.type() != t
          || !o.usable()
          || o.measuredAt().isAfter(upTo)
          || o.measuredAt().isBefore(upTo.minus(DAILY_BEST_DAYS))) continue;
      daily.merge(ClinicDays.of(o.measuredAt()), o.value(), Math::max);
    }
    return daily;
  }

  private java.util.Optional<Finding> fvcDecline(TriageInput in, Observation o) {
    java.util.Optional<Baseline> b = in.baseline(MeasurementType.FVC);
    if (b.isEmpty()) return java.util.Optional.empty();
    List<Double> recent =
        in.allSince(o.measuredAt().minus(Duration.ofDays(7))).stream()
            .filter(
                x ->
                    x.type() == MeasurementType.FVC
                        && x.usable()
                        && !x.measuredAt().isBefore(o.measuredAt().minus(Duration.ofDays(7))))
            .map(Observation::value)
            .toList();
    List<Double> last3 = recent.subList(Math.max(0, recent.size() - 3), recent.size());
    double smoothed = last3.stream().mapToDouble(Double::doubleValue).average().orElse(o.value());
    double declinePct = 100 * (b.get().median() - smoothed) / b.get().median();
    Level level = declinePct >= 10 - ROUNDING ? Level.RED : Level.GREEN;
    Map<String, Object> inputs = new LinkedHashMap<>();
    inputs.put("smoothedFvc", smoothed);
    inputs.put("sessions", last3.size());
    inputs.put("baselineMedian", b.get().median());
    inputs.put("declinePercent", Math.round(declinePct * 10) / 10.0);
    return java.util.Optional.of(
        new Finding(
            "spiro.fvc-decline",
            VERSION,
            level,
            inputs,
            new Explanation(
                "FVC (mean of the last "
                    + last3.size()
                    + " sessions) "
                    + Explanation.num2(smoothed)
                    + " L is "
                    + Explanation.num(Math.round(declinePct * 10) / 10.0)
                    + "% below this patient's "
                    + b.get().days()
                    + "-day baseline of "
                    + Explanation.num2(b.get().median())
                    + " L"
                    + (level == Level.RED ? " (10% or more)." : "."),
                "FVC (gennemsnit af de seneste "
                    + last3.size()
                    + " målinger) "
                    + Explanation.num2Da(smoothed)
                    + " L er "
                    + Explanation.numDa(Math.round(declinePct * 10) / 10.0)
                    + " % under patientens "
                    + b.get().days()
                    + "-dages baseline på "
                    + Explanation.num2Da(b.get().median())
                    + " L"
                    + (level == Level.RED ? " (10 % eller mere)." : ".")),
            false));
  }
}

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
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * EWMA trend detector on top of the fixed rules, so a slow drift is noticed before a fixed limit is
 * crossed (docs/clinical-reference.md#trends: trend detectors are where the hub can beat fixed
 * thresholds; personalised detection raised PPV from 7% to 92% for heart rate, Moazeni et al., Eur
 * Heart J Digit Health 2023).
 *
 * <p>Stateless, so a late reading is evaluated in its place: the EWMA (lambda 0.3) starts at the
 * baseline median and runs over the daily means of the usable readings of the last 14 days up to
 * the reading's measurement time. It fires YELLOW when the EWMA lies more than 3 EWMA standard
 * deviations (sigma x sqrt(lambda / (2 - lambda)), sigma from {@link Baseline#sigma()}) on the
 * adverse side of the baseline, with at least 3 measuring days in the run. Monitored: SpO2
 * (falling), pulse (rising), PEF (falling), and weight (rising) in heart failure. Parameters
 * (judgement).
 *
 * <p>Why daily means over 14 days (version 2; version 1 ran over single readings of 7 days): the
 * variation the sigma stands for is from day to day (Hurst et al., BMC Pulm Med 2010), and readings
 * of one day share it, so an EWMA over two devices' pulse on one morning counted one day's
 * deviation twice and fired on stable patients; and a twice-weekly programme has 2 measuring days
 * in 7, so the 7-day run almost never had the 3 it needs. Rule id {@code trend.ewma.<code>}.
 */
public final class EwmaTrendRule implements TriageRule {

  /** 3: spot checks only (continuous samples neither judged nor counted). */
  public static final int VERSION = 3;

  public static final double LAMBDA = 0.3;
  public static final double L = 3.0;
  static final Duration RUN = Duration.ofDays(14);

  @Override
  public List<Finding> evaluate(TriageInput in) {
    List<Finding> out = new ArrayList<>();
    for (Observation o : in.message()) {
      int direction = direction(o.type(), in.patient().condition());
      if (direction == 0 || !o.spotCheck()) continue;
      Optional<Baseline> b = in.baseline(o.type());
      if (b.isEmpty()) continue;
      TreeMap<LocalDate, double[]> days = new TreeMap<>();
      for (Observation x : in.allSince(in.at().minus(RUN))) {
        if (x.type() != o.type() || !x.spotCheck() || x.measuredAt().isBefore(in.at().minus(RUN)))
          continue;
        double[] sumCount = days.computeIfAbsent(ClinicDays.of(x.measuredAt()), d -> new double[2]);
        sumCount[0] += x.value();
        sumCount[1]++;
      }
      double ewma = b.get().median();
      for (double[] day : days.values()) {
        ewma = LAMBDA * day[0] / day[1] + (1 - LAMBDA) * ewma;
      }
      int n = days.size();
      double sdEwma = b.get().sigma() * Math.sqrt(LAMBDA / (2 - LAMBDA));
      double z = direction * (ewma - b.get().median()) / sdEwma;
      Level level = z > L && n >= 3 ? Level.YELLOW : Level.GREEN;
      MeasurementType t = o.type();
      Map<String, Object> inputs = new LinkedHashMap<>();
      inputs.put("ewma", Math.round(ewma * 100) / 100.0);
      inputs.put("lambda", LAMBDA);
      inputs.put("baselineMedian", b.get().median());
      inputs.put("sigma", b.get().sigma());
      inputs.put("z", Math.round(z * 100) / 100.0);
      inputs.put("days", n);
      String dirEn = direction < 0 ? "falling" : "rising";
      String dirDa = direction < 0 ? "faldende" : "stigende";
      double trendValue = Math.round(ewma * 10) / 10.0;
      String en =
          level == Level.YELLOW
              ? Words.cap(Words.nameEn(t))
                  + " is "
                  + dirEn
                  + ": its weighted 14-day average "
                  + Words.valueEn(t, trendValue)
                  + " has drifted from this patient's "
                  + b.get().days()
                  + "-day baseline of "
                  + Words.valueEn(t, b.get().median())
                  + " by more than normal day-to-day variation."
              : Words.cap(Words.nameEn(t))
                  + " shows no sustained trend (weighted average "
                  + Words.valueEn(t, trendValue)
                  + ").";
      String da =
          level == Level.YELLOW
              ? Words.cap(Words.nameDa(t))
                  + " er "
                  + dirDa
                  + ": det vægtede 14-dages gennemsnit "
                  + Words.valueDa(t, trendValue)
                  + " er drevet væk fra patientens "
                  + b.get().days()
                  + "-dages baseline på "
                  + Words.valueDa(t, b.get().median())
                  + " mere end normal dag-til-dag-variation."
              : Words.cap(Words.nameDa(t))
                  + " viser ingen vedvarende tendens (vægtet gennemsnit "
                  + Words.valueDa(t, trendValue)
                  + ").";
      out.add(
          new Finding(
              "trend.ewma." + t.code(), VERSION, level, inputs, new Explanation(en, da), false));
    }
    return out;
  }

  /** -1 when a fall is adverse, +1 when a rise is, 0 when not monitored. */
  static int direction(MeasurementType t, Condition c) {
    return switch (t) {
      case SPO2, PEF -> -1;
      case PULSE -> 1;
      case WEIGHT -> c == Condition.HEART_FAILURE ? 1 : 0;
      default -> 0;
    };
  }
}

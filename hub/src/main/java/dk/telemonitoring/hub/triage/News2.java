package dk.telemonitoring.hub.triage;

import dk.telemonitoring.hub.reading.MeasurementType;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * The NEWS2 chart (Royal College of Physicians. National Early Warning Score (NEWS) 2, 2017 —
 * "NEWS2 RCP 2017"), exactly as tabulated in docs/clinical-reference.md#news2. Pure scoring: no
 * levels, no limits.
 *
 * <p>Home kits rarely supply respiratory rate or consciousness; a score from fewer than all seven
 * parameters is a partial score ("pNEWS2 4 (3/7)"), never filled with zeros for the missing
 * parameters.
 */
public final class News2 {

  /** The seven NEWS2 parameters. */
  public enum Parameter {
    RESP_RATE,
    SPO2,
    AIR_OR_OXYGEN,
    SYSTOLIC_BP,
    PULSE,
    CONSCIOUSNESS,
    TEMPERATURE
  }

  public static final int PARAMETER_COUNT = Parameter.values().length;

  /**
   * Which SpO2 scale applies (NEWS2 RCP 2017; scale 2 only with a doctor's prescription of 88-92%).
   */
  public enum Spo2Scale {
    SCALE_1,
    SCALE_2
  }

  /**
   * A (possibly partial) score.
   *
   * @param points per parameter present; missing parameters are absent, not zero
   */
  public record Score(Map<Parameter, Integer> points, Spo2Scale scale) {

    public Score {
      points =
          Collections.unmodifiableMap(
              new EnumMap<>(points.isEmpty() ? new EnumMap<>(Parameter.class) : points));
    }

    public int total() {
      return points.values().stream().mapToInt(Integer::intValue).sum();
    }

    public int present() {
      return points.size();
    }

    public boolean partial() {
      return present() < PARAMETER_COUNT;
    }

    /** Any single parameter scoring 3 (the single-parameter-3 rule, NEWS2 RCP 2017). */
    public boolean anySingleThree() {
      return points.values().stream().anyMatch(p -> p >= 3);
    }

    /** "NEWS2 5" for a full set, "pNEWS2 4 (3/7)" for a partial one. */
    public String label() {
      return partial()
          ? "pNEWS2 " + total() + " (" + present() + "/" + PARAMETER_COUNT + ")"
          : "NEWS2 " + total();
    }
  }

  private News2() {}

  /** Respiration rate /min: <=8 3; 9-11 1; 12-20 0; 21-24 2; >=25 3. */
  public static int respRate(double perMin) {
    long v = Math.round(perMin);
    if (v <= 8) return 3;
    if (v <= 11) return 1;
    if (v <= 20) return 0;
    if (v <= 24) return 2;
    return 3;
  }

  /** SpO2 scale 1 %: <=91 3; 92-93 2; 94-95 1; >=96 0. */
  public static int spo2Scale1(double percent) {
    long v = Math.round(percent);
    if (v <= 91) return 3;
    if (v <= 93) return 2;
    if (v <= 95) return 1;
    return 0;
  }

  /**
   * SpO2 scale 2 %: <=83 3; 84-85 2; 86-87 1; 88-92 0, or >=93 on air 0; 93-94 on O2 1; 95-96 on O2
   * 2; >=97 on O2 3.
   */
  public static int spo2Scale2(double percent, boolean onOxygen) {
    long v = Math.round(percent);
    if (v <= 83) return 3;
    if (v <= 85) return 2;
    if (v <= 87) return 1;
    if (v <= 92 || !onOxygen) return 0;
    if (v <= 94) return 1;
    if (v <= 96) return 2;
    return 3;
  }

  /** Air 0; oxygen 2. */
  public static int airOrOxygen(boolean onOxygen) {
    return onOxygen ? 2 : 0;
  }

  /** Systolic BP mmHg: <=90 3; 91-100 2; 101-110 1; 111-219 0; >=220 3. */
  public static int systolic(double mmHg) {
    long v = Math.round(mmHg);
    if (v <= 90) return 3;
    if (v <= 100) return 2;
    if (v <= 110) return 1;
    if (v <= 219) return 0;
    return 3;
  }

  /** Pulse /min: <=40 3; 41-50 1; 51-90 0; 91-110 1; 111-130 2; >=131 3. */
  public static int pulse(double perMin) {
    long v = Math.round(perMin);
    if (v <= 40) return 3;
    if (v <= 50) return 1;
    if (v <= 90) return 0;
    if (v <= 110) return 1;
    if (v <= 130) return 2;
    return 3;
  }

  /** Consciousness: alert 0; new confusion, V, P or U 3. */
  public static int consciousness(boolean alert) {
    return alert ? 0 : 3;
  }

  /** Temperature C (to one decimal): <=35.0 3; 35.1-36.0 1; 36.1-38.0 0; 38.1-39.0 1; >=39.1 2. */
  public static int temperature(double celsius) {
    long tenths = Math.round(celsius * 10);
    if (tenths <= 350) return 3;
    if (tenths <= 360) return 1;
    if (tenths <= 380) return 0;
    if (tenths <= 390) return 1;
    return 2;
  }

  /** Scores an observation set; parameters the set lacks are left out, never scored as zero. */
  public static Score score(ObservationSet set, Spo2Scale scale) {
    Map<Parameter, Integer> points = new EnumMap<>(Parameter.class);
    Boolean oxygen = set.oxygen();
    set.value(MeasurementType.RESP_RATE)
        .ifPresent(v -> points.put(Parameter.RESP_RATE, respRate(v)));
    set.value(MeasurementType.SPO2)
        .ifPresent(
            v ->
                points.put(
                    Parameter.SPO2,
                    // Oxygen not stated: scale 2 scores as on air (the ">=93 on air" column); the
                    // explanation says so.
                    scale == Spo2Scale.SCALE_2
                        ? spo2Scale2(v, Boolean.TRUE.equals(oxygen))
                        : spo2Scale1(v)));
    if (oxygen != null) {
      points.put(Parameter.AIR_OR_OXYGEN, airOrOxygen(oxygen));
    }
    set.value(MeasurementType.BP_SYSTOLIC)
        .ifPresent(v -> points.put(Parameter.SYSTOLIC_BP, systolic(v)));
    set.value(MeasurementType.PULSE).ifPresent(v -> points.put(Parameter.PULSE, pulse(v)));
    if (set.alert() != null) {
      points.put(Parameter.CONSCIOUSNESS, consciousness(set.alert()));
    }
    set.value(MeasurementType.TEMPERATURE)
        .ifPresent(v -> points.put(Parameter.TEMPERATURE, temperature(v)));
    return new Score(points, scale);
  }

  /** The NEWS2 parameter a measurement feeds, if any. */
  public static java.util.Optional<Parameter> parameterOf(MeasurementType type) {
    return java.util.Optional.ofNullable(
        switch (type) {
          case RESP_RATE -> Parameter.RESP_RATE;
          case SPO2 -> Parameter.SPO2;
          case BP_SYSTOLIC -> Parameter.SYSTOLIC_BP;
          case PULSE -> Parameter.PULSE;
          case TEMPERATURE -> Parameter.TEMPERATURE;
          default -> null;
        });
  }
}

package dk.telemonitoring.sim.patient;

/**
 * The deteriorations the simulator can inject, with the change each causes at full intensity
 * (severity 1) and the shape of its time course. Numbers are clinical orders of magnitude, chosen
 * so the hub's default rules in docs/clinical-reference.md (SpO2 -2/-3, pulse +10, PEF below
 * rolling mean, weight +2 kg in 3 days, FVC -10%) are crossed by a typical episode and missed by a
 * mild one.
 */
public enum EpisodeKind {
  /**
   * SpO2 falls, pulse rises, FEV1/PEF fall, symptoms and CAT worsen over 2-4 days, recovery over
   * 1-2 weeks.
   */
  COPD_EXACERBATION(
      "copd_exacerbation",
      2,
      4,
      5,
      12,
      false,
      new Effect(-4.0, 14, -0.20, -0.10, -0.25, 0, 0.6, 9, 0.9)),
  /**
   * Fluid retention: weight rises by ~3 kg over 4-7 days, mild SpO2 fall and pulse rise; treated
   * within 4-10 days.
   */
  HF_DECOMPENSATION(
      "hf_decompensation",
      4,
      7,
      4,
      10,
      false,
      new Effect(-1.5, 9, -0.05, -0.05, -0.05, 3.2, 0, 3, 0.7)),
  /**
   * Progressive FVC decline of ~13% over 2-4 weeks that does not recover: the new level persists.
   */
  FIBROSIS_DECLINE(
      "fibrosis_decline",
      14,
      28,
      7,
      7,
      true,
      new Effect(-2.5, 6, -0.10, -0.13, -0.08, 0, 0, 4, 0.5));

  /**
   * Change at intensity 1. Lung function as fractions of baseline (-0.2 = 20% lower), SpO2 in
   * points, pulse in /min, weight in kg, temperature in Celsius, CAT points; symptomProbability is
   * the chance that a symptom item ("more breathless", "more sputum") is ticked at full intensity.
   */
  public record Effect(
      double spo2,
      double pulse,
      double fev1Fraction,
      double fvcFraction,
      double pefFraction,
      double weightKg,
      double temperature,
      double cat,
      double symptomProbability) {}

  private final String code;
  private final int minDaysToPeak;
  private final int maxDaysToPeak;
  private final int minDaysPeakToEnd;
  private final int maxDaysPeakToEnd;
  private final boolean persistsAfterEnd;
  private final Effect effect;

  EpisodeKind(
      String code,
      int minDaysToPeak,
      int maxDaysToPeak,
      int minDaysPeakToEnd,
      int maxDaysPeakToEnd,
      boolean persistsAfterEnd,
      Effect effect) {
    this.code = code;
    this.minDaysToPeak = minDaysToPeak;
    this.maxDaysToPeak = maxDaysToPeak;
    this.minDaysPeakToEnd = minDaysPeakToEnd;
    this.maxDaysPeakToEnd = maxDaysPeakToEnd;
    this.persistsAfterEnd = persistsAfterEnd;
    this.effect = effect;
  }

  public String code() {
    return code;
  }

  public int minDaysToPeak() {
    return minDaysToPeak;
  }

  public int maxDaysToPeak() {
    return maxDaysToPeak;
  }

  public int minDaysPeakToEnd() {
    return minDaysPeakToEnd;
  }

  public int maxDaysPeakToEnd() {
    return maxDaysPeakToEnd;
  }

  /** True for a decline that leaves a new, lower level instead of recovering. */
  public boolean persistsAfterEnd() {
    return persistsAfterEnd;
  }

  public Effect effect() {
    return effect;
  }
}

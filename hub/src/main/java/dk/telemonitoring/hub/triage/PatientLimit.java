package dk.telemonitoring.hub.triage;

import dk.telemonitoring.alerts.domain.Level;
import dk.telemonitoring.hub.reading.MeasurementType;
import dk.telemonitoring.hub.reading.ValueRange;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A per-patient limit for one measurement code (or {@link #NEWS2} for the aggregate score): the
 * values at or beyond which a reading is YELLOW, RED or CRITICAL, with who set it, why, when and
 * when it must be reviewed (docs/clinical-reference.md#per-patient-limits: TeleCare Nord, TeleKOL;
 * default review after 90 days).
 *
 * <p>Low thresholds fire at or below, high thresholds at or above; any may be {@code null} (not
 * used). Limits can move GREEN/YELLOW/RED boundaries but never relax the CRITICAL floors in {@link
 * CriticalFloors}; such a limit is rejected by {@link #validate()}.
 *
 * @param groupDefault true when copied from the patient group's defaults on enrolment rather than
 *     authored for this patient by a doctor; only an authored limit may replace NEWS2's own level
 *     mapping
 */
public record PatientLimit(
    String code,
    Double criticalLow,
    Double redLow,
    Double yellowLow,
    Double yellowHigh,
    Double redHigh,
    Double criticalHigh,
    String author,
    String reason,
    Instant setAt,
    Instant reviewBy,
    boolean groupDefault) {

  /** Code of the NEWS2 aggregate limit (high thresholds only). */
  public static final String NEWS2 = "news2";

  public static final java.time.Duration DEFAULT_REVIEW = java.time.Duration.ofDays(90);

  /** Thrown when a limit would relax a CRITICAL floor or is internally inconsistent. */
  public static final class RejectedLimitException extends IllegalArgumentException {
    public RejectedLimitException(String message) {
      super(message);
    }
  }

  /** The level a value reaches under this limit. */
  public Level levelOf(double v) {
    if (criticalLow != null && v <= criticalLow || criticalHigh != null && v >= criticalHigh)
      return Level.CRITICAL;
    if (redLow != null && v <= redLow || redHigh != null && v >= redHigh) return Level.RED;
    if (yellowLow != null && v <= yellowLow || yellowHigh != null && v >= yellowHigh)
      return Level.YELLOW;
    return Level.GREEN;
  }

  /** The threshold that was crossed at {@code level}, for explanations. */
  public Optional<Double> thresholdFor(Level level, double v) {
    return Optional.ofNullable(
        switch (level) {
          case CRITICAL -> criticalLow != null && v <= criticalLow ? criticalLow : criticalHigh;
          case RED -> redLow != null && v <= redLow ? redLow : redHigh;
          case YELLOW -> yellowLow != null && v <= yellowLow ? yellowLow : yellowHigh;
          case GREEN -> null;
        });
  }

  public boolean reviewDue(Instant now) {
    return reviewBy != null && !now.isBefore(reviewBy);
  }

  /**
   * Rejects a limit that relaxes a CRITICAL floor, lacks an author or reason, or has thresholds out
   * of order.
   */
  public PatientLimit validate() {
    if (author == null || author.isBlank() || reason == null || reason.isBlank() || setAt == null) {
      throw new RejectedLimitException("a limit needs an author, a reason and a time");
    }
    CriticalFloors.Floor floor = CriticalFloors.of(code).orElse(null);
    if (floor != null) {
      if (floor.low() != null && (criticalLow == null || criticalLow < floor.low())) {
        throw new RejectedLimitException(
            code
                + ": CRITICAL low must be at or above the floor "
                + floor.low()
                + " (got "
                + criticalLow
                + "); CRITICAL floors cannot be relaxed");
      }
      if (floor.high() != null && (criticalHigh == null || criticalHigh > floor.high())) {
        throw new RejectedLimitException(
            code
                + ": CRITICAL high must be at or below the floor "
                + floor.high()
                + " (got "
                + criticalHigh
                + "); CRITICAL floors cannot be relaxed");
      }
    }
    if (!ordered(criticalLow, redLow, yellowLow, yellowHigh, redHigh, criticalHigh)) {
      throw new RejectedLimitException(
          code + ": thresholds must rise from CRITICAL low to CRITICAL high");
    }
    return this;
  }

  /** NEWS2's aggregate score runs from 0 to 20. */
  private static final ValueRange NEWS2_SCORES = ValueRange.between(0, 20);

  /**
   * The values a threshold of {@code code} can take: those a reading of it can take (a threshold
   * beyond them would never fire); empty for a code nothing is measured in.
   */
  public static Optional<ValueRange> possible(String code) {
    if (NEWS2.equals(code)) return Optional.of(NEWS2_SCORES);
    return MeasurementType.byCode(code).map(MeasurementType::possible);
  }

  /**
   * As {@link #validate()}, for a limit a person has just entered: also {@link #checkPossible()}.
   * Not applied to limits already stored: triage must go on reading those.
   */
  public PatientLimit validateEntered() {
    return checkPossible().validate();
  }

  /**
   * Rejects a code nothing is measured in, and a threshold no reading can reach, such as 384 typed
   * for 38,4 °C: a limit that can never fire looks like a limit but guards nothing.
   */
  public PatientLimit checkPossible() {
    ValueRange range =
        possible(code)
            .orElseThrow(() -> new RejectedLimitException("no limits for the code '" + code + "'"));
    for (Map.Entry<String, Double> t : thresholds().entrySet()) {
      if (t.getValue() != null && !range.contains(t.getValue())) {
        throw new RejectedLimitException(
            code
                + ": "
                + t.getKey()
                + " "
                + t.getValue()
                + " is outside what a reading can be ("
                + range.min()
                + " to "
                + range.max()
                + ")");
      }
    }
    return this;
  }

  /** The thresholds by the API's names, from CRITICAL low to CRITICAL high; null: not used. */
  public Map<String, Double> thresholds() {
    Map<String, Double> out = new LinkedHashMap<>();
    out.put("criticalLow", criticalLow);
    out.put("redLow", redLow);
    out.put("yellowLow", yellowLow);
    out.put("yellowHigh", yellowHigh);
    out.put("redHigh", redHigh);
    out.put("criticalHigh", criticalHigh);
    return out;
  }

  private static boolean ordered(Double... values) {
    Double previous = null;
    for (Double v : values) {
      if (v == null) continue;
      if (previous != null && v < previous) return false;
      previous = v;
    }
    return true;
  }

  /** A copy with new thresholds, author and reason: the shape of an audited change. */
  public PatientLimit changed(
      Double cLow,
      Double rLow,
      Double yLow,
      Double yHigh,
      Double rHigh,
      Double cHigh,
      String by,
      String why,
      Instant at) {
    return new PatientLimit(
            code,
            cLow,
            rLow,
            yLow,
            yHigh,
            rHigh,
            cHigh,
            by,
            why,
            at,
            at.plus(DEFAULT_REVIEW),
            false)
        .validate();
  }
}

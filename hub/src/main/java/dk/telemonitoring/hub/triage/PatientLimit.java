package dk.telemonitoring.hub.triage;

import dk.telemonitoring.alerts.domain.Level;
import java.time.Instant;
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

package dk.telemonitoring.hub.triage;

import dk.telemonitoring.alerts.domain.Level;
import java.util.Map;
import java.util.Optional;

/**
 * CRITICAL floors that no per-patient limit may relax (docs/clinical-reference.md#critical-floors:
 * limits "never relax CRITICAL floors"). A value at or beyond a floor is CRITICAL for every
 * patient.
 *
 * <p>The numbers are (judgement) defaults awaiting clinical sign-off; the reference fixes the
 * principle, not the values. The NEWS2 aggregate floor of 7 is the chart's own "7 or more:
 * CRITICAL" (NEWS2 RCP 2017).
 */
public final class CriticalFloors {

  /** Either side may be {@code null}. */
  public record Floor(Double low, Double high) {}

  private static final Map<String, Floor> FLOORS =
      Map.of(
          "spo2",
          new Floor(84.0, null), // (judgement) below the lowest NEWS2 scale-2 band (<=83 scores 3)
          "pulse",
          new Floor(35.0, 150.0), // (judgement)
          "resp_rate",
          new Floor(8.0, 30.0), // (judgement) NEWS2 RCP 2017 scores <=8 as 3
          "bp_systolic",
          new Floor(80.0, 240.0), // (judgement)
          "temperature",
          new Floor(34.0, 40.5), // (judgement)
          PatientLimit.NEWS2,
          new Floor(null, 7.0)); // NEWS2 RCP 2017: aggregate 7 or more

  private CriticalFloors() {}

  public static Optional<Floor> of(String code) {
    return Optional.ofNullable(FLOORS.get(code));
  }

  /** The level from the floor alone: CRITICAL at or beyond it, otherwise GREEN. */
  public static Level levelOf(String code, double v) {
    Floor f = FLOORS.get(code);
    if (f == null) return Level.GREEN;
    return f.low() != null && v <= f.low() || f.high() != null && v >= f.high()
        ? Level.CRITICAL
        : Level.GREEN;
  }
}

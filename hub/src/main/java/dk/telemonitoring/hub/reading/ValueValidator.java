package dk.telemonitoring.hub.reading;

import static dk.telemonitoring.hub.reading.Rejection.reject;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Decides, per docs/clinical-reference.md#validation, whether a value is impossible (rejected),
 * implausible (stored and flagged) or fine, after normalising its unit; and whether a measurement
 * time is acceptable.
 */
public final class ValueValidator {

  private final Duration maxFutureSkew;
  private final Duration maxAge;

  public ValueValidator(Duration maxFutureSkew, Duration maxAge) {
    this.maxFutureSkew = maxFutureSkew;
    this.maxAge = maxAge;
  }

  /** A raw value as the device sent it. */
  public record RawValue(String code, double value, String unit) {}

  /** The value in the catalogue's canonical unit, with its flags. */
  public record CheckedValue(MeasurementType type, double value, Set<String> flags) {}

  public CheckedValue check(RawValue raw) {
    MeasurementType type =
        MeasurementType.byCode(raw.code())
            .orElseThrow(() -> reject(RejectReason.UNKNOWN_CODE, "'" + raw.code() + "'"));
    if (!Double.isFinite(raw.value())) {
      throw reject(RejectReason.WRONG_TYPE, raw.code() + " value must be a finite number");
    }
    UnitConversion conversion =
        type.conversionFor(raw.unit())
            .orElseThrow(
                () ->
                    reject(
                        RejectReason.UNIT_MISMATCH,
                        raw.code()
                            + " in '"
                            + raw.unit()
                            + "'; accepted: "
                            + String.join(", ", type.acceptedUnits())));
    double value = conversion.apply(raw.value());
    if (!type.possible().contains(value)) {
      // As sent first, so the device's owner recognises it; then in the unit the limits are given
      // in.
      String converted =
          raw.unit().equals(type.ucum()) ? "" : " (" + display(value) + " " + type.ucum() + ")";
      throw reject(
          RejectReason.IMPOSSIBLE_VALUE,
          raw.code()
              + " "
              + display(raw.value())
              + " "
              + raw.unit()
              + converted
              + " is outside "
              + type.possible()
              + " "
              + type.ucum());
    }
    Set<String> flags = new HashSet<>();
    if (!type.plausible().contains(value)) {
      flags.add(Reading.FLAG_IMPLAUSIBLE);
    }
    return new CheckedValue(type, value, flags);
  }

  /** Cross-value rules for values measured together. */
  public void checkConsistency(List<CheckedValue> values) {
    Map<MeasurementType, CheckedValue> byType =
        values.stream()
            .collect(
                Collectors.toMap(
                    CheckedValue::type,
                    Function.identity(),
                    (a, b) -> {
                      throw reject(
                          RejectReason.INCONSISTENT_VALUES,
                          a.type().code() + " appears twice in one message");
                    }));
    CheckedValue sys = byType.get(MeasurementType.BP_SYSTOLIC);
    CheckedValue dia = byType.get(MeasurementType.BP_DIASTOLIC);
    if (sys != null && dia != null && sys.value() <= dia.value()) {
      throw reject(
          RejectReason.INCONSISTENT_VALUES,
          "systolic " + display(sys.value()) + " is not above diastolic " + display(dia.value()));
    }
    CheckedValue fev1 = byType.get(MeasurementType.FEV1);
    CheckedValue fvc = byType.get(MeasurementType.FVC);
    if (fev1 != null && fvc != null && fev1.value() > fvc.value()) {
      fev1.flags().add(Reading.FLAG_IMPLAUSIBLE);
      fvc.flags().add(Reading.FLAG_IMPLAUSIBLE);
    }
  }

  /**
   * Beyond this a future measurement time is flagged; beyond {@code maxFutureSkew} it is rejected.
   */
  private static final Duration NOTICEABLE_SKEW = Duration.ofMinutes(5);

  /** The device's clock is noticeably ahead of the hub's (but within what is accepted). */
  public boolean aheadOfHubClock(Instant measuredAt, Instant receivedAt) {
    return measuredAt.isAfter(receivedAt.plus(NOTICEABLE_SKEW));
  }

  public void checkTime(Instant measuredAt, Instant receivedAt) {
    if (measuredAt.isAfter(receivedAt.plus(maxFutureSkew))) {
      throw reject(
          RejectReason.TIME_IN_FUTURE,
          measuredAt
              + " is more than "
              + maxFutureSkew.toSeconds()
              + " s after the hub's clock ("
              + receivedAt
              + ")");
    }
    if (measuredAt.isBefore(receivedAt.minus(maxAge))) {
      throw reject(
          RejectReason.TIME_TOO_OLD, measuredAt + " is more than " + maxAge.toDays() + " days old");
    }
  }

  /**
   * A value for a reason text, exactly as the double holds it (its shortest decimal form), never
   * rounded (100.0004 % must not read as 100 %) nor clamped (1.2e29 once read 9.223372036854776E15
   * through a long).
   */
  static String display(double v) {
    if (!Double.isFinite(v)) {
      return String.valueOf(
          v); // a finite value sent can overflow in its unit conversion (1e308 L/s in L/min)
    }
    BigDecimal exact = BigDecimal.valueOf(v).stripTrailingZeros();
    double magnitude = Math.abs(v);
    return magnitude == 0 || (magnitude >= 1e-6 && magnitude < 1e15)
        ? exact.toPlainString()
        : exact.toString();
  }
}

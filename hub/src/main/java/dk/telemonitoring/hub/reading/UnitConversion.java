package dk.telemonitoring.hub.reading;

import java.util.function.DoubleUnaryOperator;

/** How a unit a device may send maps onto the catalogue's canonical UCUM unit. */
public record UnitConversion(String unit, DoubleUnaryOperator toCanonical) {

  public static UnitConversion identity(String unit) {
    return new UnitConversion(unit, DoubleUnaryOperator.identity());
  }

  public static UnitConversion scaled(String unit, double factor) {
    return new UnitConversion(unit, v -> v * factor);
  }

  public double apply(double value) {
    return toCanonical.applyAsDouble(value);
  }
}

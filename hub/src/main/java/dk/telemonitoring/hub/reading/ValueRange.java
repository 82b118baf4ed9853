package dk.telemonitoring.hub.reading;

/** A closed interval; either end may be open-ended (infinite). */
public record ValueRange(double min, double max) {

  public static final ValueRange ANY =
      new ValueRange(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);

  public static ValueRange between(double min, double max) {
    return new ValueRange(min, max);
  }

  /** Greater than zero, up to max: for volumes, where zero itself is impossible. */
  public static ValueRange aboveZeroUpTo(double max) {
    return new ValueRange(Double.MIN_VALUE, max);
  }

  public boolean contains(double value) {
    return value >= min && value <= max;
  }

  @Override
  public String toString() {
    return format(min) + "-" + format(max);
  }

  private static String format(double v) {
    if (Double.isInfinite(v)) {
      return "∞";
    }
    if (v == Double.MIN_VALUE) {
      return ">0";
    }
    return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
  }
}

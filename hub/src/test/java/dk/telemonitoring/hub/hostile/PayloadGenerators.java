package dk.telemonitoring.hub.hostile;

import dk.telemonitoring.hub.reading.MeasurementType;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Generators for the payload decoder's property tests: the parts of a device message (version, id,
 * kind, time, values, blows, context) varied widely, numbers around and far beyond every catalogue
 * range, and any bytes or UTF-16 text. All drawn from the {@link SplittableRandom} they are given,
 * so the same seed gives the same inputs.
 */
final class PayloadGenerators {

  /** The decoder's clock: the times generated straddle its acceptance limits. */
  static final Instant NOW = Instant.parse("2026-11-23T08:00:00Z");

  private static final List<String> UNITS =
      Arrays.stream(MeasurementType.values())
          .flatMap(t -> t.acceptedUnits().stream())
          .distinct()
          .toList();
  private static final String ID_CHARS =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._:-";

  private PayloadGenerators() {}

  static Object version(SplittableRandom r) {
    return switch (weighted(r, 12, 1, 1, 1, 1)) {
      case 0 -> 1;
      case 1 -> 1.0;
      case 2 -> 2;
      case 3 -> "1";
      default -> null;
    };
  }

  static Object msgId(SplittableRandom r) {
    return switch (weighted(r, 10, 1, 1)) {
      case 0 -> fromAlphabet(r, ID_CHARS, 1, 70);
      case 1 -> string(r, 20);
      default -> r.nextInt();
    };
  }

  static String kind(SplittableRandom r) {
    return switch (weighted(r, 12, 4, 2, 1)) {
      case 0 -> "measurement";
      case 1 -> "spirometry";
      case 2 -> "questionnaire";
      default -> pick(r, "contact", "status", "other", "");
    };
  }

  /**
   * Half the time a valid instant from 100 days back to 10 minutes ahead, straddling both
   * acceptance limits.
   */
  static Object measuredAt(SplittableRandom r) {
    return switch (weighted(r, 4, 1, 1, 1, 1)) {
      case 0 -> NOW.plusSeconds(r.nextLong(-100L * 86_400, 601)).toString();
      case 1 -> string(r, 25);
      case 2 -> "2026-11-23T09:00:00+01:00";
      case 3 -> null;
      default -> r.nextLong();
    };
  }

  /**
   * Mostly a catalogue code with one of its own accepted units; sometimes any unit, any code, or
   * none.
   */
  static JsonObject value(SplittableRandom r) {
    if (weighted(r, 9, 1) == 0) {
      MeasurementType type = pick(r, MeasurementType.values());
      Object unit =
          switch (weighted(r, 8, 1, 1, 1)) {
            case 0 -> pick(r, type.acceptedUnits());
            case 1 -> pick(r, UNITS);
            case 2 -> string(r, 8);
            default -> null;
          };
      return new JsonObject().put("code", type.code()).put("value", number(r)).put("unit", unit);
    }
    Object code = r.nextBoolean() ? string(r, 12) : null;
    Object value = number(r);
    Object unit = r.nextBoolean() ? pick(r, UNITS) : null;
    return new JsonObject().put("code", code).put("value", value).put("unit", unit);
  }

  static JsonObject blow(SplittableRandom r) {
    return new JsonObject()
        .put("fev1", number(r))
        .put("fvc", number(r))
        .put("fev6", number(r))
        .put("pef", number(r));
  }

  static JsonObject context(SplittableRandom r) {
    if (r.nextBoolean()) {
      return null;
    }
    return new JsonObject().put("battery", number(r)).put("oxygen", r.nextBoolean());
  }

  /** Plain numbers around and far beyond every catalogue range, extremes, and a few non-numbers. */
  static Object number(SplittableRandom r) {
    return switch (weighted(r, 4, 4, 3, 1, 1, 1)) {
      case 0 -> twoDecimals(r, -50, 1100);
      case 1 -> twoDecimals(r, 0, 120);
      case 2 -> r.nextInt(-10, 401);
      case 3 ->
          pick(r, Double.MAX_VALUE, -Double.MAX_VALUE, Double.MIN_VALUE, 0.0, -0.0, 1e300, 1e-300);
      case 4 -> r.nextLong();
      default -> pick(r, "94", "NaN", "", true);
    };
  }

  /**
   * Two decimals, as devices report readings and as this test's earlier property-library generator
   * did.
   */
  private static double twoDecimals(SplittableRandom r, int min, int max) {
    return r.nextLong(min * 100L, max * 100L + 1) / 100.0;
  }

  static byte[] bytes(SplittableRandom r, int maxLength) {
    byte[] bytes = new byte[length(r, 0, maxLength)];
    r.nextBytes(bytes);
    return bytes;
  }

  /**
   * Any UTF-16 text: printable ASCII so some inputs look like JSON, control characters, any code
   * unit (lone surrogates included, which UTF-8 encoding turns into '?'), and valid surrogate pairs
   * beyond the BMP.
   */
  static String string(SplittableRandom r, int maxLength) {
    int length = length(r, 0, maxLength);
    StringBuilder s = new StringBuilder(length);
    while (s.length() < length) {
      switch (weighted(r, 3, 1, 4, 1)) {
        case 0 -> s.append((char) r.nextInt(0x20, 0x7f));
        case 1 ->
            s.append((char) (r.nextBoolean() ? r.nextInt(0x00, 0x20) : r.nextInt(0x7f, 0xa0)));
        case 2 -> s.append((char) r.nextInt(0x10000));
        default -> {
          if (s.length() + 2 <= length) {
            s.appendCodePoint(r.nextInt(0x10000, Character.MAX_CODE_POINT + 1));
          }
        }
      }
    }
    return s.toString();
  }

  private static String fromAlphabet(
      SplittableRandom r, String alphabet, int minLength, int maxLength) {
    char[] chars = new char[length(r, minLength, maxLength)];
    for (int i = 0; i < chars.length; i++) {
      chars[i] = alphabet.charAt(r.nextInt(alphabet.length()));
    }
    return new String(chars);
  }

  /**
   * Uniform, but the shortest and longest lengths one time in twenty each: edges are where parsers
   * break.
   */
  private static int length(SplittableRandom r, int min, int max) {
    int roll = r.nextInt(20);
    return roll == 0 ? min : roll == 1 ? max : r.nextInt(min, max + 1);
  }

  /** The index of one of the weights, chosen in proportion to its weight. */
  private static int weighted(SplittableRandom r, int... weights) {
    int roll = r.nextInt(Arrays.stream(weights).sum());
    int index = 0;
    while (roll >= weights[index]) {
      roll -= weights[index++];
    }
    return index;
  }

  @SafeVarargs
  static <T> T pick(SplittableRandom r, T... choices) {
    return choices[r.nextInt(choices.length)];
  }

  static <T> T pick(SplittableRandom r, List<T> choices) {
    return choices.get(r.nextInt(choices.size()));
  }
}

package dk.telemonitoring.hub.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.hub.ingest.PayloadDecoder;
import dk.telemonitoring.hub.reading.DeviceMessage;
import dk.telemonitoring.hub.reading.DeviceMessage.MeasurementSet;
import dk.telemonitoring.hub.reading.MeasurementType;
import dk.telemonitoring.hub.reading.Reading;
import dk.telemonitoring.hub.reading.Rejection.RejectedException;
import dk.telemonitoring.hub.reading.TopicScheme.DeviceTopic;
import dk.telemonitoring.hub.reading.ValueValidator;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Properties of the payload decoder and value validator, for any input: nothing escapes but the decoder's
 * RejectedException (an unexpected exception would leave a message unacknowledged and the hub's in-memory count
 * wrong), and whatever is accepted is within the catalogue's possible range, in its canonical unit.
 *
 * <p>Inputs come from a seeded {@link SplittableRandom}, so every run checks the same inputs and a failure names the
 * seed and try that reproduce it. {@code -Dhostile.seed=N} explores other inputs.
 */
class PayloadDecoderPropertiesTest {

  private static final long SEED = Long.getLong("hostile.seed", 20261123L);
  private static final String REPRODUCE = "seed " + SEED + " (rerun with -Dhostile.seed=" + SEED + ")";

  private static final Instant NOW = Instant.parse("2026-11-23T08:00:00Z");
  private static final DeviceTopic TOPIC = new DeviceTopic("vios", "ox-prop-1");
  private static final List<String> UNITS = Arrays.stream(MeasurementType.values())
      .flatMap(t -> t.acceptedUnits().stream()).distinct().toList();
  private static final String ID_CHARS =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._:-";

  private final PayloadDecoder decoder =
      new PayloadDecoder(new ValueValidator(Duration.ofSeconds(300), Duration.ofDays(90)), 65_536);

  @Test
  void arbitraryBytesAreDecodedOrRejectedNeverAnythingElse() {
    forEachInput(2000, r -> bytes(r, 600), payload -> Buffer.buffer(payload),
        payload -> HexFormat.of().formatHex(payload));
  }

  @Test
  void arbitraryStringsAreDecodedOrRejectedNeverAnythingElse() {
    forEachInput(2000, r -> string(r, 400), payload -> Buffer.buffer(payload.getBytes(StandardCharsets.UTF_8)),
        PayloadDecoderPropertiesTest::escaped);
  }

  @Test
  void jsonShapedPayloadsAreDecodedOrRejectedAndAcceptedValuesAreCanonicalAndPossible() {
    Map<String, Integer> outcomes = forEachInput(3000, this::message, JsonObject::toBuffer, JsonObject::encode);
    // Not vacuous: enough generated messages get through to the value checks and are accepted.
    assertThat(outcomes.getOrDefault("accepted measurement", 0)).as("accepted measurements, %s: %s", REPRODUCE, outcomes)
        .isGreaterThanOrEqualTo(20);
    assertThat(outcomes.getOrDefault("impossible_value", 0)).as("impossible_value, %s: %s", REPRODUCE, outcomes)
        .isGreaterThanOrEqualTo(10);
    assertThat(outcomes.getOrDefault("unit_mismatch", 0)).as("unit_mismatch, %s: %s", REPRODUCE, outcomes)
        .isGreaterThanOrEqualTo(10);
  }

  /**
   * Runs {@link #outcome} on {@code tries} generated inputs and counts the outcomes. A failure is rethrown with the
   * seed, the try and the input, since without them a randomized failure cannot be reproduced or read.
   */
  private <T> Map<String, Integer> forEachInput(int tries, Function<SplittableRandom, T> generator,
      Function<T, Buffer> payload, Function<T, String> describe) {
    SplittableRandom random = new SplittableRandom(SEED);
    Map<String, Integer> outcomes = new TreeMap<>();
    for (int attempt = 1; attempt <= tries; attempt++) {
      T input = generator.apply(random);
      String outcome;
      try {
        outcome = outcome(payload.apply(input));
      } catch (Throwable e) {
        throw new AssertionError("try " + attempt + " of " + tries + ", " + REPRODUCE + ", input: "
            + describe.apply(input), e);
      }
      outcomes.merge(outcome, 1, Integer::sum);
    }
    // The distribution of outcomes shows at a glance whether the generators still reach the interesting paths.
    System.out.println(tries + " tries, " + REPRODUCE + ": " + outcomes);
    return outcomes;
  }

  /** Mutations of valid messages: every field in the right place, values, units, codes and times varied widely. */
  private JsonObject message(SplittableRandom r) {
    JsonObject json = new JsonObject().put("v", version(r)).put("msgId", msgId(r)).put("kind", kind(r))
        .put("measuredAt", measuredAt(r));
    JsonArray values = new JsonArray();
    for (int i = 1 + r.nextInt(3); i > 0; i--) {
      values.add(value(r));
    }
    JsonArray blows = new JsonArray();
    for (int i = r.nextInt(5); i > 0; i--) {
      blows.add(blow(r));
    }
    JsonObject answers = new JsonObject().put("cat", number(r))
        .put("sputum_colour", pick(r, "clear", "red", "purple", "")).put("fever", r.nextBoolean());
    json.put("values", values).put("blows", blows).put("answers", answers)
        .put("units", new JsonObject().put("fev1", "mL"));
    JsonObject context = context(r);
    if (context != null) {
      json.put("context", context);
    }
    return json;
  }

  private static Object version(SplittableRandom r) {
    return switch (weighted(r, 12, 1, 1, 1, 1)) {
      case 0 -> 1;
      case 1 -> 1.0;
      case 2 -> 2;
      case 3 -> "1";
      default -> null;
    };
  }

  private static Object msgId(SplittableRandom r) {
    return switch (weighted(r, 10, 1, 1)) {
      case 0 -> fromAlphabet(r, ID_CHARS, 1, 70);
      case 1 -> string(r, 20);
      default -> r.nextInt();
    };
  }

  private static String kind(SplittableRandom r) {
    return switch (weighted(r, 12, 4, 2, 1)) {
      case 0 -> "measurement";
      case 1 -> "spirometry";
      case 2 -> "questionnaire";
      default -> pick(r, "contact", "status", "other", "");
    };
  }

  /** Half the time a valid instant from 100 days back to 10 minutes ahead, straddling both acceptance limits. */
  private static Object measuredAt(SplittableRandom r) {
    return switch (weighted(r, 4, 1, 1, 1, 1)) {
      case 0 -> NOW.plusSeconds(r.nextLong(-100L * 86_400, 601)).toString();
      case 1 -> string(r, 25);
      case 2 -> "2026-11-23T09:00:00+01:00";
      case 3 -> null;
      default -> r.nextLong();
    };
  }

  /** Mostly a catalogue code with one of its own accepted units; sometimes any unit, any code, or none. */
  private static JsonObject value(SplittableRandom r) {
    if (weighted(r, 9, 1) == 0) {
      MeasurementType type = pick(r, MeasurementType.values());
      Object unit = switch (weighted(r, 8, 1, 1, 1)) {
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

  private static JsonObject blow(SplittableRandom r) {
    return new JsonObject().put("fev1", number(r)).put("fvc", number(r)).put("fev6", number(r)).put("pef", number(r));
  }

  private static JsonObject context(SplittableRandom r) {
    if (r.nextBoolean()) {
      return null;
    }
    return new JsonObject().put("battery", number(r)).put("oxygen", r.nextBoolean());
  }

  /** Plain numbers around and far beyond every catalogue range, extremes, and a few non-numbers. */
  private static Object number(SplittableRandom r) {
    return switch (weighted(r, 4, 4, 3, 1, 1, 1)) {
      case 0 -> twoDecimals(r, -50, 1100);
      case 1 -> twoDecimals(r, 0, 120);
      case 2 -> r.nextInt(-10, 401);
      case 3 -> pick(r, Double.MAX_VALUE, -Double.MAX_VALUE, Double.MIN_VALUE, 0.0, -0.0, 1e300, 1e-300);
      case 4 -> r.nextLong();
      default -> pick(r, "94", "NaN", "", true);
    };
  }

  /** Two decimals, as devices report readings and as this test's earlier property-library generator did. */
  private static double twoDecimals(SplittableRandom r, int min, int max) {
    return r.nextLong(min * 100L, max * 100L + 1) / 100.0;
  }

  private static byte[] bytes(SplittableRandom r, int maxLength) {
    byte[] bytes = new byte[length(r, 0, maxLength)];
    r.nextBytes(bytes);
    return bytes;
  }

  /**
   * Any UTF-16 text: printable ASCII so some inputs look like JSON, control characters, any code unit (lone
   * surrogates included, which UTF-8 encoding turns into '?'), and valid surrogate pairs beyond the BMP.
   */
  private static String string(SplittableRandom r, int maxLength) {
    int length = length(r, 0, maxLength);
    StringBuilder s = new StringBuilder(length);
    while (s.length() < length) {
      switch (weighted(r, 3, 1, 4, 1)) {
        case 0 -> s.append((char) r.nextInt(0x20, 0x7f));
        case 1 -> s.append((char) (r.nextBoolean() ? r.nextInt(0x00, 0x20) : r.nextInt(0x7f, 0xa0)));
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

  private static String fromAlphabet(SplittableRandom r, String alphabet, int minLength, int maxLength) {
    char[] chars = new char[length(r, minLength, maxLength)];
    for (int i = 0; i < chars.length; i++) {
      chars[i] = alphabet.charAt(r.nextInt(alphabet.length()));
    }
    return new String(chars);
  }

  /** Uniform, but the shortest and longest lengths one time in twenty each: edges are where parsers break. */
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
  private static <T> T pick(SplittableRandom r, T... choices) {
    return choices[r.nextInt(choices.length)];
  }

  private static <T> T pick(SplittableRandom r, List<T> choices) {
    return choices.get(r.nextInt(choices.size()));
  }

  /** Control characters and surrogates made visible, so a failing string can be read and pasted back. */
  private static String escaped(String s) {
    StringBuilder out = new StringBuilder("\"");
    s.chars().forEach(c -> out.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\'
        ? String.valueOf((char) c) : String.format("\\u%04x", c)));
    return out.append('"').toString();
  }

  /** Decodes; returns "accepted" or the reject reason, and checks what was accepted. Any other throwable fails. */
  private String outcome(Buffer payload) {
    DeviceMessage message;
    try {
      message = decoder.decode(TOPIC, payload, NOW);
    } catch (RejectedException e) {
      assertThat(e.rejection().text()).isNotBlank();
      return e.rejection().reason().label();
    }
    if (message instanceof MeasurementSet set) {
      assertThat(set.readings()).isNotEmpty();
      for (Reading r : set.readings()) {
        assertThat(Double.isFinite(r.value())).as("finite: %s", r).isTrue();
        assertThat(r.type().possible().contains(r.value())).as("%s within %s", r.value(), r.type().possible()).isTrue();
        assertThat(r.type().conversionFor(r.type().ucum())).as("canonical unit of %s", r.type()).isPresent();
        assertThat(r.measuredAt()).isBetween(NOW.minus(Duration.ofDays(90)), NOW.plusSeconds(300));
      }
      return "accepted " + set.kind();
    }
    return "accepted event";
  }
}

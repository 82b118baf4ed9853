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
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Properties of the payload decoder and value validator, for any input: nothing escapes but the
 * decoder's RejectedException (an unexpected exception would leave a message unacknowledged and the
 * hub's in-memory count wrong), and whatever is accepted is within the catalogue's possible range,
 * in its canonical unit.
 *
 * <p>Inputs come from a seeded {@link SplittableRandom}, so every run checks the same inputs and a
 * failure names the seed and try that reproduce it. {@code -Dhostile.seed=N} explores other inputs.
 */
class PayloadDecoderPropertiesTest {

  private static final long SEED = Long.getLong("hostile.seed", 20261123L);
  private static final String REPRODUCE =
      "seed " + SEED + " (rerun with -Dhostile.seed=" + SEED + ")";

  private static final Instant NOW = Instant.parse("2026-11-23T08:00:00Z");
  private static final DeviceTopic TOPIC = new DeviceTopic("vios", "ox-prop-1");
  private static final List<String> UNITS =
      Arrays.stream(MeasurementType.values())
          .flatMap(t -> t.acceptedUnits().stream())
          .distinct()
          .toList();
  private static final String ID_CHARS =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._:-";

  private final PayloadDecoder decoder =
      new PayloadDecoder(new ValueValidator(Duration.ofSeconds(300), Duration.ofDays(90)), 65_536);

  @Test
  void arbitraryBytesAreDecodedOrRejectedNeverAnythingElse() {
    forEachInput(
        2000,
        r -> bytes(r, 600),
        payload -> Buffer.buffer(payload),
        payload -> HexFormat.of().formatHex(payload));
  }

  @Test
  void arbitraryStringsAreDecodedOrRejectedNeverAnythingElse() {
    forEachInput(
        2000,
        r -> string(r, 400),
        payload -> Buffer.buffer(payload.getBytes(StandardCharsets.UTF_8)),
        PayloadDecoderPropertiesTest::escaped);
  }

  @Test
  void jsonShapedPayloadsAreDecodedOrRejectedAndAcceptedValuesAreCanonicalAndPossible() {
    Map<String, Integer> outcomes =
        forEachInput(3000, this::message, JsonObject::toBuffer, JsonObject::encode);
    // Not vacuous: enough generated messages get through to the value checks and are accepted.
    assertThat(outcomes.getOrDefault("accepted measurement", 0))
        .as("accepted measurements, %s: %s", REPRODUCE, outcomes)
        .isGreaterThanOrEqualTo(20);
    assertThat(outcomes.getOrDefault("impossible_value", 0))
        .as("impossible_value, %s: %s", REPRODUCE, outcomes)
        .isGreaterThanOrEqualTo(10);
    assertThat(outcomes.getOrDefault("unit_mismatch", 0))
        .as("unit_mismatch, %s: %s", REPRODUCE, outcomes)
        .isGreaterThanOrEqualTo(10);
  }

  /**
   * "No payload read two ways": a generated message with one name written twice in one of its
   * objects (at any depth, with the same or another value) is always quarantined as {@code
   * duplicate_key} and never yields a reading, whatever else is wrong with it; the same message
   * written once is never taken for a duplicate.
   */
  @Test
  void aNameGivenTwiceAtAnyDepthIsAlwaysQuarantinedAsDuplicateKey() {
    Map<Integer, Integer> depths = new TreeMap<>();
    Map<String, Integer> outcomes =
        forEachInput(
            2000,
            r -> duplicated(r, depths),
            d -> Buffer.buffer(d.text().getBytes(StandardCharsets.UTF_8)),
            Duplicated::describe,
            "duplicate_key");
    assertThat(depths.keySet())
        .as("duplicates generated at depths %s, %s", depths, REPRODUCE)
        .contains(0, 1, 2, 3, 6);
    assertThat(outcomes).containsOnlyKeys("duplicate_key");
    // Control: the same messages, each name once, reach every other outcome but this one.
    Map<String, Integer> once =
        forEachInput(
            2000,
            r -> duplicated(r, new TreeMap<>()),
            d -> Buffer.buffer(d.original().getBytes(StandardCharsets.UTF_8)),
            Duplicated::describe);
    assertThat(once).doesNotContainKey("duplicate_key").containsKey("accepted measurement");
  }

  /**
   * The contract's encoding is UTF-8: the same generated messages in UTF-16 or UTF-32 (either byte
   * order, with or without a byte order mark), in UTF-8 behind a byte order mark, in ISO-8859-1, or
   * with a malformed UTF-8 sequence anywhere, are always quarantined as {@code not_utf8} and never
   * yield a reading; in plain UTF-8, never so.
   */
  @Test
  void aPayloadInAnyEncodingButUtf8IsAlwaysQuarantinedAsNotUtf8() {
    Map<String, Integer> encodings = new TreeMap<>();
    Map<String, Integer> outcomes =
        forEachInput(
            2000,
            r -> misencoded(r, encodings),
            m -> Buffer.buffer(m.bytes()),
            Misencoded::describe,
            "not_utf8");
    assertThat(encodings).as("encodings generated, %s", REPRODUCE).hasSize(MISENCODINGS.size());
    assertThat(outcomes).containsOnlyKeys("not_utf8");
    Map<String, Integer> utf8 =
        forEachInput(
            2000,
            r -> misencoded(r, new TreeMap<>()),
            m -> Buffer.buffer(m.text().getBytes(StandardCharsets.UTF_8)),
            Misencoded::describe);
    assertThat(utf8).doesNotContainKey("not_utf8").containsKey("accepted measurement");
  }

  record Duplicated(String original, String text, String where) {
    String describe() {
      return "name twice at " + where + ": " + escaped(text);
    }
  }

  /**
   * A generated message (sometimes with a chain of nested objects in its context, for depth)
   * written out with one name of one of its objects, chosen uniformly among all objects at every
   * depth, written twice.
   */
  private Duplicated duplicated(SplittableRandom r, Map<Integer, Integer> depths) {
    JsonObject json = message(r);
    if (r.nextBoolean()) {
      JsonObject context = json.getJsonObject("context", new JsonObject());
      JsonObject deepest = context;
      for (int i = 1 + r.nextInt(12); i > 0; i--) {
        JsonObject inner = new JsonObject().put("n", number(r));
        deepest.put(pick(r, "nested", "n", "x"), inner);
        deepest = inner;
      }
      json.put("context", context);
    }
    List<Map.Entry<String, JsonObject>> objects = new ArrayList<>();
    collectObjects("", json, objects);
    List<Map.Entry<String, JsonObject>> named =
        objects.stream().filter(e -> !e.getValue().isEmpty()).toList();
    Map.Entry<String, JsonObject> target = pick(r, named);
    String name = pick(r, new ArrayList<>(target.getValue().fieldNames()));
    Object second = r.nextBoolean() ? target.getValue().getValue(name) : number(r);
    depths.merge((int) target.getKey().chars().filter(c -> c == '/').count(), 1, Integer::sum);
    return new Duplicated(
        json.encode(), write(json, target.getValue(), name, second), target.getKey() + "/" + name);
  }

  /**
   * Every object in the tree with its JSON pointer: the root is "", an object in an array is
   * /values/0.
   */
  private static void collectObjects(
      String path, Object value, List<Map.Entry<String, JsonObject>> out) {
    if (value instanceof JsonObject o) {
      out.add(Map.entry(path, o));
      o.forEach(e -> collectObjects(path + "/" + e.getKey(), e.getValue(), out));
    } else if (value instanceof JsonArray a) {
      for (int i = 0; i < a.size(); i++) {
        collectObjects(path + "/" + i, a.getValue(i), out);
      }
    }
  }

  /**
   * JSON text of {@code value}; in the object {@code twice} (by identity), {@code name} is written
   * again last.
   */
  private static String write(Object value, JsonObject twice, String name, Object second) {
    if (value instanceof JsonObject o) {
      StringBuilder out = new StringBuilder("{");
      o.forEach(
          e ->
              out.append(out.length() > 1 ? "," : "")
                  .append(Json.encode(e.getKey()))
                  .append(':')
                  .append(write(e.getValue(), twice, name, second)));
      if (o == twice) {
        out.append(',')
            .append(Json.encode(name))
            .append(':')
            .append(write(second, twice, name, second));
      }
      return out.append('}').toString();
    }
    if (value instanceof JsonArray a) {
      StringBuilder out = new StringBuilder("[");
      for (int i = 0; i < a.size(); i++) {
        out.append(i > 0 ? "," : "").append(write(a.getValue(i), twice, name, second));
      }
      return out.append(']').toString();
    }
    return Json.encode(value);
  }

  record Misencoded(String text, byte[] bytes, String how) {
    String describe() {
      return how + ": " + HexFormat.of().formatHex(bytes);
    }
  }

  private static final List<String> MISENCODINGS =
      List.of(
          "UTF-16LE",
          "UTF-16BE",
          "UTF-16LE+BOM",
          "UTF-16BE+BOM",
          "UTF-32LE",
          "UTF-32BE",
          "UTF-32LE+BOM",
          "UTF-32BE+BOM",
          "UTF-8+BOM",
          "ISO-8859-1",
          "malformed UTF-8");

  /**
   * Malformed sequences: a lone continuation byte, overlong forms, a UTF-16 surrogate, bytes UTF-8
   * never uses, cut-off.
   */
  private static final List<byte[]> MALFORMED =
      List.of(
          new byte[] {(byte) 0x80},
          new byte[] {(byte) 0xBF},
          new byte[] {(byte) 0xC0, (byte) 0xAF},
          new byte[] {(byte) 0xE0, (byte) 0x80, (byte) 0xAF},
          new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
          new byte[] {(byte) 0xF5, (byte) 0x80, (byte) 0x80, (byte) 0x80},
          new byte[] {(byte) 0xFE},
          new byte[] {(byte) 0xFF},
          new byte[] {(byte) 0xC3},
          new byte[] {(byte) 0xE2, (byte) 0x82},
          new byte[] {(byte) 0xF0, (byte) 0x9F, (byte) 0x98});

  private Misencoded misencoded(SplittableRandom r, Map<String, Integer> encodings) {
    JsonObject json = message(r);
    String how = pick(r, MISENCODINGS);
    if (how.equals("ISO-8859-1")) {
      // Latin-1 differs from UTF-8 only beyond ASCII: give the message such a character, as "°C"
      // would be.
      json.put("note", pick(r, "37 °C", "æøå", "Ærø", "½"));
    }
    String text = json.encode();
    byte[] bytes =
        switch (how) {
          case "UTF-16LE" -> text.getBytes(StandardCharsets.UTF_16LE);
          case "UTF-16BE" -> text.getBytes(StandardCharsets.UTF_16BE);
          case "UTF-16LE+BOM" ->
              concat(
                  new byte[] {(byte) 0xFF, (byte) 0xFE}, text.getBytes(StandardCharsets.UTF_16LE));
          case "UTF-16BE+BOM" -> text.getBytes(StandardCharsets.UTF_16);
          case "UTF-32LE" -> text.getBytes(Charset.forName("UTF-32LE"));
          case "UTF-32BE" -> text.getBytes(Charset.forName("UTF-32BE"));
          case "UTF-32LE+BOM" ->
              concat(
                  new byte[] {(byte) 0xFF, (byte) 0xFE, 0, 0},
                  text.getBytes(Charset.forName("UTF-32LE")));
          case "UTF-32BE+BOM" ->
              concat(
                  new byte[] {0, 0, (byte) 0xFE, (byte) 0xFF},
                  text.getBytes(Charset.forName("UTF-32BE")));
          case "UTF-8+BOM" ->
              concat(
                  new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
                  text.getBytes(StandardCharsets.UTF_8));
          case "ISO-8859-1" -> text.getBytes(StandardCharsets.ISO_8859_1);
          default -> withMalformedSequence(r, text.getBytes(StandardCharsets.UTF_8));
        };
    encodings.merge(how, 1, Integer::sum);
    return new Misencoded(text, bytes, how);
  }

  /**
   * One malformed sequence inserted at a character boundary (inside a string or between tokens), or
   * at the end.
   */
  private static byte[] withMalformedSequence(SplittableRandom r, byte[] utf8) {
    int at;
    do {
      at = r.nextInt(utf8.length + 1);
    } while (at < utf8.length && (utf8[at] & 0xC0) == 0x80);
    byte[] bad = pick(r, MALFORMED);
    byte[] out = new byte[utf8.length + bad.length];
    System.arraycopy(utf8, 0, out, 0, at);
    System.arraycopy(bad, 0, out, at, bad.length);
    System.arraycopy(utf8, at, out, at + bad.length, utf8.length - at);
    return out;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /**
   * Runs {@link #outcome} on {@code tries} generated inputs and counts the outcomes. A failure is
   * rethrown with the seed, the try and the input, since without them a randomized failure cannot
   * be reproduced or read.
   */
  private <T> Map<String, Integer> forEachInput(
      int tries,
      Function<SplittableRandom, T> generator,
      Function<T, Buffer> payload,
      Function<T, String> describe) {
    return forEachInput(tries, generator, payload, describe, null);
  }

  /** As above; with {@code mustBe} every input's outcome must be that one. */
  private <T> Map<String, Integer> forEachInput(
      int tries,
      Function<SplittableRandom, T> generator,
      Function<T, Buffer> payload,
      Function<T, String> describe,
      String mustBe) {
    SplittableRandom random = new SplittableRandom(SEED);
    Map<String, Integer> outcomes = new TreeMap<>();
    for (int attempt = 1; attempt <= tries; attempt++) {
      T input = generator.apply(random);
      String outcome;
      try {
        outcome = outcome(payload.apply(input));
        if (mustBe != null) {
          assertThat(outcome).as("outcome").isEqualTo(mustBe);
        }
      } catch (Throwable e) {
        throw new AssertionError(
            "try "
                + attempt
                + " of "
                + tries
                + ", "
                + REPRODUCE
                + ", input: "
                + describe.apply(input),
            e);
      }
      outcomes.merge(outcome, 1, Integer::sum);
    }
    // The distribution of outcomes shows at a glance whether the generators still reach the
    // interesting paths.
    System.out.println(tries + " tries, " + REPRODUCE + ": " + outcomes);
    return outcomes;
  }

  /**
   * Mutations of valid messages: every field in the right place, values, units, codes and times
   * varied widely.
   */
  private JsonObject message(SplittableRandom r) {
    JsonObject json =
        new JsonObject()
            .put("v", version(r))
            .put("msgId", msgId(r))
            .put("kind", kind(r))
            .put("measuredAt", measuredAt(r));
    JsonArray values = new JsonArray();
    for (int i = 1 + r.nextInt(3); i > 0; i--) {
      values.add(value(r));
    }
    JsonArray blows = new JsonArray();
    for (int i = r.nextInt(5); i > 0; i--) {
      blows.add(blow(r));
    }
    JsonObject answers =
        new JsonObject()
            .put("cat", number(r))
            .put("sputum_colour", pick(r, "clear", "red", "purple", ""))
            .put("fever", r.nextBoolean());
    json.put("values", values)
        .put("blows", blows)
        .put("answers", answers)
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

  /**
   * Half the time a valid instant from 100 days back to 10 minutes ahead, straddling both
   * acceptance limits.
   */
  private static Object measuredAt(SplittableRandom r) {
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
  private static JsonObject value(SplittableRandom r) {
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

  private static JsonObject blow(SplittableRandom r) {
    return new JsonObject()
        .put("fev1", number(r))
        .put("fvc", number(r))
        .put("fev6", number(r))
        .put("pef", number(r));
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

  private static byte[] bytes(SplittableRandom r, int maxLength) {
    byte[] bytes = new byte[length(r, 0, maxLength)];
    r.nextBytes(bytes);
    return bytes;
  }

  /**
   * Any UTF-16 text: printable ASCII so some inputs look like JSON, control characters, any code
   * unit (lone surrogates included, which UTF-8 encoding turns into '?'), and valid surrogate pairs
   * beyond the BMP.
   */
  private static String string(SplittableRandom r, int maxLength) {
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
  private static <T> T pick(SplittableRandom r, T... choices) {
    return choices[r.nextInt(choices.length)];
  }

  private static <T> T pick(SplittableRandom r, List<T> choices) {
    return choices.get(r.nextInt(choices.size()));
  }

  /**
   * Control characters and surrogates made visible, so a failing string can be read and pasted
   * back.
   */
  private static String escaped(String s) {
    StringBuilder out = new StringBuilder("\"");
    s.chars()
        .forEach(
            c ->
                out.append(
                    c >= 0x20 && c < 0x7f && c != '"' && c != '\\'
                        ? String.valueOf((char) c)
                        : String.format("\\u%04x", c)));
    return out.append('"').toString();
  }

  /**
   * Decodes; returns "accepted" or the reject reason, and checks what was accepted. Any other
   * throwable fails.
   */
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
        assertThat(r.type().possible().contains(r.value()))
            .as("%s within %s", r.value(), r.type().possible())
            .isTrue();
        assertThat(r.type().conversionFor(r.type().ucum()))
            .as("canonical unit of %s", r.type())
            .isPresent();
        assertThat(r.measuredAt()).isBetween(NOW.minus(Duration.ofDays(90)), NOW.plusSeconds(300));
      }
      return "accepted " + set.kind();
    }
    return "accepted event";
  }
}

package dk.telemonitoring.hub.hostile;

import static dk.telemonitoring.hub.hostile.PayloadGenerators.pick;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The contract's encoding is UTF-8, for any generated message: in UTF-16 or UTF-32, behind a byte
 * order mark, in ISO-8859-1 or with a malformed UTF-8 sequence it is always quarantined as {@code
 * not_utf8}; in plain UTF-8 never. Seeded as {@link PayloadDecoderPropertiesFixture} says.
 */
class NotUtf8PropertiesTest extends PayloadDecoderPropertiesFixture {

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
}

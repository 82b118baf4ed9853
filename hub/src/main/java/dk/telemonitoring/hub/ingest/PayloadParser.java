package dk.telemonitoring.hub.ingest;

import static dk.telemonitoring.hub.reading.Rejection.reject;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import dk.telemonitoring.hub.reading.RejectReason;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.jackson.JacksonCodec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads a payload's bytes one way only, so that no other reader of the same message (the device's
 * own log, a second hub version, an auditor's tool) can see different values in it: UTF-8 without a
 * byte order mark, then RFC 8259 JSON without comments and without a name twice in one object. A
 * parser that lets the last duplicate win would store {@code "value":95,"value":20} as 20 where
 * another reads 95; one that guesses the encoding would read UTF-16 where the contract promises
 * UTF-8. Both are refused ({@code duplicate_key}, {@code not_utf8}), never repaired.
 */
final class PayloadParser {

  /** The text of an accepted payload and its JSON object. */
  record Parsed(String text, JsonObject json) {}

  // Jackson's defaults read RFC 8259 only (no comments, NaN or single quotes); Vert.x's shared
  // codec allows comments.
  private static final JsonFactory STRICT =
      JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  /**
   * Only to tell a duplicate name from other malformed JSON, on a payload the strict factory
   * refused.
   */
  private static final JsonFactory LENIENT = JsonFactory.builder().build();

  private static final int MAX_DETAIL = 200;

  private PayloadParser() {}

  static Parsed parse(Buffer payload) {
    String text = utf8(payload.getBytes());
    Object parsed;
    try {
      parsed = JacksonCodec.fromParser(STRICT.createParser(text), Object.class);
    } catch (DecodeException e) {
      if (parsesWithDuplicatesAllowed(text)) {
        throw reject(RejectReason.DUPLICATE_KEY, duplicateDetail(e));
      }
      throw reject(RejectReason.MALFORMED_JSON, firstLine(e.getMessage()));
    } catch (IOException | RuntimeException e) {
      throw reject(RejectReason.MALFORMED_JSON, e.getClass().getSimpleName());
    }
    if (!(parsed instanceof JsonObject object)) {
      throw reject(
          RejectReason.NOT_AN_OBJECT, parsed == null ? "null" : parsed.getClass().getSimpleName());
    }
    return new Parsed(text, object);
  }

  /**
   * The payload as text if it is UTF-8 as the contract asks. A byte order mark and NUL bytes are
   * refused although a UTF-8 decoder would pass them: JSON text never holds a raw NUL (it must be
   * escaped in a string), and UTF-16 and UTF-32 JSON always does, one in every two or four bytes; a
   * BOM says the sender thinks in another encoding.
   */
  static String utf8(byte[] bytes) {
    String bom = byteOrderMark(bytes);
    if (bom != null) {
      throw reject(RejectReason.NOT_UTF8, "starts with a " + bom + " byte order mark");
    }
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == 0) {
        throw reject(
            RejectReason.NOT_UTF8, "a zero byte at offset " + i + ", as UTF-16 or UTF-32 text has");
      }
    }
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length);
    CoderResult result = decoder.decode(in, out, true);
    if (result.isUnderflow()) {
      result = decoder.flush(out);
    }
    if (result.isError()) {
      throw reject(RejectReason.NOT_UTF8, "malformed UTF-8 at byte offset " + in.position());
    }
    if (!result.isUnderflow()) {
      // UTF-8 never needs more chars than bytes; an overflow would be a JDK surprise, not the
      // payload's fault.
      throw new IllegalStateException("UTF-8 decoding overflowed: " + result);
    }
    return out.flip().toString();
  }

  private static String byteOrderMark(byte[] b) {
    if (startsWith(b, 0x00, 0x00, 0xFE, 0xFF)) {
      return "UTF-32BE";
    }
    if (startsWith(b, 0xFF, 0xFE, 0x00, 0x00)) {
      return "UTF-32LE";
    }
    if (startsWith(b, 0xEF, 0xBB, 0xBF)) {
      return "UTF-8";
    }
    if (startsWith(b, 0xFE, 0xFF)) {
      return "UTF-16BE";
    }
    if (startsWith(b, 0xFF, 0xFE)) {
      return "UTF-16LE";
    }
    return null;
  }

  private static boolean startsWith(byte[] bytes, int... prefix) {
    if (bytes.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if ((bytes[i] & 0xFF) != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  private static boolean parsesWithDuplicatesAllowed(String text) {
    try {
      JacksonCodec.fromParser(LENIENT.createParser(text), Object.class);
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /**
   * Where the name came again, as a JSON pointer ending in the name, e.g. {@code /values/0/value}.
   */
  private static String duplicateDetail(DecodeException e) {
    if (e.getCause() instanceof com.fasterxml.jackson.core.JsonProcessingException cause
        && cause.getProcessor() instanceof JsonParser parser) {
      return shorten(
          "a name given twice in one object, at " + parser.getParsingContext().pathAsPointer());
    }
    return "a name given twice in one object";
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    String line = message.lines().findFirst().orElse("");
    // Jackson quotes the offending input; keep the reason short and free of payload content.
    int cut = line.indexOf(" at [Source");
    return shorten(cut > 0 ? line.substring(0, cut) : line);
  }

  private static String shorten(String s) {
    return s.length() > MAX_DETAIL ? s.substring(0, MAX_DETAIL) + "..." : s;
  }
}

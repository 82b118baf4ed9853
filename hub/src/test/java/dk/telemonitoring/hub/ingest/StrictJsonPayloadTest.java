package dk.telemonitoring.hub.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.hub.reading.DeviceMessage.MeasurementSet;
import dk.telemonitoring.hub.reading.RejectReason;
import dk.telemonitoring.hub.reading.Rejection.RejectedException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A payload is strict JSON, read one way only: a name given twice in one object (at any depth, even
 * with the same value) is refused, so are comments and every encoding but UTF-8 without a byte
 * order mark.
 */
class StrictJsonPayloadTest extends PayloadDecoderFixture {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"code\":\"spo2\",\"value\":95,\"value\":20,\"unit\":\"%\"}                         | /values/0/value",
        "{\"code\":\"spo2\",\"value\":95,\"unit\":\"%\",\"code\":\"pulse\"}                   | /values/0/code",
        "{\"code\":\"spo2\",\"value\":95,\"unit\":\"%\",\"x\":{\"a\":{\"b\":1,\"b\":1}}}     | /values/0/x/a/b",
      })
  void refusesANameGivenTwiceInOneObjectAtAnyDepth(String value, String where) {
    RejectedException e = rejected(measurement(value).getBytes(StandardCharsets.UTF_8));
    assertThat(e.rejection().reason()).isEqualTo(RejectReason.DUPLICATE_KEY);
    assertThat(e.rejection().text()).contains(where);
    // The same name in two different objects is no duplicate.
    assertThat(
            decode(
                measurement(
                    "{\"code\":\"spo2\",\"value\":95,\"unit\":\"%\"},"
                        + "{\"code\":\"pulse\",\"value\":70,\"unit\":\"/min\"}")))
        .isInstanceOf(MeasurementSet.class);
  }

  @Test
  void refusesADuplicatedTopLevelFieldEvenWithTheSameValue() {
    String twice =
        "{\"v\":1,\"v\":1,\"msgId\":\"a\",\"kind\":\"measurement\",\"measuredAt\":\"2026-11-23T07:59:00Z\","
            + "\"values\":[{\"code\":\"spo2\",\"value\":95,\"unit\":\"%\"}]}";
    assertThat(rejection(twice)).isEqualTo(RejectReason.DUPLICATE_KEY);
  }

  @Test
  void refusesCommentsWhichStrictJsonReadersDoNotAccept() {
    assertThat(rejection(measurement("/* spo2 */ {\"code\":\"spo2\",\"value\":95,\"unit\":\"%\"}")))
        .isEqualTo(RejectReason.MALFORMED_JSON);
  }

  @Test
  void refusesEveryEncodingButUtf8WithoutAByteOrderMark() {
    String json = measurement("{\"code\":\"temperature\",\"value\":37.2,\"unit\":\"°C\"}");
    assertThat(decode(json)).isInstanceOf(MeasurementSet.class);
    byte[] utf8 = json.getBytes(StandardCharsets.UTF_8);
    Map<String, byte[]> others = new LinkedHashMap<>();
    others.put("UTF-16LE", json.getBytes(StandardCharsets.UTF_16LE));
    others.put("UTF-16BE", json.getBytes(StandardCharsets.UTF_16BE));
    others.put("UTF-16 with BOM", json.getBytes(StandardCharsets.UTF_16));
    others.put("UTF-32BE", json.getBytes(Charset.forName("UTF-32BE")));
    others.put(
        "UTF-32LE with BOM",
        concat(
            new byte[] {(byte) 0xFF, (byte) 0xFE, 0, 0},
            json.getBytes(Charset.forName("UTF-32LE"))));
    others.put("UTF-8 with BOM", concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, utf8));
    others.put("ISO-8859-1", json.getBytes(StandardCharsets.ISO_8859_1));
    others.put("overlong '/'", concat(utf8, new byte[] {(byte) 0xC0, (byte) 0xAF}));
    others.put(
        "UTF-16 surrogate in UTF-8",
        concat(utf8, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}));
    others.put("cut-off sequence", Arrays.copyOf(utf8, utf8.length + 1));
    others.get("cut-off sequence")[utf8.length] = (byte) 0xE2;
    others.forEach(
        (what, bytes) -> {
          RejectedException e = rejected(bytes);
          assertThat(e.rejection().reason()).as(what).isEqualTo(RejectReason.NOT_UTF8);
          assertThat(e.rejection().text()).as(what).isNotBlank();
        });
    assertThat(rejected(others.get("UTF-16 with BOM")).rejection().detail())
        .contains("UTF-16BE byte order mark");
    assertThat(rejected(others.get("ISO-8859-1")).rejection().detail())
        .contains("malformed UTF-8 at byte offset");
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}

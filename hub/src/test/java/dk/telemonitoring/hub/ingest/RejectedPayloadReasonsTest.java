package dk.telemonitoring.hub.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.hub.reading.RejectReason;
import dk.telemonitoring.hub.reading.Rejection.RejectedException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The reason the decoder gives for a payload it refuses: a broken envelope (not JSON, not an
 * object, a missing field, another version, a wrong type, an unknown kind, a time out of range, a
 * NUL character), an impossible value, NaN and Infinity, a payload above the limit (unread) and
 * deep nesting; an impossible value is quoted as sent.
 */
class RejectedPayloadReasonsTest extends PayloadDecoderFixture {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"v\":1,                                                       | MALFORMED_JSON",
        "[1,2,3]                                                         | NOT_AN_OBJECT",
        "{\"msgId\":\"a\",\"kind\":\"measurement\"}                      | MISSING_FIELD",
        "{\"v\":2,\"msgId\":\"a\",\"kind\":\"measurement\"}              | UNSUPPORTED_VERSION",
        "{\"v\":1,\"msgId\":\"a b\",\"kind\":\"measurement\"}            | WRONG_TYPE",
        "{\"v\":1,\"msgId\":\"a\",\"kind\":\"selfie\"}                   | UNKNOWN_KIND",
        "{\"v\":1,\"msgId\":\"a\",\"kind\":\"measurement\",\"measuredAt\":\"yesterday\",\"values\":[]} | WRONG_TYPE",
        "{\"v\":1,\"msgId\":\"a\",\"kind\":\"measurement\",\"measuredAt\":\"2026-11-23T09:00:00Z\",\"values\":[{\"code\":\"spo2\",\"value\":95,\"unit\":\"%\"}]} | TIME_IN_FUTURE",
        "{\"v\":1,\"msgId\":\"a\",\"kind\":\"measurement\",\"measuredAt\":\"2020-01-01T00:00:00Z\",\"values\":[{\"code\":\"spo2\",\"value\":95,\"unit\":\"%\"}]} | TIME_TOO_OLD",
        "{\"v\":1,\"msgId\":\"a\",\"kind\":\"measurement\",\"measuredAt\":\"2026-11-23T07:59:00Z\",\"values\":[{\"code\":\"spo2\\u0000\",\"value\":95,\"unit\":\"%\"}]} | NUL_CHARACTER",
        "{\"v\":1,\"msgId\":\"a\\u0000\",\"kind\":\"measurement\",\"measuredAt\":\"2026-11-23T07:59:00Z\",\"values\":[{\"code\":\"spo2\",\"value\":95,\"unit\":\"%\"}]} | NUL_CHARACTER",
        "{\"v\":1,\"msgId\":\"a\",\"kind\":\"measurement\",\"measuredAt\":\"2026-11-23T07:59:00Z\",\"values\":[{\"code\":\"spo2\",\"value\":95,\"unit\":\"%\"}],\"context\":{\"f\\u0000w\":\"1\"}} | NUL_CHARACTER",
        "{\"v\":1,\"msgId\":\"a\",\"kind\":\"measurement\",\"measuredAt\":\"2026-11-23T07:59:00Z\",\"values\":[{\"code\":\"spo2\",\"value\":95,\"unit\":\"%\"}],\"context\":{\"continuous\":\"yes\"}} | WRONG_TYPE",
      })
  void rejectsBrokenPayloadsWithAReason(String json, RejectReason expected) {
    assertThat(rejection(json)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"code\":\"spo2\",\"value\":140,\"unit\":\"%\"}             | IMPOSSIBLE_VALUE",
        "{\"code\":\"spo2\",\"value\":-1,\"unit\":\"%\"}              | IMPOSSIBLE_VALUE",
        "{\"code\":\"pulse\",\"value\":301,\"unit\":\"/min\"}         | IMPOSSIBLE_VALUE",
        "{\"code\":\"temperature\",\"value\":46,\"unit\":\"Cel\"}     | IMPOSSIBLE_VALUE",
        "{\"code\":\"weight\",\"value\":19,\"unit\":\"kg\"}           | IMPOSSIBLE_VALUE",
        "{\"code\":\"fev1\",\"value\":0,\"unit\":\"L\"}               | IMPOSSIBLE_VALUE",
        "{\"code\":\"pef\",\"value\":1001,\"unit\":\"L/min\"}         | IMPOSSIBLE_VALUE",
        "{\"code\":\"spo2\",\"value\":\"95\",\"unit\":\"%\"}          | WRONG_TYPE",
        "{\"code\":\"spo2\",\"unit\":\"%\"}                           | MISSING_FIELD",
        "{\"code\":\"glucose\",\"value\":5,\"unit\":\"mmol/L\"}       | UNKNOWN_CODE",
        "{\"code\":\"spo2\",\"value\":95,\"unit\":\"mmHg\"}           | UNIT_MISMATCH",
        "{\"code\":\"bp_systolic\",\"value\":80,\"unit\":\"mmHg\"},{\"code\":\"bp_diastolic\",\"value\":90,\"unit\":\"mmHg\"} | INCONSISTENT_VALUES",
      })
  void rejectsImpossibleValues(String values, RejectReason expected) {
    assertThat(rejection(measurement(values))).isEqualTo(expected);
  }

  @Test
  void rejectsNanAndInfinityAsMalformed() {
    assertThat(rejection(measurement("{\"code\":\"spo2\",\"value\":NaN,\"unit\":\"%\"}")))
        .isEqualTo(RejectReason.MALFORMED_JSON);
    assertThat(rejection(measurement("{\"code\":\"spo2\",\"value\":Infinity,\"unit\":\"%\"}")))
        .isEqualTo(RejectReason.MALFORMED_JSON);
  }

  @Test
  void rejectsPayloadsAboveTheLimitUnread() {
    assertThat(rejection("{\"pad\":\"" + "x".repeat(5000) + "\"}"))
        .isEqualTo(RejectReason.PAYLOAD_TOO_LARGE);
  }

  @Test
  void rejectsDeepNestingWithoutFallingOver() {
    String deep = "[".repeat(2000) + "]".repeat(2000);
    assertThat(rejection("{\"v\":1,\"x\":" + deep + "}"))
        .isIn(
            RejectReason.MALFORMED_JSON,
            RejectReason.PAYLOAD_TOO_LARGE,
            RejectReason.MISSING_FIELD);
  }

  @Test
  void quotesAnImpossibleValueAsSentNotClampedToALong() {
    RejectedException e =
        rejected(
            measurement("{\"code\":\"spo2\",\"value\":1.2e29,\"unit\":\"%\"}")
                .getBytes(StandardCharsets.UTF_8));
    assertThat(e.rejection().reason()).isEqualTo(RejectReason.IMPOSSIBLE_VALUE);
    assertThat(e.rejection().text())
        .contains("spo2 1.2E+29 %")
        .doesNotContain("9.223372036854776E15");
    e =
        rejected(
            measurement(
                    "{\"code\":\"spo2\",\"value\":-120000000000000000000000000000,\"unit\":\"%\"}")
                .getBytes(StandardCharsets.UTF_8));
    assertThat(e.rejection().text()).contains("spo2 -1.2E+29 %");
    e =
        rejected(
            measurement("{\"code\":\"spo2\",\"value\":100.0004,\"unit\":\"%\"}")
                .getBytes(StandardCharsets.UTF_8));
    assertThat(e.rejection().text()).contains("spo2 100.0004 %");
    e =
        rejected(
            measurement("{\"code\":\"weight\",\"value\":5e30,\"unit\":\"g\"}")
                .getBytes(StandardCharsets.UTF_8));
    assertThat(e.rejection().text()).contains("weight 5E+30 g (5E+27 kg) is outside");
    e =
        rejected(
            measurement("{\"code\":\"pulse\",\"value\":300.5,\"unit\":\"/min\"}")
                .getBytes(StandardCharsets.UTF_8));
    assertThat(e.rejection().text()).contains("pulse 300.5 /min");
  }
}

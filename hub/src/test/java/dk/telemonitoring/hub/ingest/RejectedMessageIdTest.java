package dk.telemonitoring.hub.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.hub.reading.RejectReason;
import dk.telemonitoring.hub.reading.Rejection.RejectedException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The msgId a rejection names for the device's receipt: only one read from a payload that could be
 * read one way, passed the decoder's rules and is of a version this hub reads, or a FHIR
 * Observation's identifier.
 */
class RejectedMessageIdTest extends PayloadDecoderFixture {

  /**
   * A rejection names the message's msgId for the device's receipt only once the payload was read
   * one way and its msgId passed the decoder's rules; never one guessed out of a payload that could
   * be read two ways, nor one whose version this hub does not read.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      value = {
        "value out of range | {\"code\":\"spo2\",\"value\":140,\"unit\":\"%\"}             | m1",
        "unknown unit       | {\"code\":\"spo2\",\"value\":95,\"unit\":\"mmHg\"}           | m1",
        "NUL in a unit      | {\"code\":\"spo2\",\"value\":95,\"unit\":\"%\\u0000\"}      | m1",
        "duplicate key      | {\"code\":\"spo2\",\"value\":95,\"value\":20,\"unit\":\"%\"} | -",
      })
  void namesTheMsgIdOfARejectedMessageOnlyWhenItIsKnown(String what, String value, String msgId) {
    assertThat(rejected(measurement(value).getBytes(StandardCharsets.UTF_8)).msgId())
        .as(what)
        .isEqualTo(msgId);
  }

  @Test
  void namesNoMsgIdOutOfABadEncodingAnOtherVersionOrABadMsgId() {
    String latin1 = measurement("{\"code\":\"temperature\",\"value\":37.2,\"unit\":\"°C\"}");
    assertThat(rejected(latin1.getBytes(StandardCharsets.ISO_8859_1)).msgId()).isNull();
    assertThat(rejected("{\"v\":2,\"msgId\":\"a\",\"kind\":\"measurement\"}".getBytes()).msgId())
        .isNull();
    assertThat(rejected("{\"v\":1,\"msgId\":\"a b\",\"kind\":\"selfie\"}".getBytes()).msgId())
        .isNull();
    assertThat(rejected("{\"v\":1,\"msgId\":\"a\",\"kind\":\"selfie\"}".getBytes()).msgId())
        .isEqualTo("a");
  }

  @Test
  void namesTheMsgIdOfARejectedFhirObservationFromItsIdentifier() {
    String impossible = FhirObservationDecoderTest.spo2("fhir-1", NOW.minusSeconds(60), 140);
    RejectedException e = rejected(impossible.getBytes(StandardCharsets.UTF_8));
    assertThat(e.rejection().reason()).isEqualTo(RejectReason.IMPOSSIBLE_VALUE);
    assertThat(e.msgId()).isEqualTo("fhir-1");
  }
}

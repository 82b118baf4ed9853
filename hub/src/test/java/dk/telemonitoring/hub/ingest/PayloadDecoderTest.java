package dk.telemonitoring.hub.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dk.telemonitoring.hub.reading.DeviceMessage;
import dk.telemonitoring.hub.reading.DeviceMessage.MeasurementSet;
import dk.telemonitoring.hub.reading.MeasurementType;
import dk.telemonitoring.hub.reading.Reading;
import dk.telemonitoring.hub.reading.RejectReason;
import dk.telemonitoring.hub.reading.Rejection.RejectedException;
import dk.telemonitoring.hub.reading.TopicScheme.DeviceTopic;
import dk.telemonitoring.hub.reading.ValueValidator;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PayloadDecoderTest {

  private static final Instant NOW = Instant.parse("2026-11-23T08:00:00Z");
  private static final DeviceTopic TOPIC = new DeviceTopic("vios", "ox-1");
  private final PayloadDecoder decoder =
      new PayloadDecoder(new ValueValidator(Duration.ofMinutes(30), Duration.ofDays(90)), 4096);

  private DeviceMessage decode(String json) {
    return decoder.decode(TOPIC, Buffer.buffer(json), NOW);
  }

  private RejectReason rejection(String json) {
    RejectedException e = catchThrowableOfType(RejectedException.class, () -> decode(json));
    assertThat(e).as("expected a rejection for %s", json).isNotNull();
    return e.rejection().reason();
  }

  private static String measurement(String values) {
    return "{\"v\":1,\"msgId\":\"m1\",\"kind\":\"measurement\",\"measuredAt\":\"2026-11-23T07:59:00Z\",\"values\":["
        + values
        + "]}";
  }

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
  void flagsAReadingFromAFastDeviceClockInsteadOfDroppingIt() {
    MeasurementSet set =
        (MeasurementSet)
            decode(
                """
        {"v":1,"msgId":"skew","kind":"measurement","measuredAt":"2026-11-23T08:04:00Z",
         "values":[{"code":"spo2","value":95,"unit":"%"}]}""");
    assertThat(set.readings().get(0).flags()).isEmpty();
    set =
        (MeasurementSet)
            decode(
                """
        {"v":1,"msgId":"skew","kind":"measurement","measuredAt":"2026-11-23T08:08:00Z",
         "values":[{"code":"spo2","value":95,"unit":"%"}]}""");
    assertThat(set.readings().get(0).flags()).containsExactly(Reading.FLAG_CLOCK_SKEW);
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
  void normalisesPeakFlowInLitresPerSecondToLitresPerMinute() {
    MeasurementSet set =
        (MeasurementSet) decode(measurement("{\"code\":\"pef\",\"value\":5.5,\"unit\":\"L/s\"}"));
    Reading pef = set.readings().get(0);
    assertThat(pef.type()).isEqualTo(MeasurementType.PEF);
    assertThat(pef.value()).isEqualTo(330.0);
    assertThat(pef.unit()).isEqualTo("L/min");
  }

  @Test
  void aNulInFreeTextBecomesAReplacementCharacterAndTheVitalSignsAreKept() {
    MeasurementSet set =
        (MeasurementSet)
            decode(
                "{\"v\":1,\"msgId\":\"n1\",\"kind\":\"measurement\","
                    + "\"measuredAt\":\"2026-11-23T07:59:00Z\",\"values\":[{\"code\":\"spo2\",\"value\":88,\"unit\":\"%\"}],"
                    + "\"context\":{\"firmware\":\"1.2\\u0000\",\"notes\":[\"a\\u0000b\"]}}");
    assertThat(set.readings().get(0).value()).isEqualTo(88);
    assertThat(set.readings().get(0).contextJson())
        .contains("1.2\uFFFD", "a\uFFFDb")
        .doesNotContain("\u0000");
    DeviceMessage.DeviceEvent contact =
        (DeviceMessage.DeviceEvent)
            decode(
                "{\"v\":1,\"msgId\":\"n2\","
                    + "\"kind\":\"contact\",\"measuredAt\":\"2026-11-23T07:59:00Z\",\"reason\":\"worried\","
                    + "\"text\":\"more breathless\\u0000 tonight\"}");
    assertThat(contact.payloadJson())
        .contains("more breathless\uFFFD tonight")
        .doesNotContain("\u0000");
  }

  @Test
  void flagsTheSamplesOfAContinuousRecording() {
    String stream =
        "{\"v\":1,\"msgId\":\"s1\",\"kind\":\"measurement\",\"measuredAt\":\"2026-11-23T07:59:00Z\","
            + "\"values\":[{\"code\":\"spo2\",\"value\":91,\"unit\":\"%\"},{\"code\":\"pulse\",\"value\":64,\"unit\":\"/min\"}],"
            + "\"context\":{\"continuous\":true}}";
    MeasurementSet set = (MeasurementSet) decode(stream);
    assertThat(set.readings())
        .hasSize(2)
        .allSatisfy(r -> assertThat(r.flags()).contains(Reading.FLAG_CONTINUOUS));
    MeasurementSet spot =
        (MeasurementSet) decode(measurement("{\"code\":\"spo2\",\"value\":95,\"unit\":\"%\"}"));
    assertThat(spot.readings().get(0).flags()).doesNotContain(Reading.FLAG_CONTINUOUS);
  }

  @Test
  void storesAnImplausibleButPossibleValueFlagged() {
    MeasurementSet set =
        (MeasurementSet) decode(measurement("{\"code\":\"spo2\",\"value\":65,\"unit\":\"%\"}"));
    assertThat(set.readings().get(0).flags()).containsExactly(Reading.FLAG_IMPLAUSIBLE);
  }

  @Test
  void gradesASpirometrySessionAndStoresItsBests() {
    MeasurementSet set =
        (MeasurementSet)
            decode(
                """
        {"v":1,"msgId":"sp1","kind":"spirometry","measuredAt":"2026-11-23T07:00:00Z",
         "units":{"fev1":"L","fvc":"L","pef":"L/min"},
         "blows":[{"fev1":1.52,"fvc":2.61,"pef":312},{"fev1":1.48,"fvc":2.55,"pef":305},{"fev1":1.55,"fvc":2.66,"pef":318}]}""");
    assertThat(set.readings())
        .extracting(r -> r.type().code())
        .containsExactlyInAnyOrder("fev1", "fvc", "pef", "fev1_fvc");
    Reading fev1 =
        set.readings().stream()
            .filter(r -> r.type() == MeasurementType.FEV1)
            .findFirst()
            .orElseThrow();
    assertThat(fev1.value()).isEqualTo(1.55);
    assertThat(fev1.detailJson()).contains("\"grade\":\"A\"");
    assertThat(fev1.flags()).isEmpty();
  }

  @Test
  void flagsAPoorQualitySpirometrySession() {
    MeasurementSet set =
        (MeasurementSet)
            decode(
                """
        {"v":1,"msgId":"sp2","kind":"spirometry","measuredAt":"2026-11-23T07:00:00Z",
         "blows":[{"fev1":1.20,"fvc":2.61},{"fev1":1.60,"fvc":2.55}]}""");
    assertThat(set.readings())
        .allSatisfy(r -> assertThat(r.flags()).contains(Reading.FLAG_POOR_QUALITY));
  }

  @Test
  void turnsQuestionnaireAnswersIntoReadings() {
    MeasurementSet set =
        (MeasurementSet)
            decode(
                """
        {"v":1,"msgId":"q1","kind":"questionnaire","measuredAt":"2026-11-23T07:00:00Z",
         "answers":{"cat":18,"breathless_more":true,"sputum_more":false,"sputum_colour":"green","fever":false}}""");
    assertThat(set.readings())
        .extracting(r -> r.type().code() + "=" + (int) r.value())
        .containsExactlyInAnyOrder(
            "cat=18",
            "sym_breathless=1",
            "sym_sputum_more=0",
            "sym_sputum_colour=3",
            "sym_fever=0");
    assertThat(
            rejection(
                """
        {"v":1,"msgId":"q2","kind":"questionnaire","measuredAt":"2026-11-23T07:00:00Z","answers":{"cat":18.5}}"""))
        .isEqualTo(RejectReason.IMPOSSIBLE_VALUE);
  }

  private RejectedException rejected(byte[] payload) {
    RejectedException e =
        catchThrowableOfType(
            RejectedException.class, () -> decoder.decode(TOPIC, Buffer.buffer(payload), NOW));
    assertThat(e).as("expected a rejection").isNotNull();
    return e;
  }

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

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}

package dk.telemonitoring.hub.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.hub.reading.DeviceMessage;
import dk.telemonitoring.hub.reading.DeviceMessage.MeasurementSet;
import dk.telemonitoring.hub.reading.MeasurementType;
import dk.telemonitoring.hub.reading.Reading;
import dk.telemonitoring.hub.reading.RejectReason;
import org.junit.jupiter.api.Test;

/**
 * What the decoder makes of a payload it accepts: readings flagged (a fast device clock, a
 * continuous recording, an implausible but possible value, a poor spirometry session) instead of
 * dropped, peak flow in L/min, a NUL in free text replaced, a spirometry session graded with its
 * bests, and questionnaire answers as readings.
 */
class DecodedReadingsTest extends PayloadDecoderFixture {

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
}

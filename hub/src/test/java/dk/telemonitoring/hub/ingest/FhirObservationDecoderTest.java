package dk.telemonitoring.hub.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dk.telemonitoring.hub.reading.DeviceMessage.MeasurementSet;
import dk.telemonitoring.hub.reading.Reading;
import dk.telemonitoring.hub.reading.RejectReason;
import dk.telemonitoring.hub.reading.Rejection.RejectedException;
import dk.telemonitoring.hub.reading.TopicScheme.DeviceTopic;
import dk.telemonitoring.hub.reading.ValueValidator;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

public class FhirObservationDecoderTest {

  private static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");
  private static final DeviceTopic TOPIC = new DeviceTopic("vios", "bp-1");
  private final FhirObservationDecoder decoder =
      new FhirObservationDecoder(new ValueValidator(Duration.ofMinutes(5), Duration.ofDays(90)));

  public static String bloodPressurePanel(String id, Instant at, double sys, double dia) {
    return """
        {"resourceType":"Observation","id":"%s","status":"final",
         "category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"vital-signs"}]}],
         "code":{"coding":[{"system":"http://loinc.org","code":"85354-9"}]},
         "effectiveDateTime":"%s",
         "component":[
           {"code":{"coding":[{"system":"http://loinc.org","code":"8480-6"}]},
            "valueQuantity":{"value":%s,"unit":"mmHg","system":"http://unitsofmeasure.org","code":"mm[Hg]"}},
           {"code":{"coding":[{"system":"http://loinc.org","code":"8462-4"}]},
            "valueQuantity":{"value":%s,"unit":"mmHg","system":"http://unitsofmeasure.org","code":"mm[Hg]"}}]}"""
        .formatted(id, at, sys, dia);
  }

  public static String spo2(String identifier, Instant at, double value) {
    return """
        {"resourceType":"Observation","status":"final",
         "identifier":[{"system":"urn:example:device-messages","value":"%s"}],
         "code":{"coding":[{"system":"urn:iso:std:iso:11073:10101","code":"150456"},{"system":"http://loinc.org","code":"2708-6"}]},
         "subject":{"reference":"Patient/ignored"},
         "effectiveDateTime":"%s",
         "valueQuantity":{"value":%s,"unit":"%%","system":"http://unitsofmeasure.org","code":"%%"}}"""
        .formatted(identifier, at, value);
  }

  @Test
  void bloodPressurePanelBecomesSystolicAndDiastolicReadings() {
    MeasurementSet set =
        decoder.decode(TOPIC, bloodPressurePanel("bp-msg-1", NOW.minusSeconds(60), 142, 88), NOW);
    assertThat(set.msgId()).isEqualTo("bp-msg-1");
    assertThat(set.kind()).isEqualTo("measurement");
    assertThat(set.measuredAt()).isEqualTo(NOW.minusSeconds(60));
    assertThat(set.readings())
        .extracting(r -> r.type().code(), Reading::value)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("bp_systolic", 142.0),
            org.assertj.core.groups.Tuple.tuple("bp_diastolic", 88.0));
  }

  @Test
  void identifierIsTheMessageIdAndMdcOrLoincSelectsTheMeasurement() {
    MeasurementSet set = decoder.decode(TOPIC, spo2("ox-77", NOW, 93), NOW);
    assertThat(set.msgId()).isEqualTo("ox-77");
    assertThat(set.readings())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.type().code()).isEqualTo("spo2");
              assertThat(r.value()).isEqualTo(93.0);
              assertThat(r.deviceId()).isEqualTo("bp-1");
            });
  }

  @Test
  void unitsAreConvertedAsOnTheNativePath() {
    String json =
        """
        {"resourceType":"Observation","id":"t1","status":"final",
         "code":{"coding":[{"system":"http://loinc.org","code":"8310-5"}]},"effectiveDateTime":"%s",
         "valueQuantity":{"value":100.4,"system":"http://unitsofmeasure.org","code":"[degF]"}}"""
            .formatted(NOW);
    assertThat(decoder.decode(TOPIC, json, NOW).readings().get(0).value())
        .isCloseTo(38.0, org.assertj.core.data.Offset.offset(0.01));
  }

  @Test
  void badObservationsAreRejectedWithAReason() {
    assertReject(
        """
        {"resourceType":"Observation","id":"x","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"1234-5"}]},
         "effectiveDateTime":"%s","valueQuantity":{"value":1,"code":"1"}}"""
            .formatted(NOW),
        RejectReason.UNKNOWN_CODE);
    assertReject(
        """
        {"resourceType":"Observation","id":"x","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"2708-6"}]},
         "valueQuantity":{"value":95,"code":"%"}}""",
        RejectReason.MISSING_FIELD);
    assertReject(
        """
        {"resourceType":"Observation","id":"x","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"2708-6"}]},
         "effectiveDateTime":"%s","valueQuantity":{"value":95,"system":"http://unitsofmeasure.org","code":"mm[Hg]"}}"""
            .formatted(NOW),
        RejectReason.UNIT_MISMATCH);
    assertReject(
        """
        {"resourceType":"Observation","id":"x","status":"entered-in-error","code":{"coding":[{"system":"http://loinc.org","code":"2708-6"}]},
         "effectiveDateTime":"%s","valueQuantity":{"value":95,"code":"%%"}}"""
            .formatted(NOW),
        RejectReason.WRONG_TYPE);
    assertReject(
        """
        {"resourceType":"Observation","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"2708-6"}]},
         "effectiveDateTime":"%s","valueQuantity":{"value":95,"code":"%%"}}"""
            .formatted(NOW),
        RejectReason.MISSING_FIELD);
    assertReject("{\"resourceType\":\"Observation\",\"status\":42}", RejectReason.MALFORMED_JSON);
  }

  private void assertReject(String json, RejectReason reason) {
    assertThatThrownBy(() -> decoder.decode(TOPIC, json, NOW))
        .isInstanceOf(RejectedException.class)
        .satisfies(e -> assertThat(((RejectedException) e).rejection().reason()).isEqualTo(reason));
  }
}

package dk.telemonitoring.hub.ingest;

import static dk.telemonitoring.hub.ingest.PayloadFields.optionalTime;
import static dk.telemonitoring.hub.ingest.PayloadFields.requiredArray;
import static dk.telemonitoring.hub.ingest.PayloadFields.requiredNumber;
import static dk.telemonitoring.hub.ingest.PayloadFields.requiredString;
import static dk.telemonitoring.hub.ingest.PayloadFields.requiredTime;
import static dk.telemonitoring.hub.reading.Rejection.reject;

import dk.telemonitoring.hub.reading.DeviceMessage;
import dk.telemonitoring.hub.reading.DeviceMessage.DeviceEvent;
import dk.telemonitoring.hub.reading.DeviceMessage.MeasurementSet;
import dk.telemonitoring.hub.reading.MeasurementType;
import dk.telemonitoring.hub.reading.Reading;
import dk.telemonitoring.hub.reading.RejectReason;
import dk.telemonitoring.hub.reading.Rejection.RejectedException;
import dk.telemonitoring.hub.reading.SpirometryGrade;
import dk.telemonitoring.hub.reading.TopicScheme.DeviceTopic;
import dk.telemonitoring.hub.reading.ValueValidator;
import dk.telemonitoring.hub.reading.ValueValidator.CheckedValue;
import dk.telemonitoring.hub.reading.ValueValidator.RawValue;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns a device's JSON payload (docs/device-contract.md, version 1) into a validated {@link
 * DeviceMessage}, or throws a {@link dk.telemonitoring.hub.reading.Rejection.RejectedException}
 * whose reason a person can read. The bytes are read by {@link PayloadParser}: UTF-8 and strict
 * JSON only, so no payload can be read two ways.
 */
public final class PayloadDecoder {

  private static final Pattern MSG_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
  private static final List<String> SPIRO_CODES = List.of("fev1", "fvc", "fev6", "pef");
  private static final Map<String, Integer> SPUTUM_COLOURS =
      Map.of("clear", 0, "white", 1, "yellow", 2, "green", 3, "brown", 4, "red", 5);

  private final ValueValidator validator;
  private final int maxPayloadBytes;
  private final FhirObservationDecoder fhirObservations;

  public PayloadDecoder(ValueValidator validator, int maxPayloadBytes) {
    this.validator = validator;
    this.maxPayloadBytes = maxPayloadBytes;
    this.fhirObservations = new FhirObservationDecoder(validator);
  }

  public DeviceMessage decode(DeviceTopic topic, Buffer payload, Instant receivedAt) {
    if (payload.length() > maxPayloadBytes) {
      throw reject(
          RejectReason.PAYLOAD_TOO_LARGE, payload.length() + " bytes, limit " + maxPayloadBytes);
    }
    // Refused here (not UTF-8, a name twice, not JSON), a payload could be read two ways: its
    // rejection names no msgId.
    PayloadParser.Parsed parsed = PayloadParser.parse(payload);
    try {
      return decodeParsed(topic, parsed, receivedAt);
    } catch (RejectedException e) {
      String msgId = knownMsgId(parsed.json());
      throw msgId == null ? e : e.of(msgId);
    }
  }

  /**
   * The msgId of a strictly parsed native payload, if it is one by this decoder's rules (version 1,
   * the pattern), whatever else is wrong with the payload; null otherwise, since what another
   * version means by msgId is not this hub's to say. A FHIR Observation's is named by its decoder.
   */
  private static String knownMsgId(JsonObject json) {
    if (FhirObservationDecoder.isObservation(json.getValue("resourceType"))
        || !isVersion1(json.getValue("v"))) {
      return null;
    }
    return json.getValue("msgId") instanceof String s && MSG_ID.matcher(s).matches() ? s : null;
  }

  private static boolean isVersion1(Object version) {
    return version instanceof Number n && n.doubleValue() == 1;
  }

  private DeviceMessage decodeParsed(
      DeviceTopic topic, PayloadParser.Parsed parsed, Instant receivedAt) {
    JsonObject json = parsed.json();
    NulCharacters.replaceOrReject(json);
    if (FhirObservationDecoder.isObservation(json.getValue("resourceType"))) {
      return fhirObservations.decode(topic, parsed.text(), receivedAt);
    }
    Object version = json.getValue("v");
    if (version == null) {
      throw reject(RejectReason.MISSING_FIELD, "'v'");
    }
    if (!isVersion1(version)) {
      throw reject(
          RejectReason.UNSUPPORTED_VERSION, "'v' is " + version + ", this hub reads version 1");
    }
    String msgId = requiredString(json, "msgId");
    if (!MSG_ID.matcher(msgId).matches()) {
      throw reject(RejectReason.WRONG_TYPE, "'msgId' must match [A-Za-z0-9._:-]{1,64}");
    }
    String kind = requiredString(json, "kind");
    return switch (kind) {
      case "measurement" -> measurement(topic, json, msgId, receivedAt);
      case "spirometry" -> spirometry(topic, json, msgId, receivedAt);
      case "questionnaire" -> questionnaire(topic, json, msgId, receivedAt);
      case DeviceEvent.CONTACT ->
          event(topic, json, msgId, kind, requiredTime(json, "measuredAt"), receivedAt);
      case DeviceEvent.STATUS ->
          event(topic, json, msgId, kind, optionalTime(json, "sentAt", receivedAt), receivedAt);
      case DeviceEvent.MESSAGE_RECEIPT -> {
        // A UUID, checked here: the receipt's SQL casts it (BatchSql), and a bad one must not fail
        // the batch.
        String messageId = requiredString(json, "messageId");
        if (!UUID_TEXT.matcher(messageId).matches()) {
          throw reject(RejectReason.WRONG_TYPE, "'messageId' must be the message's UUID");
        }
        yield event(topic, json, msgId, kind, optionalTime(json, "sentAt", receivedAt), receivedAt);
      }
      default -> throw reject(RejectReason.UNKNOWN_KIND, "'" + kind + "'");
    };
  }

  private MeasurementSet measurement(
      DeviceTopic topic, JsonObject json, String msgId, Instant receivedAt) {
    Instant measuredAt = checkedTime(json, receivedAt);
    JsonArray values = requiredArray(json, "values");
    if (values.isEmpty()) {
      throw reject(RejectReason.MISSING_FIELD, "'values' is empty");
    }
    List<CheckedValue> checked = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      if (!(values.getValue(i) instanceof JsonObject v)) {
        throw reject(RejectReason.WRONG_TYPE, "values[" + i + "] must be an object");
      }
      String code = requiredString(v, "code");
      checked.add(
          validator.check(
              new RawValue(code, requiredNumber(v, "value", code), requiredString(v, "unit"))));
    }
    validator.checkConsistency(checked);
    return toSet(topic, json, msgId, "measurement", measuredAt, receivedAt, checked, null);
  }

  private MeasurementSet spirometry(
      DeviceTopic topic, JsonObject json, String msgId, Instant receivedAt) {
    Instant measuredAt = checkedTime(json, receivedAt);
    JsonObject units = json.getValue("units") instanceof JsonObject u ? u : new JsonObject();
    JsonArray blows = requiredArray(json, "blows");
    if (blows.isEmpty()) {
      throw reject(RejectReason.MISSING_FIELD, "'blows' is empty");
    }
    Map<String, Double> best = new java.util.LinkedHashMap<>();
    List<Double> fev1s = new ArrayList<>();
    for (int i = 0; i < blows.size(); i++) {
      if (!(blows.getValue(i) instanceof JsonObject blow)) {
        throw reject(RejectReason.WRONG_TYPE, "blows[" + i + "] must be an object");
      }
      for (String code : SPIRO_CODES) {
        if (blow.getValue(code) == null) {
          continue;
        }
        String unit =
            units.getValue(code) instanceof String s
                ? s
                : MeasurementType.byCode(code).orElseThrow().ucum();
        CheckedValue v =
            validator.check(new RawValue(code, requiredNumber(blow, code, code), unit));
        best.merge(code, v.value(), Math::max);
        if (code.equals("fev1")) {
          fev1s.add(v.value());
        }
      }
    }
    if (best.isEmpty()) {
      throw reject(RejectReason.MISSING_FIELD, "no blow has fev1, fvc, fev6 or pef");
    }
    SpirometryGrade grade = SpirometryGrade.of(fev1s);
    List<CheckedValue> checked = new ArrayList<>();
    best.forEach(
        (code, value) ->
            checked.add(
                validator.check(
                    new RawValue(code, value, MeasurementType.byCode(code).orElseThrow().ucum()))));
    if (best.containsKey("fev1") && best.containsKey("fvc")) {
      checked.add(
          validator.check(new RawValue("fev1_fvc", 100 * best.get("fev1") / best.get("fvc"), "%")));
    }
    validator.checkConsistency(checked);
    if (!grade.usableForTriage()) {
      checked.forEach(c -> c.flags().add(Reading.FLAG_POOR_QUALITY));
    }
    String detail = new JsonObject().put("grade", grade.name()).put("blows", blows).encode();
    return toSet(topic, json, msgId, "spirometry", measuredAt, receivedAt, checked, detail);
  }

  private MeasurementSet questionnaire(
      DeviceTopic topic, JsonObject json, String msgId, Instant receivedAt) {
    Instant measuredAt = checkedTime(json, receivedAt);
    if (!(json.getValue("answers") instanceof JsonObject answers) || answers.isEmpty()) {
      throw reject(RejectReason.MISSING_FIELD, "'answers'");
    }
    List<CheckedValue> checked = new ArrayList<>();
    if (answers.containsKey("cat")) {
      double cat = requiredNumber(answers, "cat", "cat");
      if (cat != Math.rint(cat)) {
        throw reject(RejectReason.IMPOSSIBLE_VALUE, "cat " + cat + " is not a whole number 0-40");
      }
      checked.add(validator.check(new RawValue("cat", cat, "{score}")));
    }
    addBoolean(answers, "breathless_more", "sym_breathless", checked);
    addBoolean(answers, "sputum_more", "sym_sputum_more", checked);
    addBoolean(answers, "fever", "sym_fever", checked);
    if (answers.containsKey("sputum_colour")) {
      Object colour = answers.getValue("sputum_colour");
      Integer ordinal = colour instanceof String s ? SPUTUM_COLOURS.get(s) : null;
      if (ordinal == null) {
        throw reject(
            RejectReason.WRONG_TYPE, "sputum_colour must be one of " + SPUTUM_COLOURS.keySet());
      }
      checked.add(validator.check(new RawValue("sym_sputum_colour", ordinal, "{ordinal}")));
    }
    if (checked.isEmpty()) {
      throw reject(RejectReason.MISSING_FIELD, "no known answer in 'answers'");
    }
    return toSet(
        topic, json, msgId, "questionnaire", measuredAt, receivedAt, checked, answers.encode());
  }

  private void addBoolean(JsonObject answers, String field, String code, List<CheckedValue> out) {
    if (!answers.containsKey(field)) {
      return;
    }
    if (!(answers.getValue(field) instanceof Boolean b)) {
      throw reject(RejectReason.WRONG_TYPE, "'" + field + "' must be true or false");
    }
    out.add(validator.check(new RawValue(code, b ? 1 : 0, "{bool}")));
  }

  private static final Pattern UUID_TEXT =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  private DeviceEvent event(
      DeviceTopic topic,
      JsonObject json,
      String msgId,
      String kind,
      Instant at,
      Instant receivedAt) {
    validator.checkTime(at, receivedAt);
    Integer battery = null;
    if (json.getValue("context") instanceof JsonObject ctx
        && ctx.getValue("battery") instanceof Number b) {
      battery = Math.max(0, Math.min(100, b.intValue()));
    }
    return new DeviceEvent(
        topic.clinicId(), topic.deviceId(), msgId, kind, at, receivedAt, battery, json.encode());
  }

  private MeasurementSet toSet(
      DeviceTopic topic,
      JsonObject json,
      String msgId,
      String kind,
      Instant measuredAt,
      Instant receivedAt,
      List<CheckedValue> checked,
      String detail) {
    Instant sentAt = optionalTime(json, "sentAt", null);
    String context = json.getValue("context") instanceof JsonObject ctx ? ctx.encode() : null;
    if (validator.aheadOfHubClock(measuredAt, receivedAt)) {
      checked.forEach(c -> c.flags().add(Reading.FLAG_CLOCK_SKEW));
    }
    if (continuous(json)) {
      checked.forEach(c -> c.flags().add(Reading.FLAG_CONTINUOUS));
    }
    List<Reading> readings =
        checked.stream()
            .map(
                c ->
                    new Reading(
                        topic.clinicId(),
                        topic.deviceId(),
                        msgId,
                        c.type(),
                        c.value(),
                        measuredAt,
                        receivedAt,
                        sentAt,
                        c.flags(),
                        context,
                        detail))
            .toList();
    return new MeasurementSet(
        topic.clinicId(), topic.deviceId(), msgId, kind, measuredAt, readings);
  }

  /**
   * {@code context.continuous}: triage treats such samples differently, so a wrong type is refused,
   * not guessed.
   */
  private static boolean continuous(JsonObject json) {
    if (!(json.getValue("context") instanceof JsonObject ctx) || !ctx.containsKey("continuous")) {
      return false;
    }
    if (!(ctx.getValue("continuous") instanceof Boolean b)) {
      throw reject(RejectReason.WRONG_TYPE, "'context.continuous' must be true or false");
    }
    return b;
  }

  private Instant checkedTime(JsonObject json, Instant receivedAt) {
    Instant measuredAt = requiredTime(json, "measuredAt");
    validator.checkTime(measuredAt, receivedAt);
    return measuredAt;
  }
}

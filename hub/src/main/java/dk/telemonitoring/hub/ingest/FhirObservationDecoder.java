package dk.telemonitoring.hub.ingest;

import static dk.telemonitoring.hub.reading.Rejection.reject;

import ca.uhn.fhir.parser.DataFormatException;
import dk.telemonitoring.hub.fhir.Fhir;
import dk.telemonitoring.hub.reading.DeviceMessage.MeasurementSet;
import dk.telemonitoring.hub.reading.MeasurementType;
import dk.telemonitoring.hub.reading.Reading;
import dk.telemonitoring.hub.reading.RejectReason;
import dk.telemonitoring.hub.reading.Rejection.RejectedException;
import dk.telemonitoring.hub.reading.TopicScheme.DeviceTopic;
import dk.telemonitoring.hub.reading.ValueValidator;
import dk.telemonitoring.hub.reading.ValueValidator.CheckedValue;
import dk.telemonitoring.hub.reading.ValueValidator.RawValue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Type;

/**
 * A FHIR R4 Observation (JSON) published by a device instead of the native payload: parsed with
 * HAPI FHIR and turned into the same {@link MeasurementSet} the native decoder returns, through the
 * same {@link ValueValidator}, so it is stored, quarantined and triaged exactly like a native
 * reading.
 *
 * <ul>
 *   <li>Codes: LOINC, IEEE 11073 MDC or the hub's own measurement codes, looked up in {@link
 *       MeasurementType}; a panel (blood pressure 85354-9) or any Observation with components gives
 *       one reading per component.
 *   <li>Units: {@code valueQuantity.code} (UCUM), else {@code valueQuantity.unit}; converted as the
 *       native path does.
 *   <li>msgId (the idempotency key): the first {@code identifier.value}, else the resource {@code
 *       id}.
 *   <li>Time: {@code effectiveDateTime}, {@code effectiveInstant} or {@code effectivePeriod.start},
 *       with an offset.
 *   <li>{@code subject} is ignored: as for every payload, the device's binding decides whose
 *       reading it is.
 * </ul>
 */
public final class FhirObservationDecoder {

  private static final Pattern MSG_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
  private static final Set<String> RESULT_STATUSES =
      Set.of("final", "amended", "corrected", "preliminary");
  private static final Map<String, MeasurementType> BY_LOINC = index(MeasurementType::loinc);
  private static final Map<String, MeasurementType> BY_MDC = index(MeasurementType::mdc);

  /** Panels whose own code carries no value: only their components are readings. */
  private static final Set<String> PANELS = Set.of(Fhir.BP_PANEL_LOINC, "55284-4", "85353-1");

  private final ValueValidator validator;

  public FhirObservationDecoder(ValueValidator validator) {
    this.validator = validator;
  }

  /** Whether a parsed JSON object claims to be a FHIR Observation. */
  public static boolean isObservation(Object resourceType) {
    return "Observation".equals(resourceType);
  }

  public MeasurementSet decode(DeviceTopic topic, String json, Instant receivedAt) {
    Observation obs;
    try {
      obs = Fhir.json().parseResource(Observation.class, json);
    } catch (DataFormatException e) {
      throw reject(
          RejectReason.MALFORMED_JSON, "not a FHIR R4 Observation: " + firstLine(e.getMessage()));
    }
    String status = obs.getStatus() == null ? null : obs.getStatus().toCode();
    if (status == null) {
      throw reject(RejectReason.MISSING_FIELD, "Observation.status");
    }
    if (!RESULT_STATUSES.contains(status)) {
      throw reject(RejectReason.WRONG_TYPE, "Observation.status '" + status + "' is not a result");
    }
    String msgId = msgId(obs);
    try {
      return measurementSet(topic, obs, msgId, receivedAt);
    } catch (RejectedException e) {
      throw e.of(msgId);
    }
  }

  private MeasurementSet measurementSet(
      DeviceTopic topic, Observation obs, String msgId, Instant receivedAt) {
    Instant measuredAt = effective(obs);
    validator.checkTime(measuredAt, receivedAt);

    List<CheckedValue> checked = new ArrayList<>();
    boolean panel =
        obs.getCode().getCoding().stream()
            .anyMatch(c -> Fhir.LOINC.equals(c.getSystem()) && PANELS.contains(c.getCode()));
    if (!panel && obs.hasValue()) {
      checked.add(check(obs.getCode(), obs.getValue(), "Observation.value"));
    }
    for (int i = 0; i < obs.getComponent().size(); i++) {
      var component = obs.getComponent().get(i);
      checked.add(
          check(
              component.getCode(), component.getValue(), "Observation.component[" + i + "].value"));
    }
    if (checked.isEmpty()) {
      throw reject(
          RejectReason.MISSING_FIELD,
          panel ? "the panel has no components" : "Observation.valueQuantity");
    }
    validator.checkConsistency(checked);
    Instant sentAt = obs.hasIssued() ? obs.getIssued().toInstant() : null;
    String detail =
        new io.vertx.core.json.JsonObject()
            .put("source", "fhir-r4")
            .put("resourceId", obs.getIdElement().getIdPart())
            .encode();
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
                        null,
                        detail))
            .toList();
    return new MeasurementSet(
        topic.clinicId(), topic.deviceId(), msgId, "measurement", measuredAt, readings);
  }

  private CheckedValue check(CodeableConcept code, Type value, String where) {
    MeasurementType type = type(code);
    if (value == null || value.isEmpty()) {
      throw reject(RejectReason.MISSING_FIELD, where + "Quantity");
    }
    if (!(value instanceof Quantity q)) {
      throw reject(RejectReason.WRONG_TYPE, where + " must be a Quantity, not " + value.fhirType());
    }
    if (!q.hasValue()) {
      throw reject(RejectReason.MISSING_FIELD, where + "Quantity.value");
    }
    String unit =
        q.hasCode() && (!q.hasSystem() || Fhir.UCUM.equals(q.getSystem()))
            ? q.getCode()
            : q.getUnit();
    if (unit == null || unit.isBlank()) {
      throw reject(RejectReason.MISSING_FIELD, where + "Quantity.code (UCUM unit)");
    }
    return validator.check(new RawValue(type.code(), q.getValue().doubleValue(), unit));
  }

  private static MeasurementType type(CodeableConcept code) {
    for (Coding c : code.getCoding()) {
      Optional<MeasurementType> found =
          switch (c.getSystem() == null ? "" : c.getSystem()) {
            case Fhir.LOINC ->
                Optional.ofNullable(
                    "59408-5".equals(c.getCode())
                        ? MeasurementType.SPO2
                        : BY_LOINC.get(c.getCode()));
            case Fhir.MDC -> Optional.ofNullable(BY_MDC.get(c.getCode()));
            case Fhir.MEASUREMENT_CODE_SYSTEM -> MeasurementType.byCode(c.getCode());
            default -> Optional.empty();
          };
      if (found.isPresent()) {
        return found.get();
      }
    }
    String given =
        code.getCoding().stream()
            .map(c -> c.getSystem() + "|" + c.getCode())
            .collect(Collectors.joining(", "));
    throw reject(
        RejectReason.UNKNOWN_CODE, given.isEmpty() ? "Observation.code has no coding" : given);
  }

  private static String msgId(Observation obs) {
    String id =
        obs.getIdentifier().stream()
            .map(Identifier::getValue)
            .filter(v -> v != null && !v.isBlank())
            .findFirst()
            .orElse(obs.getIdElement().getIdPart());
    if (id == null || id.isBlank()) {
      throw reject(
          RejectReason.MISSING_FIELD, "Observation.identifier or Observation.id (the message id)");
    }
    if (!MSG_ID.matcher(id).matches()) {
      throw reject(
          RejectReason.WRONG_TYPE,
          "the message id (Observation.identifier.value or id) must match [A-Za-z0-9._:-]{1,64}");
    }
    return id;
  }

  private static Instant effective(Observation obs) {
    if (obs.hasEffectiveDateTimeType()) {
      var t = obs.getEffectiveDateTimeType();
      if (t.getPrecision().ordinal() < ca.uhn.fhir.model.api.TemporalPrecisionEnum.MINUTE.ordinal()
          || t.getTimeZone() == null) {
        throw reject(
            RejectReason.WRONG_TYPE, "effectiveDateTime needs a time of day and an offset");
      }
      return t.getValue().toInstant();
    }
    if (obs.hasEffectiveInstantType()) {
      return obs.getEffectiveInstantType().getValue().toInstant();
    }
    if (obs.hasEffectivePeriod() && obs.getEffectivePeriod().hasStart()) {
      return obs.getEffectivePeriod().getStart().toInstant();
    }
    throw reject(RejectReason.MISSING_FIELD, "Observation.effective[x]");
  }

  private static Map<String, MeasurementType> index(Function<MeasurementType, String> key) {
    return Arrays.stream(MeasurementType.values())
        .filter(t -> !key.apply(t).isEmpty())
        .collect(Collectors.toUnmodifiableMap(key, Function.identity()));
  }

  private static String firstLine(String message) {
    String line = message == null ? "" : message.lines().findFirst().orElse("");
    return line.length() > 200 ? line.substring(0, 200) : line;
  }
}

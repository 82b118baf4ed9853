package dk.telemonitoring.hub.fhir;

import dk.telemonitoring.hub.fhir.FhirResources.ReadingRow;
import dk.telemonitoring.hub.reading.MeasurementType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;

/**
 * Readings as FHIR R4 Observations. Vital signs (SpO2, pulse, respiratory rate, temperature,
 * weight, blood pressure) follow the R4 vital-signs profile and declare it and their specific
 * profile in {@code meta.profile}; systolic and diastolic measured together become one
 * blood-pressure panel (85354-9) with two components. Other values (spirometry, questionnaire
 * answers) are Observations of category exam or survey. Ids are name-based UUIDs of the stored
 * keys, so they are stable across calls.
 */
public final class FhirObservations {

  private static final Map<MeasurementType, String> VITAL_PROFILES =
      Map.of(
          MeasurementType.SPO2, "http://hl7.org/fhir/StructureDefinition/oxygensat",
          MeasurementType.PULSE, "http://hl7.org/fhir/StructureDefinition/heartrate",
          MeasurementType.RESP_RATE, "http://hl7.org/fhir/StructureDefinition/resprate",
          MeasurementType.TEMPERATURE, "http://hl7.org/fhir/StructureDefinition/bodytemp",
          MeasurementType.WEIGHT, "http://hl7.org/fhir/StructureDefinition/bodyweight");
  private static final String BP_PROFILE = "http://hl7.org/fhir/StructureDefinition/bp";
  private static final Set<MeasurementType> SPIROMETRY =
      Set.of(
          MeasurementType.FEV1,
          MeasurementType.FVC,
          MeasurementType.FEV6,
          MeasurementType.FEV1_FVC,
          MeasurementType.PEF);

  private FhirObservations() {}

  /**
   * Readings to Observations, in the order given; systolic and diastolic of one message become one
   * panel at the place of the first of the two.
   */
  public static List<Observation> observations(List<ReadingRow> rows) {
    Map<String, List<ReadingRow>> bp = new LinkedHashMap<>();
    List<Object> order = new ArrayList<>();
    for (ReadingRow r : rows) {
      if (r.code().equals(MeasurementType.BP_SYSTOLIC.code())
          || r.code().equals(MeasurementType.BP_DIASTOLIC.code())) {
        String key = r.deviceId() + "\n" + r.msgId() + "\n" + r.measuredAt();
        if (!bp.containsKey(key)) {
          order.add(key);
        }
        bp.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
      } else {
        order.add(r);
      }
    }
    List<Observation> out = new ArrayList<>();
    for (Object o : order) {
      out.add(o instanceof ReadingRow r ? single(r) : bloodPressure(bp.get((String) o)));
    }
    return out;
  }

  private static Observation single(ReadingRow r) {
    MeasurementType type = MeasurementType.byCode(r.code()).orElseThrow();
    Observation o = base(r, type.code());
    String profile = VITAL_PROFILES.get(type);
    if (profile != null) {
      o.getMeta().addProfile(Fhir.VITAL_SIGNS_PROFILE).addProfile(profile);
      category(o, "vital-signs", "Vital Signs");
    } else if (SPIROMETRY.contains(type)) {
      category(o, "exam", "Exam");
    } else {
      category(o, "survey", "Survey");
    }
    o.setCode(code(type));
    o.setValue(quantity(r.value(), type));
    return o;
  }

  private static Observation bloodPressure(List<ReadingRow> pair) {
    ReadingRow first = pair.get(0);
    Observation o = base(first, "bp");
    o.getMeta().addProfile(Fhir.VITAL_SIGNS_PROFILE).addProfile(BP_PROFILE);
    category(o, "vital-signs", "Vital Signs");
    o.setCode(
        new CodeableConcept()
            .addCoding(
                new Coding(
                    Fhir.LOINC,
                    Fhir.BP_PANEL_LOINC,
                    "Blood pressure panel with all children optional"))
            .setText("Blood pressure"));
    for (MeasurementType t : List.of(MeasurementType.BP_SYSTOLIC, MeasurementType.BP_DIASTOLIC)) {
      pair.stream()
          .filter(r -> r.code().equals(t.code()))
          .findFirst()
          .ifPresent(r -> o.addComponent().setCode(code(t)).setValue(quantity(r.value(), t)));
    }
    return o;
  }

  private static Observation base(ReadingRow r, String idCode) {
    Observation o = new Observation();
    o.setId(
        FhirResources.nameId(
            "observation", r.deviceId(), r.msgId(), idCode, r.measuredAt().toString()));
    o.addIdentifier().setSystem(Fhir.MESSAGE_ID_SYSTEM).setValue(r.deviceId() + "/" + r.msgId());
    o.setStatus(Observation.ObservationStatus.FINAL);
    o.setSubject(FhirResources.patientRef(r.patientId()));
    o.setEffective(FhirResources.dateTime(r.measuredAt()));
    o.setIssued(Date.from(r.receivedAt()));
    o.setDevice(
        new Reference()
            .setIdentifier(new Identifier().setSystem(Fhir.DEVICE_ID_SYSTEM).setValue(r.deviceId()))
            .setDisplay(r.deviceId()));
    for (String flag : r.flags()) {
      o.addNote().setText("flag: " + flag);
    }
    return o;
  }

  private static void category(Observation o, String code, String display) {
    o.addCategory()
        .addCoding(new Coding(Fhir.OBSERVATION_CATEGORY, code, display))
        .setText(display);
  }

  private static CodeableConcept code(MeasurementType type) {
    CodeableConcept c = new CodeableConcept().setText(type.displayEn());
    if (!type.loinc().isEmpty()) {
      c.addCoding(new Coding(Fhir.LOINC, type.loinc(), type.displayEn()));
    }
    if (!type.mdc().isEmpty()) {
      c.addCoding(new Coding(Fhir.MDC, type.mdc(), null));
    }
    c.addCoding(new Coding(Fhir.MEASUREMENT_CODE_SYSTEM, type.code(), type.displayEn()));
    return c;
  }

  private static Quantity quantity(double value, MeasurementType type) {
    return new Quantity()
        .setValue(BigDecimal.valueOf(value))
        .setUnit(type.ucum())
        .setSystem(Fhir.UCUM)
        .setCode(type.ucum());
  }

  /** The LOINC codes a code search parameter may name, mapped to the stored codes they select. */
  public static List<String> storedCodesFor(String system, String code) {
    if (system != null
        && !system.isEmpty()
        && !Fhir.LOINC.equals(system)
        && !Fhir.MDC.equals(system)
        && !Fhir.MEASUREMENT_CODE_SYSTEM.equals(system)) {
      return List.of();
    }
    if (Fhir.BP_PANEL_LOINC.equals(code)
        && (system == null || system.isEmpty() || Fhir.LOINC.equals(system))) {
      return List.of(MeasurementType.BP_SYSTOLIC.code(), MeasurementType.BP_DIASTOLIC.code());
    }
    List<String> out = new ArrayList<>();
    for (MeasurementType t : MeasurementType.values()) {
      boolean match =
          (system == null || system.isEmpty() || Fhir.LOINC.equals(system))
                  && code.equals(t.loinc())
              || (system == null || system.isEmpty() || Fhir.MDC.equals(system))
                  && code.equals(t.mdc())
              || (system == null || system.isEmpty() || Fhir.MEASUREMENT_CODE_SYSTEM.equals(system))
                  && code.equals(t.code());
      if (match && !code.isEmpty()) {
        out.add(t.code());
      }
    }
    // Either half of the panel selects the panel: both halves are fetched so it is complete.
    if (out.contains(MeasurementType.BP_SYSTOLIC.code())
        || out.contains(MeasurementType.BP_DIASTOLIC.code())) {
      out.remove(MeasurementType.BP_SYSTOLIC.code());
      out.remove(MeasurementType.BP_DIASTOLIC.code());
      out.add(MeasurementType.BP_SYSTOLIC.code());
      out.add(MeasurementType.BP_DIASTOLIC.code());
    }
    return out;
  }
}

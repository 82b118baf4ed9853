package dk.telemonitoring.hub.fhir;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import dk.telemonitoring.hub.reading.MeasurementType;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TimeZone;
import java.util.UUID;
import org.hl7.fhir.r4.model.ClinicalImpression;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;

/**
 * The hub's data as FHIR R4 resources (HAPI structures). Plain code, no I/O: the routes fetch rows
 * and hand them here.
 *
 * <ul>
 *   <li>Readings: Observations. Vital signs (SpO2, pulse, respiratory rate, temperature, weight,
 *       blood pressure) follow the R4 vital-signs profile and declare it and their specific profile
 *       in {@code meta.profile}; systolic and diastolic measured together become one blood-pressure
 *       panel (85354-9) with two components. Other values (spirometry, questionnaire answers) are
 *       Observations of category exam or survey.
 *   <li>Alerts and nurse tasks: Task, with the Danish eHealth Infrastructure task category as its
 *       code (MeasurementForAssessment for an alert on a reading, MissingMeasurementResolving for a
 *       missed measurement).
 *   <li>Triage results: one ClinicalImpression per triaged message, one finding per rule.
 * </ul>
 *
 * Observation and ClinicalImpression ids are name-based UUIDs of the stored keys, so they are
 * stable across calls.
 */
public final class FhirResources {

  /** One stored reading row. */
  public record ReadingRow(
      UUID patientId,
      String deviceId,
      String msgId,
      String code,
      double value,
      Instant measuredAt,
      Instant receivedAt,
      Set<String> flags) {}

  public record PatientRow(
      UUID id,
      String clinicId,
      String clinicName,
      String displayName,
      String condition,
      String language) {}

  public record AlertRow(
      UUID id,
      UUID patientId,
      String kind,
      String ruleId,
      String level,
      String state,
      String explanation,
      Instant openedAt,
      Instant responseDeadline,
      Instant updatedAt,
      String acknowledgedBy,
      String outcome) {}

  public record NurseTaskRow(
      long id,
      UUID patientId,
      String kind,
      String status,
      String text,
      Instant openedAt,
      Instant updatedAt) {}

  public record TriageRow(
      UUID patientId,
      String deviceId,
      String msgId,
      Instant measuredAt,
      String level,
      String messageLevel,
      String ruleId,
      int ruleVersion,
      String explanationEn,
      boolean decisive,
      Instant createdAt) {}

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

  private FhirResources() {}

  public static Patient patient(PatientRow row) {
    Patient p = new Patient();
    p.setId(row.id().toString());
    p.addIdentifier().setSystem(Fhir.PATIENT_ID_SYSTEM).setValue(row.id().toString());
    p.setActive(true);
    p.addName().setText(row.displayName());
    p.setManagingOrganization(
        new Reference()
            .setIdentifier(
                new Identifier().setSystem("urn:telemonitoring:clinic").setValue(row.clinicId()))
            .setDisplay(row.clinicName()));
    p.addCommunication()
        .setPreferred(true)
        .setLanguage(
            new CodeableConcept()
                .addCoding(
                    new Coding(
                        "urn:ietf:bcp:47",
                        row.language(),
                        "da".equals(row.language()) ? "Danish" : "English")));
    return p;
  }

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
    o.setId(nameId("observation", r.deviceId(), r.msgId(), idCode, r.measuredAt().toString()));
    o.addIdentifier().setSystem(Fhir.MESSAGE_ID_SYSTEM).setValue(r.deviceId() + "/" + r.msgId());
    o.setStatus(Observation.ObservationStatus.FINAL);
    o.setSubject(patientRef(r.patientId()));
    o.setEffective(dateTime(r.measuredAt()));
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

  public static Task alertTask(AlertRow a) {
    Task t = new Task();
    t.setId(a.id().toString());
    t.addIdentifier().setSystem(Fhir.ALERT_ID_SYSTEM).setValue(a.id().toString());
    t.setStatus(
        switch (a.state()) {
          case "OPEN" -> Task.TaskStatus.READY;
          case "ACKNOWLEDGED", "ESCALATED" -> Task.TaskStatus.INPROGRESS;
          default -> Task.TaskStatus.COMPLETED;
        });
    t.setBusinessStatus(new CodeableConcept().setText(a.state()));
    t.setIntent(Task.TaskIntent.ORDER);
    t.setPriority(
        switch (a.level()) {
          case "CRITICAL" -> Task.TaskPriority.STAT;
          case "RED" -> Task.TaskPriority.ASAP;
          case "YELLOW" -> Task.TaskPriority.URGENT;
          default -> Task.TaskPriority.ROUTINE;
        });
    if ("CONTACT_REQUEST".equals(a.kind())) {
      t.setCode(
          new CodeableConcept()
              .addCoding(
                  new Coding(
                      Fhir.TASK_CODE_SYSTEM, "ContactRequest", "The patient asked to be called"))
              .setText("Contact request"));
    } else {
      t.setCode(
          new CodeableConcept()
              .addCoding(
                  new Coding(
                      Fhir.EHEALTH_TASK_CATEGORY,
                      "MeasurementForAssessment",
                      "Need assessment of measurement"))
              .setText("Measurement for assessment"));
    }
    t.addInput()
        .setType(
            new CodeableConcept()
                .addCoding(new Coding(Fhir.TRIAGE_LEVEL_SYSTEM, a.level(), a.level())))
        .setValue(
            new CodeableConcept().addCoding(new Coding(Fhir.TRIAGE_RULE_SYSTEM, a.ruleId(), null)));
    if (a.explanation() != null) {
      t.setDescription(a.explanation());
    }
    t.setFor(patientRef(a.patientId()));
    t.setAuthoredOn(Date.from(a.openedAt()));
    t.setLastModified(Date.from(a.updatedAt()));
    t.getRestriction().setPeriod(new Period().setEnd(Date.from(a.responseDeadline())));
    if (a.acknowledgedBy() != null) {
      t.setOwner(new Reference().setDisplay(a.acknowledgedBy()));
    }
    if (a.outcome() != null) {
      t.setStatusReason(new CodeableConcept().setText(a.outcome()));
    }
    return t;
  }

  public static Task nurseTask(NurseTaskRow n) {
    Task t = new Task();
    t.setId("nurse-task-" + n.id());
    t.setStatus("OPEN".equals(n.status()) ? Task.TaskStatus.READY : Task.TaskStatus.COMPLETED);
    t.setIntent(Task.TaskIntent.ORDER);
    t.setPriority(Task.TaskPriority.ROUTINE);
    if ("MISSED_MEASUREMENT".equals(n.kind())) {
      t.setCode(
          new CodeableConcept()
              .addCoding(
                  new Coding(
                      Fhir.EHEALTH_TASK_CATEGORY,
                      "MissingMeasurementResolving",
                      "Need resolving of why scheduled measurement has not been submitted"))
              .setText("Missing measurement"));
    } else {
      t.setCode(
          new CodeableConcept()
              .addCoding(new Coding(Fhir.TASK_CODE_SYSTEM, n.kind(), null))
              .setText(n.kind()));
    }
    t.setDescription(n.text());
    t.setFor(patientRef(n.patientId()));
    t.setAuthoredOn(Date.from(n.openedAt()));
    t.setLastModified(Date.from(n.updatedAt()));
    return t;
  }

  /** One triaged message's results (all rows share device and message id). */
  public static ClinicalImpression triage(List<TriageRow> rows) {
    TriageRow first = rows.get(0);
    ClinicalImpression ci = new ClinicalImpression();
    ci.setId(nameId("triage", first.deviceId(), first.msgId()));
    ci.addIdentifier()
        .setSystem(Fhir.MESSAGE_ID_SYSTEM)
        .setValue(first.deviceId() + "/" + first.msgId());
    ci.setStatus(ClinicalImpression.ClinicalImpressionStatus.COMPLETED);
    ci.setCode(
        new CodeableConcept()
            .addCoding(
                new Coding(Fhir.TRIAGE_LEVEL_SYSTEM, first.messageLevel(), first.messageLevel()))
            .setText("Telemonitoring triage: " + first.messageLevel()));
    ci.setSubject(patientRef(first.patientId()));
    ci.setEffective(dateTime(first.measuredAt()));
    ci.setDate(Date.from(first.createdAt()));
    ci.setDescription(
        "Automatic triage of the measurement " + first.deviceId() + "/" + first.msgId());
    rows.stream()
        .filter(TriageRow::decisive)
        .findFirst()
        .ifPresent(d -> ci.setSummary(d.explanationEn()));
    for (TriageRow r : rows) {
      ci.addFinding()
          .setItemCodeableConcept(
              new CodeableConcept()
                  .addCoding(
                      new Coding(Fhir.TRIAGE_RULE_SYSTEM, r.ruleId(), null)
                          .setVersion(String.valueOf(r.ruleVersion())))
                  .addCoding(new Coding(Fhir.TRIAGE_LEVEL_SYSTEM, r.level(), r.level()))
                  .setText(r.ruleId() + ": " + r.level()))
          .setBasis(r.explanationEn());
    }
    return ci;
  }

  public static Reference patientRef(UUID patientId) {
    return new Reference("Patient/" + patientId);
  }

  private static DateTimeType dateTime(Instant at) {
    return new DateTimeType(
        Date.from(at), TemporalPrecisionEnum.MILLI, TimeZone.getTimeZone("UTC"));
  }

  static String nameId(String... parts) {
    return UUID.nameUUIDFromBytes(String.join("\n", parts).getBytes(StandardCharsets.UTF_8))
        .toString();
  }
}

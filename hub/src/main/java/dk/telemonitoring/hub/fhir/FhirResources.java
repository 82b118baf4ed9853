package dk.telemonitoring.hub.fhir;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.TimeZone;
import java.util.UUID;
import org.hl7.fhir.r4.model.ClinicalImpression;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;

/**
 * The hub's data as FHIR R4 resources (HAPI structures). Plain code, no I/O: the routes fetch rows
 * and hand them here.
 *
 * <ul>
 *   <li>Readings: Observations ({@link FhirObservations}).
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

  static DateTimeType dateTime(Instant at) {
    return new DateTimeType(
        Date.from(at), TemporalPrecisionEnum.MILLI, TimeZone.getTimeZone("UTC"));
  }

  static String nameId(String... parts) {
    return UUID.nameUUIDFromBytes(String.join("\n", parts).getBytes(StandardCharsets.UTF_8))
        .toString();
  }
}

package dk.telemonitoring.hub.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;

/**
 * The hub's one FHIR R4 context (HAPI FHIR structures) and the code systems and identifiers it
 * uses. Building a context scans the model classes and takes a second or two, so it is made once,
 * on first use; parsers are cheap and not thread-safe, so each call gets its own.
 */
public final class Fhir {

  public static final String LOINC = "http://loinc.org";
  public static final String UCUM = "http://unitsofmeasure.org";
  public static final String MDC = "urn:iso:std:iso:11073:10101";
  public static final String OBSERVATION_CATEGORY =
      "http://terminology.hl7.org/CodeSystem/observation-category";
  public static final String VITAL_SIGNS_PROFILE =
      "http://hl7.org/fhir/StructureDefinition/vitalsigns";
  public static final String BP_PANEL_LOINC = "85354-9";

  /**
   * Danish eHealth Infrastructure task categories (MeasurementForAssessment,
   * MissingMeasurementResolving, ...).
   */
  public static final String EHEALTH_TASK_CATEGORY = "http://ehealth.sundhed.dk/cs/task-category";

  // The hub's own identifier and code systems. Placeholder URNs until the operator has an official
  // namespace.
  public static final String PATIENT_ID_SYSTEM = "urn:telemonitoring:patient";
  public static final String DEVICE_ID_SYSTEM = "urn:telemonitoring:device";
  public static final String MESSAGE_ID_SYSTEM = "urn:telemonitoring:device-message";
  public static final String ALERT_ID_SYSTEM = "urn:telemonitoring:alert";
  public static final String MEASUREMENT_CODE_SYSTEM = "urn:telemonitoring:measurement";
  public static final String TASK_CODE_SYSTEM = "urn:telemonitoring:task";
  public static final String TRIAGE_RULE_SYSTEM = "urn:telemonitoring:triage-rule";
  public static final String TRIAGE_LEVEL_SYSTEM = "urn:telemonitoring:triage-level";

  private Fhir() {}

  private static final class Holder {
    static final FhirContext CONTEXT = FhirContext.forR4();
  }

  public static FhirContext context() {
    return Holder.CONTEXT;
  }

  public static IParser json() {
    return context().newJsonParser();
  }
}

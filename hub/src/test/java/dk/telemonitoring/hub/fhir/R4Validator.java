package dk.telemonitoring.hub.fhir;

import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;
import java.util.List;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.UnknownCodeSystemWarningValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * HAPI's instance validator against the R4 core structure definitions and profiles
 * (hapi-fhir-validation-resources-r4), including the vital-signs profiles a resource declares in
 * meta.profile. No terminology server: LOINC and the hub's own code systems cannot be looked up
 * here, which the validator reports as warnings; UCUM units are checked.
 */
final class R4Validator {

  private static FhirValidator validator;

  private R4Validator() {}

  static synchronized FhirValidator get() {
    if (validator == null) {
      var ctx = Fhir.context();
      UnknownCodeSystemWarningValidationSupport unknown =
          new UnknownCodeSystemWarningValidationSupport(ctx);
      unknown.setNonExistentCodeSystemSeverity(
          ca.uhn.fhir.context.support.IValidationSupport.IssueSeverity.WARNING);
      ValidationSupportChain chain =
          new ValidationSupportChain(
              new DefaultProfileValidationSupport(ctx),
              new CommonCodeSystemsTerminologyService(ctx),
              new InMemoryTerminologyServerValidationSupport(ctx),
              new SnapshotGeneratingValidationSupport(ctx),
              unknown);
      FhirValidator v = ctx.newValidator();
      v.registerValidatorModule(new FhirInstanceValidator(chain));
      validator = v;
    }
    return validator;
  }

  /** Error and fatal messages (empty when the resource is valid). */
  static List<String> errors(IBaseResource resource) {
    ValidationResult result = get().validateWithResult(resource);
    return result.getMessages().stream()
        .filter(
            m ->
                m.getSeverity() == ResultSeverityEnum.ERROR
                    || m.getSeverity() == ResultSeverityEnum.FATAL)
        .map(R4Validator::text)
        .toList();
  }

  private static String text(SingleValidationMessage m) {
    return m.getSeverity() + " " + m.getLocationString() + ": " + m.getMessage();
  }
}

package dk.telemonitoring.hub.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.Test;

/**
 * The mapping alone, and proof that the validator used by the API tests does reject a broken vital
 * sign.
 */
class FhirResourcesTest {

  private static final Instant AT = Instant.parse("2026-11-20T07:30:00Z");
  private static final UUID PATIENT = UUID.fromString("00000000-0000-0000-0000-000000000042");

  @Test
  void everyVitalSignIsValidAgainstItsProfile() {
    List<FhirResources.ReadingRow> rows =
        List.of(
            row("spo2", 94),
            row("pulse", 80),
            row("resp_rate", 18),
            row("temperature", 37.2),
            row("weight", 71.5),
            row("bp_systolic", 130),
            row("bp_diastolic", 80),
            row("fev1", 1.9),
            row("cat", 12));
    List<Observation> observations = FhirObservations.observations(rows);
    assertThat(observations).hasSize(8);
    for (Observation o : observations) {
      assertThat(R4Validator.errors(o)).as(o.getCode().getText()).isEmpty();
    }
  }

  @Test
  void theValidatorRejectsAVitalSignWithoutItsCategoryOrUcumUnit() {
    Observation o = FhirObservations.observations(List.of(row("spo2", 94))).get(0);
    o.getCategory().clear();
    o.getValueQuantity().setSystem(null);
    assertThat(R4Validator.errors(o)).isNotEmpty();
  }

  @Test
  void codeSearchSelectsStoredCodesAndEitherHalfSelectsTheWholePanel() {
    assertThat(FhirObservations.storedCodesFor("http://loinc.org", "2708-6"))
        .containsExactly("spo2");
    assertThat(FhirObservations.storedCodesFor(null, "150456")).containsExactly("spo2");
    assertThat(FhirObservations.storedCodesFor(null, "85354-9"))
        .containsExactly("bp_systolic", "bp_diastolic");
    assertThat(FhirObservations.storedCodesFor("http://loinc.org", "8480-6"))
        .containsExactly("bp_systolic", "bp_diastolic");
    assertThat(FhirObservations.storedCodesFor("http://snomed.info/sct", "2708-6")).isEmpty();
  }

  private static FhirResources.ReadingRow row(String code, double value) {
    return new FhirResources.ReadingRow(
        PATIENT, "dev-1", "m-1", code, value, AT, AT.plusSeconds(2), Set.of());
  }
}

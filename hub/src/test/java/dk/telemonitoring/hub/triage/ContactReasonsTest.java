package dk.telemonitoring.hub.triage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ContactReasonsTest {

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(
      delimiter = '|',
      nullValues = "null",
      value = {
        "worried       | null     | worried                                | bekymret",
        "patient-page  | null     | on the patient's page                  | fra patientens side",
        "relative-page | datter   | a relative (datter) on the patient's page | en pårørende (datter) fra patientens side",
        "relative-page | null     | a relative on the patient's page       | en pårørende fra patientens side",
        "battery low   | null     | battery low                            | battery low",
        "''            | null     | ''                                     | ''",
        "null          | null     | ''                                     | ''"
      })
  void aReasonInTheReadersWords(String reason, String relation, String en, String da) {
    Explanation words = ContactReasons.words(reason, relation);
    assertThat(words.en()).isEqualTo(en);
    assertThat(words.da()).isEqualTo(da);
  }
}

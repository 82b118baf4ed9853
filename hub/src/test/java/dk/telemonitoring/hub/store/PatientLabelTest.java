package dk.telemonitoring.hub.store;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.alerts.domain.PatientLabel;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/**
 * How a page names a patient: the name only where the clinic opted in; else the clinic's alias or
 * the initials.
 */
class PatientLabelTest {

  private static final ZoneId CPH = ZoneId.of("Europe/Copenhagen");

  @Test
  void pagesByInitialsUnlessTheClinicOptedInToNames() {
    assertThat(PatientLabelStore.label("Jens Ole Hansen", null, false, "COPD", CPH))
        .isEqualTo(new PatientLabel("J.O.H.", false, "KOL", "COPD", CPH));
    assertThat(PatientLabelStore.label("Jens Ole Hansen", null, true, "HEART_FAILURE", CPH))
        .isEqualTo(new PatientLabel("Jens Ole Hansen", true, "hjertesvigt", "heart failure", CPH));
  }

  @Test
  void aClinicsAliasReplacesTheInitials() {
    assertThat(PatientLabelStore.label("Jens Hansen", " Stue 4 ", false, "FIBROSIS", CPH).shown())
        .isEqualTo("Stue 4");
  }

  @Test
  void initialsTakeLettersOnly() {
    assertThat(PatientLabelStore.initials("Åse Kjær-Østergaard")).isEqualTo("Å.K.Ø.");
    assertThat(PatientLabelStore.initials("  ")).isEqualTo("patient");
    assertThat(PatientLabelStore.initials("(test) 42")).isEqualTo("patient");
  }
}

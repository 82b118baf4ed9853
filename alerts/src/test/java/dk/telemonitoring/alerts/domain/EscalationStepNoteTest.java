package dk.telemonitoring.alerts.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class EscalationStepNoteTest {

  @Test
  void readsBackThePagesTheEngineWrote() {
    String note =
        "step 2 repeat 1: notified "
            + EscalationStepNote.page("doctor-7", "ONCALL_DOCTOR", Channel.EMAIL)
            + ", "
            + EscalationStepNote.page("doctor-9", "BACKUP_DOCTOR", Channel.PUSH)
            + "; nobody on call as [NURSE_ON_DUTY]";
    assertThat(EscalationStepNote.pages(note))
        .containsExactly(
            new EscalationStepNote.Page("doctor-7", "ONCALL_DOCTOR", Channel.EMAIL),
            new EscalationStepNote.Page("doctor-9", "BACKUP_DOCTOR", Channel.PUSH));
  }

  @Test
  void aStepThatReachedNobodyOrAPersonsNoteNamesNoPage() {
    assertThat(EscalationStepNote.pages("step 1: nobody could be notified")).isEmpty();
    // A person's words that happen to read like a page are not the engine's.
    assertThat(EscalationStepNote.pages("please call her as soon as possible by EMAIL")).isEmpty();
    assertThat(EscalationStepNote.pages(null)).isEmpty();
  }

  @Test
  void aChannelThisVersionDoesNotKnowIsLeftOut() {
    assertThat(
            EscalationStepNote.pages(
                "step 1: notified doctor-7 as ONCALL_DOCTOR by PIGEON, doctor-8 as"
                    + " ONCALL_DOCTOR by IN_APP"))
        .isEqualTo(
            List.of(new EscalationStepNote.Page("doctor-8", "ONCALL_DOCTOR", Channel.IN_APP)));
  }
}

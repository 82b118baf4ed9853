package dk.telemonitoring.alerts.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class LinkAndAdviceValuesTest {

  @Test
  void aLinkWorksUntilTheInstantItExpiresAndNotAtIt() {
    Instant expires = Instant.parse("2026-12-04T02:00:00Z");
    LinkTarget link =
        new LinkTarget(
            UUID.randomUUID(), UUID.randomUUID(), "dr-1", "ONCALL_DOCTOR", "Dr One", null, expires);
    assertThat(link.expired(expires.minusMillis(1))).isFalse();
    assertThat(link.expired(expires)).isTrue();
    assertThat(link.expired(expires.plusSeconds(1))).isTrue();
  }

  @Test
  void onlyTheRescuePackNeedsTheDoctorsWords() {
    assertThat(Arrays.stream(AdviceInstruction.values()).filter(AdviceInstruction::needsText))
        .containsExactly(AdviceInstruction.START_RESCUE_PACK);
  }

  @Test
  void everyInstructionButNoActionAsksTheNurseToAct() {
    assertThat(Arrays.stream(AdviceInstruction.values()).filter(i -> !i.asksTheNurse()))
        .containsExactly(AdviceInstruction.NO_ACTION);
  }
}

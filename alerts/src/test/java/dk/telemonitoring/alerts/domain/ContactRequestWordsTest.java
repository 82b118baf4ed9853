package dk.telemonitoring.alerts.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContactRequestWordsTest {

  private static final String CALL = "The patient asks to be called";
  private static final String CALL_DA = "Patienten beder om at blive ringet op";

  @Test
  void oneRequestIsItsWords() {
    ContactRequestWords w = ContactRequestWords.of("unsure (worried)", "unsure (bekymret)");
    assertThat(w.explanation(CALL)).isEqualTo(CALL + ": unsure (worried)");
    assertThat(w.explanationDa(CALL_DA)).isEqualTo(CALL_DA + ": unsure (bekymret)");
    assertThat(w.inputs())
        .containsExactly(
            Map.entry("text", "unsure (worried)"), Map.entry("textDa", "unsure (bekymret)"));
  }

  @Test
  void aRequestWithoutWordsIsTheSentenceAlone() {
    ContactRequestWords w = ContactRequestWords.of("  ", null);
    assertThat(w.explanation(CALL)).isEqualTo(CALL + ".");
    assertThat(w.inputs()).isEmpty();
  }

  @Test
  void theNewestWordsComeFirstAndTheEarlierOnesFollowNewestFirst() {
    ContactRequestWords first =
        ContactRequestWords.of("breathless (worried)", "breathless (bekymret)");
    ContactRequestWords second = ContactRequestWords.of("device?", "apparatet?").after(first);
    ContactRequestWords third =
        ContactRequestWords.of("worse", "værre").after(ContactRequestWords.from(second.inputs()));

    assertThat(third.explanation(CALL))
        .isEqualTo(CALL + ": worse. Earlier in this alert: device?; breathless (worried)");
    assertThat(third.explanationDa(CALL_DA))
        .isEqualTo(CALL_DA + ": værre. Tidligere i samme alarm: apparatet?; breathless (bekymret)");
    assertThat(third.said(CALL)).isEqualTo(CALL + ": worse");
    assertThat(third.saidDa(CALL_DA)).isEqualTo(CALL_DA + ": værre");
  }

  @Test
  void aWordlessRequestAddsNothingToTheEarlierOnes() {
    ContactRequestWords before = ContactRequestWords.of("", "");
    ContactRequestWords next = ContactRequestWords.of("call", "ring").after(before);
    assertThat(next.earlier()).isEmpty();
    assertThat(next.explanation(CALL)).isEqualTo(CALL + ": call");
  }

  @Test
  void atMostFiveEarlierRequestsAreKept() {
    ContactRequestWords w = ContactRequestWords.of("1", "1");
    for (int i = 2; i <= 7; i++) {
      w = ContactRequestWords.of(String.valueOf(i), String.valueOf(i)).after(w);
    }
    assertThat(w.earlier())
        .hasSize(ContactRequestWords.KEPT)
        .containsExactly("6", "5", "4", "3", "2");
    assertThat(w.earlierDa()).containsExactly("6", "5", "4", "3", "2");
  }

  @Test
  void anOlderFindingWithEnglishWordsOnlyGivesThemInBothLanguages() {
    ContactRequestWords old = ContactRequestWords.from(Map.of("text", "short of breath"));
    ContactRequestWords next = ContactRequestWords.of("again", "igen").after(old);
    assertThat(next.explanationDa(CALL_DA))
        .isEqualTo(CALL_DA + ": igen. Tidligere i samme alarm: short of breath");
  }

  @Test
  void wordsReadBackFromAnyListTheJsonLibraryGives() {
    Iterable<Object> array = List.of("a", "", "b");
    ContactRequestWords w =
        ContactRequestWords.from(Map.of("text", "c", "earlier", array, "earlierDa", array));
    assertThat(w.earlier()).containsExactly("a", "b");
  }
}

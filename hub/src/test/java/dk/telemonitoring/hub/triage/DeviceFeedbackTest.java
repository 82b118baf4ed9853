package dk.telemonitoring.hub.triage;

import static dk.telemonitoring.hub.triage.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.alerts.domain.Level;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The reply on the device's command topic (docs/device-contract.md; docs/clinical-reference.md
 * "Levels and who acts"): which outcome gets a receipt, a request to repeat, or "the clinic will
 * call", in which language, and whether it says more than the receipt (only then is it sent, by
 * default).
 */
class DeviceFeedbackTest {

  @ParameterizedTest(
      name =
          "{0}, passive {1}, repeat {2}, implausible {3}, confirmation {4} -> {5}, sent {6}: {7}")
  @CsvSource({
    // level,  passive, repeat, implausible, confirmation, kind,      sent,  English text
    "CRITICAL, true,  false, false, false, RECEIPT,   false, 'Thank you, your measurement was received.'",
    "CRITICAL, false, false, false, false, WILL_CALL, true,  'The clinic will call you now. If you feel very unwell, call 112.'",
    "CRITICAL, false, false, true,  false, WILL_CALL, true,  'The clinic will call you now. If you feel very unwell, call 112.'",
    "RED,      false, true,  false, false, REPEAT,    true,  'Please rest for 5-10 minutes and then measure again.'",
    "RED,      false, false, true,  false, REPEAT,    true,  'Please rest for 5-10 minutes and then measure again.'",
    "RED,      false, false, true,  true,  WILL_CALL, true,  'Thank you. The clinic will call you within an hour.'",
    "RED,      false, false, false, false, WILL_CALL, true,  'Thank you. The clinic will call you within an hour.'",
    "YELLOW,   false, false, false, false, RECEIPT,   true,  'Thank you, your measurement was received. A nurse will look at it today.'",
    "YELLOW,   false, true,  false, false, REPEAT,    true,  'Please rest for 5-10 minutes and then measure again.'",
    "GREEN,    false, false, false, false, RECEIPT,   false, 'Thank you, your measurement was received.'",
    "GREEN,    false, false, true,  false, REPEAT,    true,  'Please rest for 5-10 minutes and then measure again.'",
  })
  void theReplyFollowsTheLevelUnlessTheValueMustBeRepeated(
      Level level,
      boolean passive,
      boolean repeat,
      boolean implausible,
      boolean confirmation,
      DeviceFeedback.Kind kind,
      boolean sentAfterTheReceipt,
      String en) {
    TriageOutcome out =
        new TriageOutcome(T0, level, List.of(), passive, repeat, confirmation, implausible);
    DeviceFeedback.Reply reply = DeviceFeedback.decide(out, "m-1", "en");
    assertThat(reply.kind()).isEqualTo(kind);
    assertThat(reply.text()).isEqualTo(en);
    assertThat(reply.message().en()).isEqualTo(en);
    assertThat(reply.level()).isEqualTo(level);
    assertThat(reply.msgId()).isEqualTo("m-1");
    assertThat(reply.repeatsTheReceipt()).isEqualTo(!sentAfterTheReceipt);
  }

  @ParameterizedTest(name = "language {0} -> {1}")
  @CsvSource(
      nullValues = "none",
      value = {
        "en, en, 'Thank you. The clinic will call you within an hour.'",
        "EN, en, 'Thank you. The clinic will call you within an hour.'",
        "da, da, 'Tak. Klinikken ringer til dig inden for en time.'",
        "none, da, 'Tak. Klinikken ringer til dig inden for en time.'",
        "de, da, 'Tak. Klinikken ringer til dig inden for en time.'"
      })
  void theReplyIsInThePatientsLanguageDanishUnlessEnglish(
      String language, String lang, String text) {
    DeviceFeedback.Reply reply =
        DeviceFeedback.decide(
            new TriageOutcome(T0, Level.RED, List.of(), false, false, false, false),
            "m-2",
            language);
    assertThat(reply.language()).isEqualTo(lang);
    assertThat(reply.text()).isEqualTo(text);
  }

  @ParameterizedTest(name = "{0} is sent as {1}")
  @CsvSource({"RECEIPT, receipt", "REPEAT, repeat", "WILL_CALL, will-call"})
  void kindsUseTheContractsWireNames(DeviceFeedback.Kind kind, String wire) {
    assertThat(kind.wire()).isEqualTo(wire);
  }
}

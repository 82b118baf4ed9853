package dk.telemonitoring.hub.triage;

import dk.telemonitoring.alerts.domain.Level;

/**
 * The reply to the device's command topic for a triaged reading (docs/device-contract.md, "Hub
 * replies on the command topic"): {@code receipt}, {@code repeat} (measure again after 5-10 minutes
 * of rest) or {@code will-call} (the clinic will call), in the patient's language. A plain value;
 * the hub publishes it.
 *
 * <p>Passive intervals (patient admitted) get a plain receipt. An implausible value or a
 * repeat-before-alert asks for a repeat (docs/clinical-reference.md#repeat-before-alert: "A
 * non-critical abnormal reading may ask for a repeat after 5-10 min of rest"). RED and CRITICAL
 * tell the patient the clinic will call (RED: within 1 h; CRITICAL: at once, with the emergency
 * number). YELLOW is a receipt saying a nurse will look at it today. A reply that says no more than
 * the receipt the device had after commit (GREEN, passive) is not sent by default: at thousands of
 * messages a second it was a third of the broker's work.
 */
public final class DeviceFeedback {

  public enum Kind {
    RECEIPT("receipt"),
    REPEAT("repeat"),
    WILL_CALL("will-call");

    private final String wire;

    Kind(String wire) {
      this.wire = wire;
    }

    public String wire() {
      return wire;
    }
  }

  /**
   * @param text the message in the patient's language; {@code message} holds both for the
   *     contract's JSON
   */
  public record Reply(
      Kind kind, String msgId, Level level, String language, String text, Explanation message) {

    /**
     * Says no more than the receipt after commit did (docs/device-contract.md): not sent by
     * default, which spares the broker a publish for most messages.
     */
    public boolean repeatsTheReceipt() {
      return kind == Kind.RECEIPT && RECEIVED.equals(message);
    }
  }

  private static final Explanation RECEIVED =
      new Explanation("Thank you, your measurement was received.", "Tak, din måling er modtaget.");

  private DeviceFeedback() {}

  /** What the patient was told, in both languages. */
  public record Said(Kind kind, Explanation message) {}

  public static Reply decide(TriageOutcome outcome, String msgId, String language) {
    String lang = "en".equalsIgnoreCase(language) ? "en" : "da";
    Said said =
        said(
            outcome.level(),
            outcome.passive(),
            outcome.repeatRequested() || outcome.implausible() && !outcome.confirmation());
    return new Reply(
        said.kind(), msgId, outcome.level(), lang, said.message().in(lang), said.message());
  }

  /**
   * The reply for a triaged message: also how the patient's own view words the replies it shows
   * again from stored triage results ({@code repeat}: a repeat was asked for).
   */
  public static Said said(Level level, boolean passive, boolean repeat) {
    Kind kind;
    Explanation m;
    if (passive) {
      kind = Kind.RECEIPT;
      m = RECEIVED;
    } else if (level == Level.CRITICAL) {
      kind = Kind.WILL_CALL;
      m =
          new Explanation(
              "The clinic will call you now. If you feel very unwell, call 112.",
              "Klinikken ringer til dig nu. Hvis du har det meget dårligt, så ring 112.");
    } else if (repeat) {
      kind = Kind.REPEAT;
      m =
          new Explanation(
              "Please rest for 5-10 minutes and then measure again.",
              "Hvil dig 5-10 minutter, og mål så igen.");
    } else if (level == Level.RED) {
      kind = Kind.WILL_CALL;
      m =
          new Explanation(
              "Thank you. The clinic will call you within an hour.",
              "Tak. Klinikken ringer til dig inden for en time.");
    } else if (level == Level.YELLOW) {
      kind = Kind.RECEIPT;
      m =
          new Explanation(
              "Thank you, your measurement was received. A nurse will look at it today.",
              "Tak, din måling er modtaget. En sygeplejerske ser på den i dag.");
    } else {
      kind = Kind.RECEIPT;
      m = RECEIVED;
    }
    return new Said(kind, m);
  }
}

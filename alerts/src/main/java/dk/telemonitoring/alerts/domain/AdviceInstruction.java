package dk.telemonitoring.alerts.domain;

/**
 * What a doctor tells the nurse to do about an alert, most urgent contact first. The choices follow
 * the virtual clinic's care ladder (ViosKlinikken): talk to the patient (now or today), start the
 * patient's rescue pack at home, send an acute home visit, refer to acute admission, ask for a new
 * measurement, or nothing. The free text beside it says the rest (which drugs, what to ask).
 */
public enum AdviceInstruction {
  CALL_PATIENT_NOW(false),
  CALL_PATIENT_TODAY(false),
  /** The patient's prescribed rescue pack (prednisolone, antibiotics): the text names it. */
  START_RESCUE_PACK(true),
  ACUTE_HOME_VISIT(false),
  REFER_ACUTE_ADMISSION(false),
  REPEAT_MEASUREMENT(false),
  NO_ACTION(false);

  private final boolean needsText;

  AdviceInstruction(boolean needsText) {
    this.needsText = needsText;
  }

  /** Whether the nurse has something to do: every instruction but "no action". */
  public boolean asksTheNurse() {
    return this != NO_ACTION;
  }

  /** The nurse cannot act on it without the doctor's words (which pack, which dose). */
  public boolean needsText() {
    return needsText;
  }
}

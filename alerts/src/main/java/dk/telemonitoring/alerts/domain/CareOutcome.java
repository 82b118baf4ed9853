package dk.telemonitoring.alerts.domain;

/**
 * Where on ViosKlinikken's care ladder the clinic acted, decided together with the patient,
 * recorded when a person resolves an alert. Ordered from the least to the most intensive rung.
 */
public enum CareOutcome {
  /** No action needed (false alarm, or nothing to do). */
  NO_ACTION_NEEDED(false),
  ADVICE_BY_PHONE(false),
  TREATMENT_STARTED_VIRTUALLY(false),
  /** Acute nurse visit or treatment at home. */
  ACUTE_HOME_VISIT(true),
  MUNICIPAL_ACUTE_BED(true),
  HOSPITAL_ADMISSION(true);

  private final boolean acuteContact;

  CareOutcome(boolean acuteContact) {
    this.acuteContact = acuteContact;
  }

  /** Counted as an acute contact in the clinic figures. */
  public boolean isAcuteContact() {
    return acuteContact;
  }

  /** An admission that is later closed with a discharge date (bed days). */
  public boolean isAdmission() {
    return this == HOSPITAL_ADMISSION || this == MUNICIPAL_ACUTE_BED;
  }
}

package dk.telemonitoring.alerts.domain;

/** Where an alert came from: triage of a reading, or the patient's own "I am worried, call me". */
public enum AlertKind {
  READING,
  CONTACT_REQUEST
}

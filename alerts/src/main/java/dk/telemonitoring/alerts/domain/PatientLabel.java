package dk.telemonitoring.alerts.domain;

import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * How a page names its patient: the name where the clinic opted in to names in pages, otherwise its
 * pseudonym. The label is all a page carries of who the patient is; the link leads to the rest
 * behind a login.
 *
 * @param shown the name or the pseudonym, as the page shows it
 * @param isName true when {@code shown} is the patient's name (recorded with the disclosure)
 * @param conditionDa the patient's condition in Danish, or null
 * @param conditionEn the patient's condition in English, or null
 * @param zone the patient's clinic's time zone, in which the page shows its times
 */
public record PatientLabel(
    String shown, boolean isName, String conditionDa, String conditionEn, ZoneId zone) {

  public PatientLabel {
    zone = zone == null ? ZoneOffset.UTC : zone;
  }

  /** When the label cannot be read: the page still goes out, naming nobody, its times in UTC. */
  public static PatientLabel unknown() {
    return new PatientLabel("patient", false, null, null, ZoneOffset.UTC);
  }
}

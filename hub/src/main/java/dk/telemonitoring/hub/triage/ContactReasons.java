package dk.telemonitoring.hub.triage;

/**
 * Why a "call me" request came, in the reader's words. Devices send {@code worried} (the device
 * contract's "I am worried, call me"); the patient's own page sends {@code patient-page}, or {@code
 * relative-page} with the relative's relation. Any other reason is a device's own text and is shown
 * as sent. Plain Java, no I/O.
 */
public final class ContactReasons {

  public static final String WORRIED = "worried";
  public static final String PATIENT_PAGE = "patient-page";
  public static final String RELATIVE_PAGE = "relative-page";

  private ContactReasons() {}

  /** The reason in English and Danish; empty words for no reason. */
  public static Explanation words(String reason, String relation) {
    String rel = relation == null || relation.isBlank() ? "" : " (" + relation.strip() + ")";
    return switch (reason == null ? "" : reason.strip()) {
      case WORRIED -> new Explanation("worried", "bekymret");
      case PATIENT_PAGE -> new Explanation("on the patient's page", "fra patientens side");
      case RELATIVE_PAGE ->
          new Explanation(
              "a relative" + rel + " on the patient's page",
              "en pårørende" + rel + " fra patientens side");
      case "" -> new Explanation("", "");
      default -> new Explanation(reason.strip(), reason.strip());
    };
  }
}

package dk.telemonitoring.hub.reading;

/**
 * Why a message was quarantined instead of stored: the code is a metrics label, the text is for
 * people.
 */
public enum RejectReason {
  PAYLOAD_TOO_LARGE("payload larger than the configured limit"),
  NOT_UTF8(
      "payload is not UTF-8 text as the contract asks (a byte order mark, UTF-16 or UTF-32, a NUL byte or a"
          + " malformed sequence)"),
  MALFORMED_JSON("payload is not valid JSON"),
  DUPLICATE_KEY("a name appears twice in one JSON object, so the message could be read two ways"),
  NOT_AN_OBJECT("payload is not a JSON object"),
  NUL_CHARACTER(
      "a text in the payload contains a NUL character (\\u0000), which the database cannot store"),
  BAD_TOPIC("topic does not follow {root}/{clinic}/devices/{deviceId}/readings"),
  UNSUPPORTED_VERSION("unsupported payload version"),
  MISSING_FIELD("a required field is missing"),
  WRONG_TYPE("a field has the wrong type"),
  UNKNOWN_KIND("unknown message kind"),
  UNKNOWN_CODE("unknown measurement code"),
  UNIT_MISMATCH("unit not accepted for this measurement"),
  IMPOSSIBLE_VALUE("value outside what is physically possible"),
  INCONSISTENT_VALUES("values contradict each other"),
  TIME_IN_FUTURE("measurement time lies in the future"),
  TIME_TOO_OLD("measurement time is older than accepted"),
  UNKNOWN_DEVICE("device is not registered"),
  CLINIC_MISMATCH("device is registered to another clinic"),
  DEVICE_RETIRED("device is retired"),
  DEVICE_NOT_BOUND("device was not bound to a patient at the measurement time"),
  STORAGE_REJECTED("the database refused this message on its own"),
  INTERNAL_ERROR(
      "the hub failed on this message (a bug): kept here so it can be replayed once fixed");

  private final String summary;

  RejectReason(String summary) {
    this.summary = summary;
  }

  public String summary() {
    return summary;
  }

  public String label() {
    return name().toLowerCase();
  }
}

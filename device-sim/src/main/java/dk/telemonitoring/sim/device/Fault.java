package dk.telemonitoring.sim.device;

/**
 * Deliberately bad payloads the hub must reject (quarantine) without crashing or storing garbage.
 */
public enum Fault {
  INVALID_JSON("truncated JSON"),
  NAN_NUMBER("NaN where a number belongs"),
  STRING_NUMBER("number sent as a string"),
  IMPOSSIBLE_VALUE("value outside the physically possible range"),
  UNKNOWN_CODE("unknown code, unit, kind or answer"),
  MISSING_FIELD("required field missing");

  private final String description;

  Fault(String description) {
    this.description = description;
  }

  public String description() {
    return description;
  }
}

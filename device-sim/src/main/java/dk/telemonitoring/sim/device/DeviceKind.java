package dk.telemonitoring.sim.device;

/**
 * Kinds of home device and the serial prefix each uses in its device id (e.g. {@code ox-7f3a21}).
 */
public enum DeviceKind {
  OXIMETER("ox"),
  /**
   * A worn oximeter that streams SpO2 and pulse every second for hours; same serial family as a
   * spot oximeter.
   */
  WEARABLE_OXIMETER("ox"),
  SPIROMETER("sp"),
  SCALE("sc"),
  BP_CUFF("bp"),
  THERMOMETER("th"),
  /** The patient's tablet: questionnaires and "call me" contacts. */
  TABLET("tab");

  private final String prefix;

  DeviceKind(String prefix) {
    this.prefix = prefix;
  }

  public String prefix() {
    return prefix;
  }
}

package dk.telemonitoring.hub.reading;

/**
 * A reason a person can read, e.g. "value outside what is physically possible: spo2 140 is outside
 * 0-100".
 */
public record Rejection(RejectReason reason, String detail) {

  /**
   * The detail may quote what a device sent (an unknown code, a unit). Control characters in it are
   * shown as backslash-u escapes: PostgreSQL refuses U+0000 in text, so a quoted NUL used to fail
   * the quarantine insert and the whole batch with it, and the message ended up as STORAGE_REJECTED
   * instead of with its real reason.
   */
  public Rejection {
    detail = printable(detail);
  }

  static String printable(String s) {
    if (s == null || s.chars().noneMatch(Rejection::isControl)) {
      return s;
    }
    StringBuilder out = new StringBuilder(s.length() + 8);
    s.chars()
        .forEach(
            c -> {
              if (isControl(c)) {
                out.append(String.format("\\u%04x", c));
              } else {
                out.append((char) c);
              }
            });
    return out.toString();
  }

  private static boolean isControl(int c) {
    return c < 0x20 || c == 0x7f;
  }

  public String text() {
    return detail == null || detail.isEmpty() ? reason.summary() : reason.summary() + ": " + detail;
  }

  /**
   * Thrown while decoding a payload; caught at the pipeline's edge and turned into a quarantine
   * row.
   */
  public static final class RejectedException extends RuntimeException {
    private final Rejection rejection;
    private final String msgId;

    public RejectedException(RejectReason reason, String detail) {
      this(new Rejection(reason, detail), null);
    }

    private RejectedException(Rejection rejection, String msgId) {
      super(rejection.reason().summary() + ": " + rejection.detail(), null, false, false);
      this.rejection = rejection;
      this.msgId = msgId;
    }

    public Rejection rejection() {
      return rejection;
    }

    /**
     * The same rejection of a message whose msgId the decoder had read and accepted, so the
     * device's receipt can name it.
     */
    public RejectedException of(String msgId) {
      return new RejectedException(rejection, msgId);
    }

    /** The rejected message's msgId, or null when it is not known without doubt. */
    public String msgId() {
      return msgId;
    }
  }

  public static RejectedException reject(RejectReason reason, String detail) {
    return new RejectedException(reason, detail);
  }
}

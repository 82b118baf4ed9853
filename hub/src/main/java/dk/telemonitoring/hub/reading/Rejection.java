package dk.telemonitoring.hub.reading;

/** A reason a person can read, e.g. "value outside what is physically possible: spo2 140 is outside 0-100". */
public record Rejection(RejectReason reason, String detail) {

  public String text() {
    return detail == null || detail.isEmpty() ? reason.summary() : reason.summary() + ": " + detail;
  }

  /** Thrown while decoding a payload; caught at the pipeline's edge and turned into a quarantine row. */
  public static final class RejectedException extends RuntimeException {
    private final Rejection rejection;

    public RejectedException(RejectReason reason, String detail) {
      super(reason.summary() + ": " + detail, null, false, false);
      this.rejection = new Rejection(reason, detail);
    }

    public Rejection rejection() {
      return rejection;
    }
  }

  public static RejectedException reject(RejectReason reason, String detail) {
    return new RejectedException(reason, detail);
  }
}

package dk.telemonitoring.hub.store;

import io.vertx.pgclient.PgException;

/** The one place that decides what a database failure means for the pipeline. */
public final class SqlErrors {

  private SqlErrors() {}

  /**
   * A failure the data itself caused (SQLSTATE class 22 data exception, 23 integrity violation):
   * retrying the same rows cannot help, so the offending message must be isolated and quarantined.
   * Everything else (connection lost, server shutting down, deadlock, a missing table during a
   * deploy) is worth retrying until it goes away.
   */
  public static boolean causedByData(Throwable failure) {
    if (failure instanceof PgException pg && pg.getSqlState() != null) {
      String state = pg.getSqlState();
      return state.startsWith("22") || state.startsWith("23");
    }
    return false;
  }

  public static String describe(Throwable failure) {
    if (failure instanceof PgException pg) {
      return "SQLSTATE " + pg.getSqlState() + ": " + pg.getErrorMessage();
    }
    return failure.getClass().getSimpleName()
        + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
  }
}

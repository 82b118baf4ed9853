package dk.telemonitoring.hub.access;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;

/**
 * Accounts created with a well-known password (the demo's, or any created with {@code
 * default_password}) must not reach production: outside demo mode the hub refuses to start while
 * one is still active with it.
 */
public final class DefaultPasswords {

  private DefaultPasswords() {}

  /** Fails while an active user still has a well-known default password. */
  public static Future<Void> refuse(Pool pool) {
    return pool.query(
            "SELECT string_agg(email, ', ' ORDER BY email) FROM app_users WHERE active AND default_password")
        .execute()
        .compose(
            rs -> {
              String emails = rs.iterator().next().getString(0);
              if (emails == null) {
                return Future.succeededFuture();
              }
              return Future.failedFuture(
                  new IllegalStateException(
                      "users still have well-known default passwords ("
                          + emails
                          + "): change their passwords or deactivate them before running outside demo mode"));
            });
  }
}

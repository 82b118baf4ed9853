package dk.telemonitoring.alerts.store;

import dk.telemonitoring.alerts.domain.AlertConflictException;
import dk.telemonitoring.alerts.domain.AlertException;
import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.function.Function;

/** Conversions at the SQL edge, and the one place where SQL failures become domain exceptions. */
public final class Sql {

  public static final String UNIQUE_VIOLATION = "23505";

  private Sql() {}

  public static OffsetDateTime ts(Instant t) {
    return t == null ? null : t.atOffset(ZoneOffset.UTC);
  }

  public static Instant instant(Row row, String column) {
    OffsetDateTime t = row.getOffsetDateTime(column);
    return t == null ? null : t.toInstant();
  }

  public static boolean isUniqueViolation(Throwable t) {
    return t instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState());
  }

  /**
   * Domain exceptions pass through; a unique violation is a conflict; the rest stays a store
   * failure.
   */
  public static <T> Future<T> translate(Throwable t) {
    if (t instanceof AlertException) {
      return Future.failedFuture(t);
    }
    if (isUniqueViolation(t)) {
      return Future.failedFuture(
          new AlertConflictException("the patient already has an open alert", t));
    }
    return Future.failedFuture(new AlertException("alert store failure: " + t.getMessage(), t));
  }

  /**
   * Runs {@code work} in a transaction on the pool: an exception thrown while it builds its chain
   * fails it as one thrown later would, and failures come back as the module's exceptions ({@link
   * #translate}).
   */
  public static <T> Future<T> inTransaction(Pool pool, Function<SqlConnection, Future<T>> work) {
    return pool.withTransaction(
            tx -> {
              try {
                return work.apply(tx);
              } catch (RuntimeException e) {
                return Future.failedFuture(e);
              }
            })
        .recover(Sql::translate);
  }
}

package dk.telemonitoring.hub.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.Collection;
import java.util.Optional;
import java.util.UUID;

/**
 * Row locks on users ({@code app_users}) that keep on-call duties and user changes from passing
 * each other: whoever gives a person a duty takes a shared lock, whoever deactivates them or
 * changes their role or clinics an exclusive one, each until its transaction ends.
 */
public final class UserRowLocks {

  /** A user as a duty sees them: active or not, and their role's stored name. */
  public record Standing(boolean active, String role) {}

  private UserRowLocks() {}

  /** Shared locks on these users' rows, taken in id order so two such callers cannot deadlock. */
  public static Future<Void> share(SqlClient tx, Collection<UUID> people) {
    if (people.isEmpty()) {
      return Future.succeededFuture();
    }
    return tx.preparedQuery("SELECT 1 FROM app_users WHERE id = ANY($1) ORDER BY id FOR SHARE")
        .execute(Tuple.of(people.toArray(UUID[]::new)))
        .mapEmpty();
  }

  /** An exclusive lock on the user's row, with what they are now; empty for an unknown user. */
  public static Future<Optional<Standing>> forChange(SqlClient tx, UUID userId) {
    return tx.preparedQuery("SELECT active, role FROM app_users WHERE id = $1 FOR UPDATE")
        .execute(Tuple.of(userId))
        .map(
            rows -> {
              if (rows.size() == 0) {
                return Optional.empty();
              }
              Row r = rows.iterator().next();
              return Optional.of(new Standing(r.getBoolean(0), r.getString(1)));
            });
  }
}

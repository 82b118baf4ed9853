package dk.telemonitoring.hub.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A member of staff's work phone ({@code app_users.phone}): the doctor's alert page offers a call
 * to the patient's contact nurse and the nurse on duty with it, and the board's "on call now" a
 * call to whoever holds each role.
 */
public final class StaffPhones {

  private StaffPhones() {}

  public static Future<Optional<String>> of(SqlClient client, UUID userId) {
    return client
        .preparedQuery("SELECT phone FROM app_users WHERE id = $1")
        .execute(Tuple.of(userId))
        .map(
            rs ->
                rs.size() == 0
                    ? Optional.<String>empty()
                    : Optional.ofNullable(rs.iterator().next().getString(0)));
  }

  /** The phones of those of {@code ids} (user ids as text) who have one: id -> phone. */
  public static Future<Map<String, String>> ofAll(SqlClient client, Set<String> ids) {
    if (ids.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    return client
        .preparedQuery(
            "SELECT id::text, phone FROM app_users WHERE id::text = ANY($1) AND phone IS NOT NULL")
        .execute(Tuple.of(ids.toArray(String[]::new)))
        .map(
            rs -> {
              Map<String, String> out = new HashMap<>();
              rs.forEach(r -> out.put(r.getString(0), r.getString(1)));
              return out;
            });
  }

  /** Sets or, with null, clears the phone. */
  public static Future<Void> set(SqlClient client, UUID userId, String phone) {
    return client
        .preparedQuery("UPDATE app_users SET phone = $2 WHERE id = $1")
        .execute(Tuple.of(userId, phone))
        .mapEmpty();
  }
}

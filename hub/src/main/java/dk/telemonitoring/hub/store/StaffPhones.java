package dk.telemonitoring.hub.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.Optional;
import java.util.UUID;

/**
 * A member of staff's work phone ({@code app_users.phone}): the doctor's alert page offers a call
 * to the patient's contact nurse and the nurse on duty with it.
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

  /** Sets or, with null, clears the phone. */
  public static Future<Void> set(SqlClient client, UUID userId, String phone) {
    return client
        .preparedQuery("UPDATE app_users SET phone = $2 WHERE id = $1")
        .execute(Tuple.of(userId, phone))
        .mapEmpty();
  }
}

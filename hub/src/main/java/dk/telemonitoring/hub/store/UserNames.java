package dk.telemonitoring.hub.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/** Hub users' display names ({@code app_users}) by their id. */
public final class UserNames {

  private UserNames() {}

  /** The display names of the users with these ids (as text); unknown ids are left out. */
  public static Future<Map<String, String>> byId(SqlClient client, Collection<String> ids) {
    if (ids.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    return client
        .preparedQuery("SELECT id::text, display_name FROM app_users WHERE id::text = ANY($1)")
        .execute(Tuple.of((Object) ids.toArray(String[]::new)))
        .map(
            rs -> {
              Map<String, String> out = new HashMap<>();
              rs.forEach(r -> out.put(r.getString(0), r.getString(1)));
              return out;
            });
  }
}

package dk.telemonitoring.hub.api;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** Display names of the people the alerts module knows by id: hub users by their id, its contacts by person id. */
final class DisplayNames {

  private DisplayNames() {}

  static Future<Map<String, String>> of(SqlClient client, Set<String> ids) {
    if (ids.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    return client.preparedQuery("""
            SELECT id::text, display_name FROM app_users WHERE id::text = ANY($1)
            UNION ALL SELECT person_id, display_name FROM alert_contacts WHERE person_id = ANY($1)""")
        .execute(Tuple.of((Object) ids.toArray(String[]::new)))
        .map(rs -> {
          Map<String, String> out = new HashMap<>();
          rs.forEach(r -> out.putIfAbsent(r.getString(0), r.getString(1)));
          return out;
        });
  }
}

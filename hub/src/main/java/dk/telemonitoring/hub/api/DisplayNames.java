package dk.telemonitoring.hub.api;

import dk.telemonitoring.alerts.query.AlertReads;
import dk.telemonitoring.hub.store.UserNames;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Display names of the people the alerts module knows by id: hub users by their id, its contacts by
 * person id.
 */
final class DisplayNames {

  private static final AlertReads CONTACTS = new AlertReads();

  private DisplayNames() {}

  /** The names of {@code people} (repeats are looked up once). */
  static Future<Map<String, String>> of(SqlClient client, Collection<String> people) {
    Set<String> ids = new HashSet<>(people);
    if (ids.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    // A user's own name wins over the name their contact entry was created with.
    return UserNames.byId(client, ids)
        .compose(
            users ->
                CONTACTS
                    .contactNames(client, ids)
                    .map(
                        contacts -> {
                          Map<String, String> out = new HashMap<>(users);
                          contacts.forEach(out::putIfAbsent);
                          return out;
                        }));
  }
}

package dk.telemonitoring.hub.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** The clinics ({@code clinics}): their names and the time zone their days are counted in. */
public final class Clinics {

  /** A clinic with its name and IANA time zone. */
  public record Clinic(String id, String name, String timezone) {}

  private Clinics() {}

  /** These clinics, ordered by id; unknown ids are left out. */
  public static Future<List<Clinic>> byIds(SqlClient client, Collection<String> ids) {
    return client
        .preparedQuery("SELECT id, name, timezone FROM clinics WHERE id = ANY($1) ORDER BY id")
        .execute(Tuple.of(ids.toArray(String[]::new)))
        .map(
            rs -> {
              List<Clinic> out = new ArrayList<>();
              rs.forEach(r -> out.add(new Clinic(r.getString(0), r.getString(1), r.getString(2))));
              return out;
            });
  }

  /** The clinic's time zone, empty for an unknown clinic. */
  public static Future<Optional<ZoneId>> zone(SqlClient client, String clinic) {
    return client
        .preparedQuery("SELECT timezone FROM clinics WHERE id = $1")
        .execute(Tuple.of(clinic))
        .map(
            rs ->
                rs.size() == 0
                    ? Optional.empty()
                    : Optional.of(ZoneId.of(rs.iterator().next().getString(0))));
  }
}

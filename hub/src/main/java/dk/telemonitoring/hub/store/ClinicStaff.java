package dk.telemonitoring.hub.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Members of staff ({@code app_users}) as seen from the clinics they work in. */
public final class ClinicStaff {

  /** A user with their name, login e-mail and one of the given clinics they work in. */
  public record Member(UUID id, String displayName, String loginEmail, String sharedClinic) {}

  /** What {@link #rolesInClinic} gives for a deactivated user instead of their role. */
  public static final String INACTIVE = "INACTIVE";

  private ClinicStaff() {}

  /** The user if they work in one of these clinics (the first such clinic by id), else empty. */
  public static Future<Optional<Member>> inClinics(
      SqlClient client, UUID userId, Collection<String> clinics) {
    return client
        .preparedQuery(
            """
            SELECT u.display_name, u.email, min(c.clinic_id) FROM app_users u
            JOIN app_user_clinics c ON c.user_id = u.id AND c.clinic_id = ANY($2)
            WHERE u.id = $1 GROUP BY u.id""")
        .execute(Tuple.of(userId, (Object) clinics.toArray(String[]::new)))
        .map(
            rows -> {
              if (rows.size() == 0) {
                return Optional.empty();
              }
              Row r = rows.iterator().next();
              return Optional.of(
                  new Member(userId, r.getString(0), r.getString(1), r.getString(2)));
            });
  }

  /**
   * Which of these users work in the clinic, with their role, or {@code INACTIVE} for a deactivated
   * user.
   */
  public static Future<Map<UUID, String>> rolesInClinic(
      SqlClient client, String clinic, Collection<UUID> people) {
    return client
        .preparedQuery(
            """
            SELECT u.id, CASE WHEN u.active THEN u.role ELSE 'INACTIVE' END FROM app_users u
            JOIN app_user_clinics c ON c.user_id = u.id AND c.clinic_id = $2 WHERE u.id = ANY($1)""")
        .execute(Tuple.of(people.toArray(UUID[]::new), clinic))
        .map(
            rows -> {
              Map<UUID, String> out = new HashMap<>();
              rows.forEach(r -> out.put(r.getUUID(0), r.getString(1)));
              return out;
            });
  }

  /** A user's name and login e-mail. */
  public record Person(String id, String displayName, String loginEmail) {}

  /** These users' names and login e-mails; unknown ids are left out. */
  public static Future<List<Person>> people(SqlClient client, Collection<UUID> ids) {
    return client
        .preparedQuery("SELECT id::text, display_name, email FROM app_users WHERE id = ANY($1)")
        .execute(Tuple.of((Object) ids.toArray(UUID[]::new)))
        .map(
            rows -> {
              List<Person> out = new ArrayList<>();
              rows.forEach(
                  r -> out.add(new Person(r.getString(0), r.getString(1), r.getString(2))));
              return out;
            });
  }
}

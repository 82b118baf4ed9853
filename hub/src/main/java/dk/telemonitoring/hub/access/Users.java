package dk.telemonitoring.hub.access;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * People's accounts as administrators manage them: who they are, their role, their clinics, whether
 * they may log in. Changes of several fields run on the caller's transaction, so a check that locks
 * the account (a person still on call, say) and the change commit together.
 */
public final class Users {

  /** An account as an administrator sees it. {@code clinics} is empty for relatives. */
  public record Account(
      UUID id,
      String email,
      String displayName,
      Role role,
      boolean active,
      boolean defaultPassword,
      Instant createdAt,
      List<String> clinics) {}

  private static final String SELECT =
      """
      SELECT u.id, u.email, u.display_name, u.role, u.active, u.default_password, u.created_at,
             coalesce(array_agg(c.clinic_id ORDER BY c.clinic_id) FILTER (WHERE c.clinic_id IS NOT NULL), '{}')
      FROM app_users u LEFT JOIN app_user_clinics c ON c.user_id = u.id
      """;

  /**
   * Who an administrator of {@code clinics} manages: staff of those clinics, relatives of their
   * patients, and relatives not yet attached to any patient.
   */
  private static final String MANAGED_BY =
      """
      (u.id IN (SELECT user_id FROM app_user_clinics WHERE clinic_id = ANY($1))
       OR u.id IN (SELECT r.user_id FROM patient_relatives r JOIN patients p ON p.id = r.patient_id
                   WHERE p.clinic_id = ANY($1))
       OR (u.role = 'RELATIVE' AND NOT EXISTS (SELECT 1 FROM patient_relatives r WHERE r.user_id = u.id)))""";

  private final Pool pool;

  public Users(Pool pool) {
    this.pool = pool;
  }

  /** The accounts an administrator of {@code clinics} manages, by role and name. */
  public Future<List<Account>> managedBy(List<String> clinics) {
    return pool.preparedQuery(
            SELECT + " WHERE " + MANAGED_BY + " GROUP BY u.id ORDER BY u.role, u.display_name")
        .execute(Tuple.of((Object) clinics.toArray(String[]::new)))
        .map(
            rs -> {
              List<Account> out = new ArrayList<>();
              rs.forEach(r -> out.add(account(r)));
              return out;
            });
  }

  /** Whether an administrator of {@code clinics} manages the account. */
  public Future<Boolean> isManagedBy(UUID userId, List<String> clinics) {
    return pool.preparedQuery("SELECT 1 FROM app_users u WHERE " + MANAGED_BY + " AND u.id = $2")
        .execute(Tuple.of((Object) clinics.toArray(String[]::new), userId))
        .map(rs -> rs.size() == 1);
  }

  public Future<Account> find(UUID id) {
    return pool.preparedQuery(SELECT + " WHERE u.id = $1 GROUP BY u.id")
        .execute(Tuple.of(id))
        .map(rs -> account(rs.iterator().next()));
  }

  /** Creates the account with its clinics in one transaction. */
  public Future<Void> create(
      UUID id,
      String email,
      String displayName,
      Role role,
      String passwordHash,
      List<String> clinics) {
    return pool.withTransaction(
        tx ->
            tx.preparedQuery(
                    "INSERT INTO app_users (id, email, display_name, role, password_hash) VALUES ($1, $2, $3, $4, $5)")
                .execute(Tuple.of(id, email, displayName, role.name(), passwordHash))
                .compose(x -> addClinics(tx, id, clinics)));
  }

  public Future<Void> setDisplayName(SqlClient tx, UUID id, String displayName) {
    return update(
        tx,
        "UPDATE app_users SET display_name = $2, updated_at = now() WHERE id = $1",
        id,
        displayName);
  }

  public Future<Void> setRole(SqlClient tx, UUID id, Role role) {
    return update(
        tx, "UPDATE app_users SET role = $2, updated_at = now() WHERE id = $1", id, role.name());
  }

  /**
   * A password set by an administrator: not a well-known default, though the person should still
   * change it.
   */
  public Future<Void> setPassword(SqlClient tx, UUID id, String passwordHash) {
    return update(
        tx,
        "UPDATE app_users SET password_hash = $2, default_password = false, updated_at = now() WHERE id = $1",
        id,
        passwordHash);
  }

  public Future<Void> setActive(SqlClient tx, UUID id, boolean active) {
    return update(
        tx, "UPDATE app_users SET active = $2, updated_at = now() WHERE id = $1", id, active);
  }

  /**
   * Replaces the account's clinics among {@code administered} with {@code wanted}; other clinics
   * stay.
   */
  public Future<Void> replaceClinics(
      SqlClient tx, UUID id, List<String> administered, List<String> wanted) {
    return tx.preparedQuery(
            "DELETE FROM app_user_clinics WHERE user_id = $1 AND clinic_id = ANY($2)")
        .execute(Tuple.of(id, (Object) administered.toArray(String[]::new)))
        .compose(x -> addClinics(tx, id, wanted));
  }

  /** Ends all the person's sessions (their rights changed: nothing may run on the old ones). */
  public Future<Void> endSessions(SqlClient tx, UUID id) {
    return tx.preparedQuery(
            "UPDATE app_sessions SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL")
        .execute(Tuple.of(id))
        .mapEmpty();
  }

  private static Future<Void> addClinics(SqlClient tx, UUID userId, List<String> clinics) {
    Future<?> f = Future.succeededFuture();
    for (String c : clinics) {
      f =
          f.compose(
              x ->
                  tx.preparedQuery(
                          "INSERT INTO app_user_clinics (user_id, clinic_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
                      .execute(Tuple.of(userId, c)));
    }
    return f.mapEmpty();
  }

  private static Future<Void> update(SqlClient tx, String sql, UUID id, Object value) {
    return tx.preparedQuery(sql).execute(Tuple.of(id, value)).mapEmpty();
  }

  private static Account account(Row r) {
    var created = r.getOffsetDateTime(6);
    return new Account(
        r.getUUID(0),
        r.getString(1),
        r.getString(2),
        Role.valueOf(r.getString(3)),
        r.getBoolean(4),
        r.getBoolean(5),
        created == null ? null : created.toInstant(),
        Arrays.asList(r.getArrayOfStrings(7)));
  }
}

package dk.telemonitoring.hub.api;

import dk.telemonitoring.alerts.OnCallPlans;
import dk.telemonitoring.hub.access.Passwords;
import dk.telemonitoring.hub.access.Principal;
import dk.telemonitoring.hub.access.Role;
import dk.telemonitoring.hub.access.Users;
import dk.telemonitoring.hub.store.StaffPhones;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * The user accounts admins manage within their clinics: list, create, change (name, role, password,
 * clinics, active), each kept from breaking an on-call duty. Passwords are hashed off the event
 * loop.
 */
final class UserAccounts {

  private final Vertx vertx;
  private final Pool pool;
  private final Users users;
  private final DutyGuard duties = new DutyGuard();
  private final OnCallPlans plans = new OnCallPlans();

  UserAccounts(Vertx vertx, Pool pool) {
    this.vertx = vertx;
    this.pool = pool;
    this.users = new Users(pool);
  }

  static JsonObject json(Users.Account u) {
    return new JsonObject()
        .put("id", u.id().toString())
        .put("email", u.email())
        .put("displayName", u.displayName())
        .put("role", u.role().name().toLowerCase(Locale.ROOT))
        .put("active", u.active())
        .put("defaultPassword", u.defaultPassword())
        .put("createdAt", Json.text(u.createdAt()))
        .put("clinics", new JsonArray(u.clinics()));
  }

  /**
   * The users the admin manages (see {@link #managed}), each with how they are paged ({@link
   * PagingSummary}), so that the list shows who could not be reached.
   */
  Future<JsonObject> list(Principal admin) {
    return users
        .managedBy(admin.clinics())
        .compose(
            list -> {
              List<String> ids = list.stream().map(u -> u.id().toString()).toList();
              var contacts = plans.contacts(pool, ids);
              var phones = StaffPhones.ofAll(pool, new HashSet<>(ids));
              return Future.all(contacts, phones)
                  .map(
                      x -> {
                        JsonArray out = new JsonArray();
                        list.forEach(
                            u -> {
                              String id = u.id().toString();
                              out.add(
                                  json(u)
                                      .put(
                                          "paging",
                                          PagingSummary.of(
                                              contacts.result().get(id), phones.result().get(id))));
                            });
                        return new JsonObject().put("users", out);
                      });
            });
  }

  Future<JsonObject> get(UUID id) {
    return users.find(id).map(UserAccounts::json);
  }

  /**
   * 404 unless the user shares a clinic with the admin (or is a relative of one of their patients,
   * or unattached).
   */
  Future<Void> managed(Principal admin, UUID userId) {
    return users
        .isManagedBy(userId, admin.clinics())
        .compose(
            yes ->
                yes
                    ? Future.succeededFuture()
                    : Future.failedFuture(ApiError.notFound("user not found")));
  }

  /** Creates a user; {@code allowedClinics} null means any existing clinic (service bootstrap). */
  Future<UUID> create(List<String> allowedClinics, JsonObject body) {
    String email = Json.required(body, "email").toLowerCase(Locale.ROOT);
    String name = Json.required(body, "displayName");
    Role role = Role.parse(Json.required(body, "role"));
    String password = body.getString("password");
    Passwords.checkAcceptable(password);
    List<String> clinics = clinicsOf(body, role, allowedClinics);
    UUID id = UUID.randomUUID();
    return vertx
        .executeBlocking(() -> Passwords.hash(password), false)
        .compose(hash -> users.create(id, email, name, role, hash, clinics))
        .map(id);
  }

  private static List<String> clinicsOf(JsonObject body, Role role, List<String> allowed) {
    JsonArray given = body.getJsonArray("clinics", new JsonArray());
    List<String> clinics = new ArrayList<>();
    for (Object o : given) {
      if (!(o instanceof String c)) {
        throw ApiError.badRequest("'clinics' must be a list of clinic ids");
      }
      if (allowed != null && !allowed.contains(c)) {
        throw new ApiError(403, "you do not administer clinic " + c);
      }
      clinics.add(c);
    }
    if (role == Role.RELATIVE && !clinics.isEmpty()) {
      throw ApiError.badRequest(
          "a relative belongs to no clinic: access comes from the patient's recorded consent");
    }
    if (role != Role.RELATIVE && clinics.isEmpty()) {
      throw ApiError.badRequest("staff need at least one clinic in 'clinics'");
    }
    return clinics;
  }

  /**
   * Changes a user's name, role, password, clinics or activity; a change of rights ends their
   * sessions, and one that would leave a duty without someone able to answer is refused ({@link
   * DutyGuard}).
   */
  Future<Void> change(Principal admin, UUID id, JsonObject body) {
    if (id.equals(admin.userId())
        && (Boolean.FALSE.equals(body.getBoolean("active")) || body.containsKey("role"))) {
      throw ApiError.badRequest("admins cannot deactivate themselves or change their own role");
    }
    String password = body.getString("password");
    if (password != null) {
      Passwords.checkAcceptable(password);
    }
    Role newRole = body.getString("role") == null ? null : Role.parse(body.getString("role"));
    List<String> wanted =
        body.getJsonArray("clinics") == null
            ? null
            : clinicsOf(body, newRole != null ? newRole : Role.NURSE, admin.clinics());
    Set<String> left = new HashSet<>(admin.clinics());
    left.removeAll(wanted == null ? admin.clinics() : wanted);
    DutyGuard.Change change =
        new DutyGuard.Change(Boolean.FALSE.equals(body.getBoolean("active")), newRole, left);
    Future<String> hash =
        password == null
            ? Future.succeededFuture(null)
            : vertx.executeBlocking(() -> Passwords.hash(password), false);
    return hash.compose(
        h ->
            pool.withTransaction(
                tx -> {
                  // First, so that the user's row is locked against a rota or policy change naming
                  // them (see DutyGuard).
                  Future<?> f = duties.check(tx, admin, id, change);
                  if (body.getString("displayName") != null) {
                    f =
                        f.compose(
                            x -> users.setDisplayName(tx, id, Json.required(body, "displayName")));
                  }
                  if (newRole != null) {
                    f = f.compose(x -> users.setRole(tx, id, newRole));
                  }
                  if (h != null) {
                    f = f.compose(x -> users.setPassword(tx, id, h));
                  }
                  if (wanted != null) {
                    f = f.compose(x -> users.replaceClinics(tx, id, admin.clinics(), wanted));
                  }
                  if (body.getBoolean("active") != null) {
                    boolean active = body.getBoolean("active");
                    f = f.compose(x -> users.setActive(tx, id, active));
                  }
                  if (h != null
                      || Boolean.FALSE.equals(body.getBoolean("active"))
                      || body.getString("role") != null
                      || body.getJsonArray("clinics") != null) {
                    // Rights changed: the person's sessions end, so nothing runs on the old rights.
                    f = f.compose(x -> users.endSessions(tx, id));
                  }
                  return f.mapEmpty();
                }));
  }
}

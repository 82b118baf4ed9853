package dk.telemonitoring.hub.api;

import dk.telemonitoring.alerts.AlertService;
import dk.telemonitoring.alerts.OnCallPlans;
import dk.telemonitoring.alerts.domain.EscalationPolicy;
import dk.telemonitoring.alerts.domain.Level;
import dk.telemonitoring.hub.access.Principal;
import dk.telemonitoring.hub.access.Role;
import dk.telemonitoring.hub.store.ClinicStaff;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A clinic's escalation policy per level: staff read it, admins of the clinic replace its steps or
 * return it to the configured default. The escalation engine reads the policy when a timer fires,
 * so a change applies to the next step of every open alert. Every change is audited in the change's
 * own transaction.
 */
final class EscalationPolicyRoutes {

  private static final Set<Role> ADMIN = EnumSet.of(Role.ADMIN);

  private final AlertService alerts;
  private final Pool pool;
  private final Audit audit;
  private final OnCallPlans store = new OnCallPlans();

  /** Whether this hub can send e-mail at all: a plan's e-mail step without it reaches nobody. */
  private final boolean emailConfigured;

  EscalationPolicyRoutes(Pool pool, AlertService alerts, Audit audit, boolean emailConfigured) {
    this.alerts = alerts;
    this.pool = pool;
    this.audit = audit;
    this.emailConfigured = emailConfigured;
  }

  void mount(Api api) {
    api.get(
        "/api/v1/escalation-policies",
        Role.STAFF,
        (ctx, who) -> {
          String clinic = Access.oneClinic(who, Json.param(ctx, "clinic"));
          List<Future<JsonObject>> all = new ArrayList<>();
          for (Level level : Level.values()) {
            all.add(effective(clinic, level));
          }
          return Future.all(all)
              .map(
                  x ->
                      new JsonObject()
                          .put("clinicId", clinic)
                          .put("emailConfigured", emailConfigured)
                          .put(
                              "policies",
                              new JsonArray(all.stream().map(Future::result).toList())));
        });
    api.get(
        "/api/v1/escalation-policies/:level",
        Role.STAFF,
        (ctx, who) ->
            effective(
                Access.oneClinic(who, Json.param(ctx, "clinic")),
                PolicyJson.level(ctx.pathParam("level"))));
    api.put("/api/v1/escalation-policies/:level", ADMIN, this::replace);
    api.delete(
        "/api/v1/escalation-policies/:level",
        ADMIN,
        (ctx, who) -> {
          String clinic = clinicOf(ctx, who);
          Level level = PolicyJson.level(ctx.pathParam("level"));
          return pool.withTransaction(
                  tx ->
                      audit
                          .record(tx, ctx, who, "escalation-policy.reset", clinic, level.name())
                          .compose(x -> store.deletePolicy(tx, clinic, level)))
              .compose(x -> effective(clinic, level));
        });
  }

  private Future<JsonObject> replace(RoutingContext ctx, Principal who) {
    String clinic = clinicOf(ctx, who);
    Level level = PolicyJson.level(ctx.pathParam("level"));
    JsonObject body = Json.body(ctx);
    Set<UUID> named = PolicyJson.namedPeople(body);
    return current(clinic, level)
        .compose(
            current ->
                pool.withTransaction(
                    tx ->
                        usersOfClinic(tx, clinic, named)
                            .compose(
                                people -> {
                                  EscalationPolicy wanted =
                                      PolicyJson.fromJson(level, body, current, clinic, people);
                                  String target =
                                      level.name()
                                          + " "
                                          + PolicyJson.toJson(clinic, wanted, false)
                                              .getJsonArray("steps")
                                              .encode();
                                  return audit
                                      .record(
                                          tx, ctx, who, "escalation-policy.change", clinic, target)
                                      .compose(
                                          x ->
                                              DutyHolders.ensureContacts(
                                                  tx, clinic, List.copyOf(named)))
                                      .compose(x -> store.savePolicy(tx, clinic, wanted));
                                })))
        .compose(x -> effective(clinic, level));
  }

  /**
   * Which of the named people are users of the clinic, with their role ({@link PolicyJson#INACTIVE}
   * if deactivated). The role is recorded with the policy: the escalation engine (alerts module)
   * does not read users. Read in the transaction that saves the policy, after locking the users (a
   * concurrent deactivation waits).
   */
  private static Future<Map<UUID, String>> usersOfClinic(
      SqlClient tx, String clinic, Set<UUID> people) {
    if (people.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    return DutyGuard.lockUsers(tx, people)
        .compose(locked -> ClinicStaff.rolesInClinic(tx, clinic, people));
  }

  /** The clinic in the query (or the body of a write), which must be one of the admin's. */
  private static String clinicOf(RoutingContext ctx, Principal who) {
    String requested = Json.param(ctx, "clinic");
    if (requested == null && ctx.body() != null && ctx.body().length() > 0) {
      requested = Json.body(ctx).getString("clinic");
    }
    return Access.oneClinic(who, requested);
  }

  private Future<EscalationPolicy> current(String clinic, Level level) {
    return store
        .policy(pool, clinic, level)
        .map(own -> own.orElseGet(() -> alerts.config().defaultPolicies().get(level)));
  }

  private Future<JsonObject> effective(String clinic, Level level) {
    return store
        .policy(pool, clinic, level)
        .map(
            own ->
                own.map(p -> PolicyJson.toJson(clinic, p, false))
                    .orElseGet(
                        () ->
                            PolicyJson.toJson(
                                clinic, alerts.config().defaultPolicies().get(level), true)));
  }
}

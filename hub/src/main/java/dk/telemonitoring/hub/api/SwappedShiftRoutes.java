package dk.telemonitoring.hub.api;

import dk.telemonitoring.alerts.OnCallPlans;
import dk.telemonitoring.alerts.domain.OnCallOverride;
import dk.telemonitoring.alerts.domain.OnCallRole;
import dk.telemonitoring.alerts.domain.StoredOverride;
import dk.telemonitoring.hub.access.Principal;
import dk.telemonitoring.hub.access.Role;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The on-call rota's swapped shifts (overrides) of a clinic: one person covers a role for a period,
 * winning over the rotation. Staff read them; admins of the clinic create and delete them, audited
 * in the change's transaction. The person must be an active user of the clinic with the role's
 * profession, and becomes pageable unless already a contact.
 */
final class SwappedShiftRoutes {

  private static final Set<Role> ADMIN = EnumSet.of(Role.ADMIN);

  private final Pool pool;
  private final Audit audit;
  private final OnCallPlans store = new OnCallPlans();

  SwappedShiftRoutes(Pool pool, Audit audit) {
    this.pool = pool;
    this.audit = audit;
  }

  void mount(Api api) {
    api.get(
        "/api/v1/oncall/overrides",
        Role.STAFF,
        (ctx, who) -> {
          String clinic = Access.oneClinic(who, Json.param(ctx, "clinic"));
          Instant from = Json.instant(ctx, "from", Instant.now());
          return store
              .overrides(pool, clinic, from)
              .compose(
                  list ->
                      DisplayNames.of(
                              pool, list.stream().map(o -> o.override().personId()).toList())
                          .map(
                              names ->
                                  new JsonObject()
                                      .put("clinicId", clinic)
                                      .put("from", from.toString())
                                      .put(
                                          "overrides",
                                          new JsonArray(
                                              list.stream()
                                                  .map(o -> overrideJson(o, names))
                                                  .toList()))));
        });
    api.post("/api/v1/oncall/overrides", ADMIN, 201, this::createOverride);
    api.delete(
        "/api/v1/oncall/overrides/:overrideId",
        ADMIN,
        (ctx, who) -> {
          long id = RotaRoutes.pathLong(ctx, "overrideId");
          return store
              .override(pool, id)
              .compose(
                  found -> {
                    if (found.isEmpty()
                        || !who.clinics().contains(found.get().override().clinicId())) {
                      return Future.failedFuture(ApiError.notFound("override not found"));
                    }
                    String clinic = found.get().override().clinicId();
                    return pool.withTransaction(
                            tx ->
                                audit
                                    .record(
                                        tx,
                                        ctx,
                                        who,
                                        "oncall.override.delete",
                                        clinic,
                                        "override " + id)
                                    .compose(x -> store.deleteOverride(tx, id)))
                        .map(x -> new JsonObject().put("id", id).put("deleted", true));
                  });
        });
  }

  private Future<JsonObject> createOverride(RoutingContext ctx, Principal who) {
    JsonObject body = Json.body(ctx);
    String clinic = Access.oneClinic(who, body.getString("clinic"));
    OnCallRole role = RotaForm.role(body);
    UUID person =
        RotaForm.userIds(new JsonArray().add(Json.required(body, "personId")), "'personId'").get(0);
    Instant from = RotaForm.instant(body, "from");
    Instant to = RotaForm.instant(body, "to");
    if (!to.isAfter(from)) {
      throw ApiError.badRequest("'to' must be after 'from'");
    }
    if (!to.isAfter(Instant.now())) {
      throw ApiError.badRequest("'to' lies in the past: the override would change nothing");
    }
    String reason = body.getString("reason");
    if (reason != null && reason.length() > 500) {
      throw ApiError.badRequest("'reason' must be at most 500 characters");
    }
    return pool.withTransaction(
            tx ->
                DutyHolders.check(tx, clinic, role, List.of(person))
                    .compose(x -> DutyHolders.ensureContacts(tx, clinic, List.of(person)))
                    .compose(
                        x ->
                            store.addOverride(
                                tx,
                                clinic,
                                role,
                                person.toString(),
                                from,
                                to,
                                reason,
                                Instant.now()))
                    .compose(
                        id ->
                            audit
                                .record(
                                    tx,
                                    ctx,
                                    who,
                                    "oncall.override.create",
                                    clinic,
                                    "override "
                                        + id
                                        + " "
                                        + role
                                        + " "
                                        + person
                                        + " "
                                        + from
                                        + "/"
                                        + to)
                                .map(id)))
        .compose(id -> store.override(pool, id))
        .compose(
            o ->
                DisplayNames.of(pool, List.of(person.toString()))
                    .map(names -> overrideJson(o.orElseThrow(), names)));
  }

  private static JsonObject overrideJson(StoredOverride stored, Map<String, String> names) {
    OnCallOverride o = stored.override();
    return new JsonObject()
        .put("id", o.id())
        .put("clinicId", o.clinicId())
        .put("role", o.role().name())
        .put("personId", o.personId())
        .put("displayName", names.get(o.personId()))
        .put("from", o.from().toString())
        .put("to", o.to().toString())
        .put("reason", stored.reason())
        .put("createdAt", o.createdAt().toString());
  }
}

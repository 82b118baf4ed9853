package dk.telemonitoring.hub.api;

import dk.telemonitoring.alerts.OnCallPlans;
import dk.telemonitoring.alerts.domain.OnCallOverride;
import dk.telemonitoring.alerts.domain.OnCallRole;
import dk.telemonitoring.alerts.domain.Rotation;
import dk.telemonitoring.alerts.domain.StoredOverride;
import dk.telemonitoring.hub.access.Principal;
import dk.telemonitoring.hub.access.Role;
import dk.telemonitoring.hub.store.Clinics;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The on-call rota of a clinic: rotations (who takes the role in turn, handing over at local times)
 * and overrides (one person covers a role for a period, e.g. a swapped shift). Staff read them;
 * admins of the clinic create and delete them, audited in the change's transaction. Members are
 * active users of the clinic with the role's profession; each becomes pageable (an alert contact,
 * in-app and at their e-mail) unless already a contact.
 */
final class RotaRoutes {

  private static final Set<Role> ADMIN = EnumSet.of(Role.ADMIN);

  private final Pool pool;
  private final Audit audit;
  private final OnCallPlans store = new OnCallPlans();

  RotaRoutes(Pool pool, Audit audit) {
    this.pool = pool;
    this.audit = audit;
  }

  void mount(Api api) {
    api.get(
        "/api/v1/oncall/rotations",
        Role.STAFF,
        (ctx, who) -> {
          String clinic = Access.oneClinic(who, Json.param(ctx, "clinic"));
          return store
              .rotations(pool, clinic)
              .compose(
                  rotations ->
                      names(rotations.stream().flatMap(r -> r.personIds().stream()).toList())
                          .map(
                              names ->
                                  new JsonObject()
                                      .put("clinicId", clinic)
                                      .put(
                                          "rotations",
                                          new JsonArray(
                                              rotations.stream()
                                                  .map(r -> rotationJson(r, names))
                                                  .toList()))));
        });
    api.post("/api/v1/oncall/rotations", ADMIN, 201, this::createRotation);
    api.delete(
        "/api/v1/oncall/rotations/:rotationId",
        ADMIN,
        (ctx, who) -> {
          long id = pathLong(ctx, "rotationId");
          return store
              .rotation(pool, id)
              .compose(
                  found -> {
                    if (found.isEmpty() || !who.clinics().contains(found.get().clinicId())) {
                      return Future.failedFuture(ApiError.notFound("rotation not found"));
                    }
                    String clinic = found.get().clinicId();
                    return pool.withTransaction(
                            tx ->
                                audit
                                    .record(
                                        tx,
                                        ctx,
                                        who,
                                        "oncall.rotation.delete",
                                        clinic,
                                        "rotation " + id)
                                    .compose(x -> store.deleteRotation(tx, id)))
                        .map(x -> new JsonObject().put("id", id).put("deleted", true));
                  });
        });
    api.patch("/api/v1/oncall/rotations/:rotationId", ADMIN, this::changeLastDate);
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
                      names(list.stream().map(o -> o.override().personId()).toList())
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
          long id = pathLong(ctx, "overrideId");
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

  private Future<JsonObject> createRotation(RoutingContext ctx, Principal who) {
    JsonObject body = Json.body(ctx);
    String clinic = Access.oneClinic(who, body.getString("clinic"));
    OnCallRole role = RotaForm.role(body);
    LocalDate anchor = RotaForm.date(body, "anchorDate");
    LocalDate last = body.getValue("lastDate") == null ? null : RotaForm.date(body, "lastDate");
    if (last != null && last.isBefore(anchor)) {
      throw ApiError.badRequest("'lastDate' cannot come before 'anchorDate'");
    }
    int days =
        body.getValue("rotationDays") == null
            ? 1
            : RotaForm.wholeNumber(body, "rotationDays", 1, 366);
    List<LocalTime> handovers = RotaForm.handoverTimes(body);
    List<UUID> members = RotaForm.userIds(body.getValue("members"), "'members'");
    return zone(clinic, body.getString("zone"))
        .compose(
            zone -> {
              Rotation r =
                  new Rotation(
                      0,
                      clinic,
                      role,
                      zone,
                      anchor,
                      last,
                      days,
                      handovers,
                      members.stream().map(UUID::toString).toList());
              return pool.withTransaction(
                  tx ->
                      DutyHolders.check(tx, clinic, role, members)
                          .compose(x -> DutyHolders.ensureContacts(tx, clinic, members))
                          .compose(x -> store.addRotation(tx, r))
                          .compose(
                              id ->
                                  audit
                                      .record(
                                          tx,
                                          ctx,
                                          who,
                                          "oncall.rotation.create",
                                          clinic,
                                          "rotation " + id + " " + role)
                                      .map(id)));
            })
        .compose(id -> store.rotation(pool, id))
        .compose(
            r ->
                names(r.orElseThrow().personIds())
                    .map(names -> rotationJson(r.orElseThrow(), names)));
  }

  /**
   * Sets or clears a rotation's last day, e.g. to stop it without deleting its past weeks. What has
   * applied stays as it was: an ended rotation keeps its end, and a new last day must end it after
   * now.
   */
  private Future<JsonObject> changeLastDate(RoutingContext ctx, Principal who) {
    long id = pathLong(ctx, "rotationId");
    JsonObject body = Json.body(ctx);
    if (!body.containsKey("lastDate")) {
      throw ApiError.badRequest("'lastDate' is required (null: no last day)");
    }
    LocalDate last = body.getValue("lastDate") == null ? null : RotaForm.date(body, "lastDate");
    Instant now = Instant.now();
    return store
        .rotation(pool, id)
        .compose(
            found -> {
              if (found.isEmpty() || !who.clinics().contains(found.get().clinicId())) {
                return Future.failedFuture(ApiError.notFound("rotation not found"));
              }
              Rotation r = found.get();
              if (r.endedBy(now)) {
                return Future.failedFuture(
                    new ApiError(409, "the rotation has ended: its last day stays as it was"));
              }
              if (last != null && last.isBefore(r.anchorDate())) {
                return Future.failedFuture(
                    ApiError.badRequest("'lastDate' cannot come before 'anchorDate'"));
              }
              if (r.withLastDate(last).endedBy(now)) {
                return Future.failedFuture(
                    ApiError.badRequest(
                        "'lastDate' would end the rotation before now: a past week stays as it"
                            + " was"));
              }
              return pool.withTransaction(
                  tx ->
                      audit
                          .record(
                              tx,
                              ctx,
                              who,
                              "oncall.rotation.change",
                              r.clinicId(),
                              "rotation " + id + " last date " + last)
                          .compose(x -> store.setLastDate(tx, id, last)));
            })
        .compose(x -> store.rotation(pool, id))
        .compose(
            r ->
                names(r.orElseThrow().personIds())
                    .map(names -> rotationJson(r.orElseThrow(), names)));
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
                names(List.of(person.toString()))
                    .map(names -> overrideJson(o.orElseThrow(), names)));
  }

  /** The requested zone (a valid IANA id), else the clinic's own. */
  private Future<ZoneId> zone(String clinic, String requested) {
    if (requested != null) {
      if (!ZoneId.getAvailableZoneIds().contains(requested)) {
        throw ApiError.badRequest(
            "'zone' must be an IANA time zone such as Europe/Copenhagen; '"
                + requested
                + "' is not one");
      }
      return Future.succeededFuture(ZoneId.of(requested));
    }
    return Clinics.zone(pool, clinic).map(Optional::orElseThrow);
  }

  // ----- output -----

  /** Display names of people (users, else alert contacts such as a backup without a login). */
  private Future<Map<String, String>> names(List<String> personIds) {
    return DisplayNames.of(pool, new HashSet<>(personIds));
  }

  private static JsonObject rotationJson(Rotation r, Map<String, String> names) {
    JsonArray members = new JsonArray();
    r.personIds()
        .forEach(p -> members.add(new JsonObject().put("id", p).put("displayName", names.get(p))));
    return new JsonObject()
        .put("id", r.id())
        .put("clinicId", r.clinicId())
        .put("role", r.role().name())
        .put("zone", r.zone().getId())
        .put("anchorDate", r.anchorDate().toString())
        .put("lastDate", r.lastDate() == null ? null : r.lastDate().toString())
        .put("ended", r.endedBy(Instant.now()))
        .put("rotationDays", r.rotationDays())
        .put(
            "handoverTimes",
            new JsonArray(r.handoverTimes().stream().map(LocalTime::toString).toList()))
        .put("members", members);
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

  private static long pathLong(RoutingContext ctx, String name) {
    try {
      return Long.parseLong(ctx.pathParam(name));
    } catch (NumberFormatException e) {
      throw ApiError.notFound("not found");
    }
  }
}

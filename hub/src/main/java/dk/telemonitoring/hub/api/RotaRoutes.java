package dk.telemonitoring.hub.api;

import dk.telemonitoring.alerts.OnCallPlans;
import dk.telemonitoring.alerts.domain.OnCallRole;
import dk.telemonitoring.alerts.domain.Rotation;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The on-call rota's rotations of a clinic: who takes a role in turn, handing over at local times,
 * from a first day and until a last one if it has one (swapped shifts: {@link SwappedShiftRoutes}).
 * Staff read them; admins of the clinic create, stop and delete them, audited in the change's
 * transaction. Members are active users of the clinic with the role's profession; each becomes
 * pageable (an alert contact, in-app and at their e-mail) unless already a contact.
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
                      DisplayNames.of(
                              pool,
                              rotations.stream().flatMap(r -> r.personIds().stream()).toList())
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
          return ownRotation(who, id)
              .compose(
                  found -> {
                    String clinic = found.clinicId();
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
  }

  private Future<JsonObject> createRotation(RoutingContext ctx, Principal who) {
    JsonObject body = Json.body(ctx);
    String clinic = Access.oneClinic(who, body.getString("clinic"));
    OnCallRole role = RotaForm.role(body);
    LocalDate anchor = RotaForm.date(body, "anchorDate");
    LocalDate last = RotaForm.optionalDate(body, "lastDate");
    RotaForm.lastNotBeforeFirst(last, anchor);
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
        .compose(this::storedJson);
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
    LocalDate last = RotaForm.optionalDate(body, "lastDate");
    Instant now = Instant.now();
    return ownRotation(who, id)
        .compose(
            r -> {
              if (r.endedBy(now)) {
                return Future.failedFuture(
                    new ApiError(409, "the rotation has ended: its last day stays as it was"));
              }
              RotaForm.lastNotBeforeFirst(last, r.anchorDate());
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
        .compose(x -> storedJson(id));
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
  /** The rotation, when it is one of the caller's clinics'; else 404, as for one that is not. */
  private Future<Rotation> ownRotation(Principal who, long id) {
    return store
        .rotation(pool, id)
        .compose(
            found ->
                found.isPresent() && who.clinics().contains(found.get().clinicId())
                    ? Future.succeededFuture(found.get())
                    : Future.failedFuture(ApiError.notFound("rotation not found")));
  }

  /** The stored rotation as the API answers it, its members with their names. */
  private Future<JsonObject> storedJson(long id) {
    return store
        .rotation(pool, id)
        .compose(
            r ->
                DisplayNames.of(pool, r.orElseThrow().personIds())
                    .map(n -> rotationJson(r.orElseThrow(), n)));
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

  static long pathLong(RoutingContext ctx, String name) {
    try {
      return Long.parseLong(ctx.pathParam(name));
    } catch (NumberFormatException e) {
      throw ApiError.notFound("not found");
    }
  }
}

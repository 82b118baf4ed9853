package dk.telemonitoring.hub.api;

import dk.telemonitoring.alerts.OnCallPlans;
import dk.telemonitoring.alerts.domain.Contact;
import dk.telemonitoring.alerts.domain.OnCallOverride;
import dk.telemonitoring.alerts.domain.OnCallRole;
import dk.telemonitoring.alerts.domain.Rotation;
import dk.telemonitoring.alerts.domain.StoredOverride;
import dk.telemonitoring.hub.access.Principal;
import dk.telemonitoring.hub.access.Role;
import dk.telemonitoring.hub.store.ClinicStaff;
import dk.telemonitoring.hub.store.Clinics;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
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
  private static final OnCallPlans PLANS = new OnCallPlans();

  private final OnCallPlans store = PLANS;

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
    OnCallRole role = role(body);
    LocalDate anchor = date(body, "anchorDate");
    int days =
        body.getValue("rotationDays") == null ? 1 : wholeNumber(body, "rotationDays", 1, 366);
    List<LocalTime> handovers = handoverTimes(body);
    List<UUID> members = userIds(body.getValue("members"), "'members'");
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
                      days,
                      handovers,
                      members.stream().map(UUID::toString).toList());
              return pool.withTransaction(
                  tx ->
                      members(tx, clinic, role, members)
                          .compose(x -> ensureContacts(tx, clinic, members))
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

  private Future<JsonObject> createOverride(RoutingContext ctx, Principal who) {
    JsonObject body = Json.body(ctx);
    String clinic = Access.oneClinic(who, body.getString("clinic"));
    OnCallRole role = role(body);
    UUID person =
        userIds(new JsonArray().add(Json.required(body, "personId")), "'personId'").get(0);
    Instant from = instant(body, "from");
    Instant to = instant(body, "to");
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
                members(tx, clinic, role, List.of(person))
                    .compose(x -> ensureContacts(tx, clinic, List.of(person)))
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

  // ----- validation -----

  private static OnCallRole role(JsonObject body) {
    String text = Json.required(body, "role");
    try {
      return OnCallRole.valueOf(text.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest("'role' must be one of " + Arrays.toString(OnCallRole.values()));
    }
  }

  /** The profession that may hold an on-call role. */
  static Role professionFor(OnCallRole role) {
    return role == OnCallRole.NURSE_ON_DUTY ? Role.NURSE : Role.DOCTOR;
  }

  private static LocalDate date(JsonObject body, String field) {
    try {
      return LocalDate.parse(Json.required(body, field));
    } catch (DateTimeException e) {
      throw ApiError.badRequest("'" + field + "' must be a date such as 2026-11-30");
    }
  }

  private static Instant instant(JsonObject body, String field) {
    try {
      return Instant.parse(Json.required(body, field));
    } catch (DateTimeException e) {
      throw ApiError.badRequest(
          "'" + field + "' must be an ISO-8601 instant such as 2026-11-30T07:00:00Z");
    }
  }

  private static int wholeNumber(JsonObject body, String field, int min, int max) {
    Object v = body.getValue(field);
    if (!(v instanceof Number n)
        || n.doubleValue() != Math.rint(n.doubleValue())
        || n.doubleValue() < min
        || n.doubleValue() > max) {
      throw ApiError.badRequest(
          "'" + field + "' must be a whole number from " + min + " to " + max);
    }
    return n.intValue();
  }

  private static List<LocalTime> handoverTimes(JsonObject body) {
    if (!(body.getValue("handoverTimes") instanceof JsonArray a) || a.isEmpty()) {
      throw ApiError.badRequest(
          "'handoverTimes' must be a non-empty list of local times such as [\"08:00\"]");
    }
    Set<LocalTime> times = new LinkedHashSet<>();
    for (Object o : a) {
      try {
        if (!times.add(LocalTime.parse((String) o))) {
          throw ApiError.badRequest("'handoverTimes' lists " + o + " twice");
        }
      } catch (DateTimeException | ClassCastException e) {
        throw ApiError.badRequest(
            "'handoverTimes': '" + o + "' is not a time of day such as 08:00");
      }
    }
    return List.copyOf(times);
  }

  private static List<UUID> userIds(Object value, String field) {
    if (!(value instanceof JsonArray a) || a.isEmpty()) {
      throw ApiError.badRequest(field + " must be a non-empty list of user ids");
    }
    List<UUID> out = new ArrayList<>();
    for (Object o : a) {
      try {
        out.add(UUID.fromString((String) o));
      } catch (RuntimeException e) {
        throw ApiError.badRequest(field + ": '" + o + "' is not a user id");
      }
    }
    return out;
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

  /**
   * Every person must be an active user of the clinic with the role's profession. Read in the
   * transaction that stores the duty, after locking the users, so that a concurrent deactivation
   * cannot slip in between.
   */
  private static Future<Void> members(
      SqlClient tx, String clinic, OnCallRole role, List<UUID> people) {
    Role needed = professionFor(role);
    return DutyGuard.lockUsers(tx, people)
        .compose(locked -> ClinicStaff.rolesInClinic(tx, clinic, people))
        .map(
            found -> {
              for (UUID id : people) {
                String standing = found.get(id);
                if (standing == null) {
                  throw ApiError.badRequest(id + " is not a user of clinic " + clinic);
                }
                if (standing.equals(ClinicStaff.INACTIVE)) {
                  throw ApiError.badRequest(id + " is deactivated");
                }
                if (!needed.name().equals(standing)) {
                  throw ApiError.badRequest(
                      id
                          + " is a "
                          + standing.toLowerCase(Locale.ROOT)
                          + "; "
                          + role
                          + " needs a "
                          + needed.name().toLowerCase(Locale.ROOT));
                }
              }
              return null;
            });
  }

  /** Makes the people pageable (in-app and e-mail) unless they already have contact details. */
  static Future<Void> ensureContacts(SqlClient tx, String clinic, List<UUID> people) {
    return ClinicStaff.people(tx, people)
        .compose(
            found ->
                PLANS.addContactsIfAbsent(
                    tx,
                    found.stream()
                        .map(
                            p ->
                                new Contact(
                                    p.id(),
                                    clinic,
                                    p.displayName(),
                                    p.loginEmail(),
                                    null,
                                    null,
                                    null,
                                    true,
                                    true))
                        .toList()));
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

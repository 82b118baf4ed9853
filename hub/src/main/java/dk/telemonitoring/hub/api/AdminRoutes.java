package dk.telemonitoring.hub.api;

import dk.telemonitoring.hub.access.Principal;
import dk.telemonitoring.hub.access.Role;
import dk.telemonitoring.hub.store.DeviceRegistry;
import dk.telemonitoring.hub.store.ReadingQueries;
import dk.telemonitoring.hub.store.RegistryStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * What admins manage within their own clinics: users and their roles and clinics, patients, devices
 * and bindings; and the audit log, which they may read but nobody may change. Plus the bootstrap of
 * the first admin over the service token.
 */
final class AdminRoutes {

  private static final Set<Role> ADMIN = EnumSet.of(Role.ADMIN);

  private final Access access;
  private final Audit audit;
  private final RegistryStore registry;
  private final DeviceRegistry devices;
  private final UserAccounts accounts;
  private final ReadingQueries quarantine;

  AdminRoutes(Vertx vertx, Pool pool, DeviceRegistry deviceRegistry, Access access, Audit audit) {
    this.access = access;
    this.audit = audit;
    this.registry = new RegistryStore(pool);
    this.accounts = new UserAccounts(vertx, pool);
    this.devices = deviceRegistry;
    this.quarantine = new ReadingQueries(pool);
  }

  void mount(Api api, Router router) {
    api.get("/api/v1/users", ADMIN, (ctx, who) -> accounts.list(who));
    api.post(
        "/api/v1/users",
        ADMIN,
        201,
        (ctx, who) -> {
          JsonObject body = Json.body(ctx);
          return accounts
              .create(who.clinics(), body)
              .compose(
                  id ->
                      audit
                          .record(ctx, who, "user.create", null, null, id.toString())
                          .compose(x -> accounts.get(id)));
        });
    api.patch(
        "/api/v1/users/:userId",
        ADMIN,
        (ctx, who) -> {
          UUID id = Json.pathId(ctx, "userId");
          JsonObject body = Json.body(ctx);
          String action = changeAction(body);
          // Audited before the change, as asked; a change refused (still on call, say) says so
          // after, or the log would read as if it had been made.
          return accounts
              .managed(who, id)
              .compose(x -> audit.record(ctx, who, action, null, null, id.toString()))
              .compose(
                  x ->
                      accounts
                          .change(who, id, body)
                          .recover(
                              e ->
                                  audit
                                      .record(
                                          ctx,
                                          who,
                                          "user.change.not-done",
                                          null,
                                          null,
                                          id.toString())
                                      .compose(y -> Future.failedFuture(e))))
              .compose(x -> accounts.get(id));
        });
    api.get(
        "/api/v1/audit",
        ADMIN,
        (ctx, who) -> {
          Instant to = Json.instant(ctx, "to", Instant.now().plusSeconds(60));
          Instant from = Json.instant(ctx, "from", to.minus(Duration.ofDays(30)));
          UUID patient = uuidParam(ctx, "patient");
          UUID user = uuidParam(ctx, "user");
          return audit
              .query(
                  who,
                  patient,
                  user,
                  Json.param(ctx, "action"),
                  from,
                  to,
                  Json.intParam(ctx, "limit", 500, 1, 10_000))
              .map(rows -> new JsonObject().put("entries", rows));
        });
    api.post(
        "/api/v1/patients",
        ADMIN,
        201,
        (ctx, who) -> {
          JsonObject body = Json.body(ctx);
          String clinic = Access.oneClinic(who, body.getString("clinic"));
          String condition = Json.required(body, "condition").toUpperCase(Locale.ROOT);
          return registry
              .createPatient(
                  clinic,
                  Json.required(body, "displayName"),
                  condition,
                  body.getString("language", "da"))
              .compose(
                  id ->
                      audit
                          .record(ctx, who, "patient.create", id, clinic, null)
                          .map(
                              x ->
                                  new JsonObject()
                                      .put("id", id.toString())
                                      .put("clinicId", clinic)));
        });
    api.get(
        "/api/v1/devices",
        Role.STAFF,
        (ctx, who) -> {
          List<String> clinics = Access.clinics(ctx, who);
          List<Future<JsonArray>> parts =
              clinics.stream()
                  .map(
                      c ->
                          registry
                              .devices(c)
                              .map(
                                  a -> {
                                    a.forEach(o -> ((JsonObject) o).put("clinicId", c));
                                    return a;
                                  }))
                  .toList();
          return Future.all(parts)
              .map(
                  x -> {
                    JsonArray all = new JsonArray();
                    parts.forEach(f -> all.addAll(f.result()));
                    return new JsonObject().put("devices", all);
                  });
        });
    api.post(
        "/api/v1/devices",
        ADMIN,
        201,
        (ctx, who) -> {
          JsonObject body = Json.body(ctx);
          String clinic = Access.oneClinic(who, body.getString("clinic"));
          String id = Json.required(body, "id");
          return registry
              .registerDevice(
                  id,
                  clinic,
                  Json.required(body, "kind").toUpperCase(Locale.ROOT),
                  body.getInteger("keepaliveSeconds", 172_800))
              .compose(x -> audit.record(ctx, who, "device.create", null, clinic, id))
              .map(x -> new JsonObject().put("id", id).put("clinicId", clinic));
        });
    api.put(
        "/api/v1/devices/:deviceId/binding",
        ADMIN,
        (ctx, who) -> {
          JsonObject body = Json.body(ctx);
          String device = ctx.pathParam("deviceId");
          UUID patient;
          try {
            patient = UUID.fromString(Json.required(body, "patientId"));
          } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("'patientId' must be a patient id");
          }
          Instant at =
              body.getString("from") == null
                  ? Instant.now()
                  : Instant.parse(body.getString("from"));
          return device(who, device)
              .compose(clinic -> access.patient(ctx, who, patient, "device.bind"))
              .compose(ref -> registry.bind(device, ref.id(), at, who.email()))
              .onSuccess(x -> devices.invalidate(device))
              .map(
                  x ->
                      new JsonObject()
                          .put("deviceId", device)
                          .put("patientId", patient.toString())
                          .put("from", x.toString()));
        });
    api.delete(
        "/api/v1/devices/:deviceId/binding",
        ADMIN,
        (ctx, who) -> {
          String device = ctx.pathParam("deviceId");
          return device(who, device)
              .compose(
                  clinic ->
                      registry
                          .boundPatient(device)
                          .compose(
                              patient ->
                                  patient == null
                                      ? Future.succeededFuture()
                                      : audit.record(
                                          ctx, who, "device.unbind", patient, clinic, device)))
              .compose(x -> registry.unbind(device, Instant.now()))
              .onSuccess(x -> devices.invalidate(device))
              .map(x -> new JsonObject().put("deviceId", device).put("bound", false));
        });
    api.post(
        "/api/v1/devices/:deviceId/retire",
        ADMIN,
        200,
        (ctx, who) -> {
          String device = ctx.pathParam("deviceId");
          return device(who, device)
              .compose(
                  clinic ->
                      registry
                          .boundPatient(device)
                          .compose(
                              patient ->
                                  audit.record(ctx, who, "device.retire", patient, clinic, device)))
              .compose(x -> registry.retire(device, Instant.now()))
              .onSuccess(x -> devices.invalidate(device))
              .map(x -> new JsonObject().put("deviceId", device).put("status", "RETIRED"));
        });
    // Quarantined messages of the admin's clinics, read with the session (audited per clinic)
    // rather than only with the service token.
    api.get(
        "/api/v1/quarantine",
        ADMIN,
        (ctx, who) -> {
          List<String> clinics = Access.clinics(ctx, who);
          int limit = Json.intParam(ctx, "limit", 500, 1, 2_000);
          Future<Void> audited = Future.succeededFuture();
          for (String c : clinics) {
            audited =
                audited.compose(x -> audit.record(ctx, who, "quarantine.read", null, c, null));
          }
          return audited
              .compose(x -> quarantine.quarantineOf(clinics, limit))
              .map(rows -> new JsonObject().put("quarantine", rows));
        });
    // The first admin of a new installation, created by the operator with the service token (the
    // service prefix's
    // own handler checks the token before this route runs).
    router
        .post("/api/v1/service/users")
        .handler(
            ctx -> {
              JsonObject body;
              try {
                body = Json.body(ctx);
              } catch (ApiError e) {
                ApiError.respond(ctx, e.status(), e.getMessage());
                return;
              }
              accounts
                  .create(null, body)
                  .compose(accounts::get)
                  .onSuccess(u -> Api.reply(ctx, 201, u))
                  .onFailure(e -> Api.fail(ctx, e));
            });
  }

  private static UUID uuidParam(RoutingContext ctx, String name) {
    String v = Json.param(ctx, name);
    try {
      return v == null ? null : UUID.fromString(v);
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest("'" + name + "' must be an id");
    }
  }

  /** The device's clinic if it is one of the admin's, else 404. */
  private Future<String> device(Principal who, String deviceId) {
    return registry
        .clinicOfDevice(deviceId)
        .compose(
            clinic ->
                clinic != null && who.clinics().contains(clinic)
                    ? Future.succeededFuture(clinic)
                    : Future.failedFuture(ApiError.notFound("device not found")));
  }

  /** What a change of a user asks, for the audit log: the admin reads which change it was. */
  static String changeAction(JsonObject body) {
    boolean active = body.containsKey("active");
    boolean role = body.containsKey("role");
    if (active && !role) {
      return Boolean.TRUE.equals(body.getValue("active")) ? "user.activate" : "user.deactivate";
    }
    return role && !active ? "user.role.change" : "user.change";
  }
}

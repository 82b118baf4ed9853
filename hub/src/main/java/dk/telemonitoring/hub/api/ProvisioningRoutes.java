package dk.telemonitoring.hub.api;

import dk.telemonitoring.hub.store.DeviceRegistry;
import dk.telemonitoring.hub.store.ReadingQueries;
import dk.telemonitoring.hub.store.RegistryStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.UUID;

/**
 * Machine-facing API for provisioning and ingest checks: clinics, patients, devices, bindings,
 * readings and quarantine, behind the service token.
 */
final class ProvisioningRoutes {

  private final DeviceRegistry deviceRegistry;
  private final RegistryStore registry;
  private final ReadingQueries readings;
  private final byte[] serviceToken;

  ProvisioningRoutes(Pool pool, DeviceRegistry deviceRegistry, String serviceToken) {
    this.deviceRegistry = deviceRegistry;
    this.registry = new RegistryStore(pool);
    this.readings = new ReadingQueries(pool);
    this.serviceToken = serviceToken.getBytes(StandardCharsets.UTF_8);
  }

  void mount(Router router) {
    String base = "/api/v1/service";
    router.route(base + "/*").handler(this::requireServiceToken);
    router
        .post(base + "/clinics")
        .handler(
            ctx -> {
              JsonObject body = body(ctx);
              reply(
                  ctx,
                  201,
                  registry
                      .createClinic(
                          required(body, "id"),
                          required(body, "name"),
                          body.getString("timezone", "Europe/Copenhagen"))
                      .map(v -> new JsonObject().put("id", body.getString("id"))));
            });
    router
        .post(base + "/clinics/:clinic/patients")
        .handler(
            ctx -> {
              JsonObject body = body(ctx);
              reply(
                  ctx,
                  201,
                  registry
                      .createPatient(
                          ctx.pathParam("clinic"),
                          required(body, "displayName"),
                          required(body, "condition"),
                          body.getString("language", "da"))
                      .map(id -> new JsonObject().put("id", id.toString())));
            });
    router
        .post(base + "/clinics/:clinic/devices")
        .handler(
            ctx -> {
              JsonObject body = body(ctx);
              reply(
                  ctx,
                  201,
                  registry
                      .registerDevice(
                          required(body, "id"),
                          ctx.pathParam("clinic"),
                          required(body, "kind"),
                          body.getInteger("keepaliveSeconds", 172_800))
                      .map(v -> new JsonObject().put("id", body.getString("id"))));
            });
    router
        .get(base + "/clinics/:clinic/devices")
        .handler(
            ctx ->
                reply(
                    ctx,
                    200,
                    registry
                        .devices(ctx.pathParam("clinic"))
                        .map(a -> new JsonObject().put("devices", a))));
    router
        .put(base + "/devices/:device/binding")
        .handler(
            ctx -> {
              JsonObject body = body(ctx);
              Instant at =
                  body.containsKey("from") ? Instant.parse(body.getString("from")) : Instant.now();
              reply(
                  ctx,
                  200,
                  registry
                      .bind(
                          ctx.pathParam("device"), uuid(required(body, "patientId")), at, "service")
                      .onSuccess(v -> deviceRegistry.invalidate(ctx.pathParam("device")))
                      .map(
                          v ->
                              new JsonObject()
                                  .put("deviceId", ctx.pathParam("device"))
                                  .put("patientId", body.getString("patientId"))));
            });
    router
        .delete(base + "/devices/:device/binding")
        .handler(
            ctx ->
                reply(
                    ctx,
                    200,
                    registry
                        .unbind(ctx.pathParam("device"), Instant.now())
                        .onSuccess(v -> deviceRegistry.invalidate(ctx.pathParam("device")))
                        .map(v -> new JsonObject())));
    router
        .post(base + "/devices/:device/retire")
        .handler(
            ctx ->
                // This hub forgets the device at once; the others on NOTIFY, a moment later.
                reply(
                    ctx,
                    200,
                    registry
                        .retire(ctx.pathParam("device"), Instant.now())
                        .onSuccess(v -> deviceRegistry.invalidate(ctx.pathParam("device")))
                        .map(v -> new JsonObject())));
    router
        .get(base + "/patients/:patient/readings")
        .handler(
            ctx -> {
              Instant to =
                  param(ctx, "to") == null
                      ? Instant.now().plusSeconds(3600)
                      : Instant.parse(param(ctx, "to"));
              Instant from =
                  param(ctx, "from") == null
                      ? to.minusSeconds(30L * 86_400)
                      : Instant.parse(param(ctx, "from"));
              int limit =
                  param(ctx, "limit") == null
                      ? 1000
                      : Math.min(10_000, Integer.parseInt(param(ctx, "limit")));
              reply(
                  ctx,
                  200,
                  readings
                      .readings(uuid(ctx.pathParam("patient")), param(ctx, "code"), from, to, limit)
                      .map(a -> new JsonObject().put("readings", a)));
            });
    router.post(base + "/provision").handler(ctx -> reply(ctx, 200, provisionAll(body(ctx))));
    router
        .get(base + "/quarantine")
        .handler(
            ctx ->
                reply(
                    ctx,
                    200,
                    readings.quarantine(200).map(a -> new JsonObject().put("quarantine", a))));
  }

  /**
   * Idempotent bulk provisioning (the simulator's {@code provision-list} document): clinic,
   * patients by id, devices bound to them.
   */
  private Future<JsonObject> provisionAll(JsonObject doc) {
    String clinic = required(doc, "clinic");
    Instant from = Instant.now().minusSeconds(365L * 86_400);
    Future<Void> done = registry.createClinic(clinic, clinic, "Europe/Copenhagen");
    for (Object p : doc.getJsonArray("patients", new JsonArray())) {
      JsonObject patient = (JsonObject) p;
      UUID id = uuid(required(patient, "patientId"));
      String condition = required(patient, "condition").toUpperCase();
      done =
          done.compose(
              v ->
                  registry.ensurePatient(
                      id, clinic, patient.getString("patient", "patient"), condition));
    }
    int devices = 0;
    for (Object d : doc.getJsonArray("devices", new JsonArray())) {
      JsonObject device = (JsonObject) d;
      String deviceId = required(device, "deviceId");
      String kind = required(device, "kind").toUpperCase();
      UUID patient = uuid(required(device, "patientId"));
      devices++;
      done = done.compose(v -> registry.ensureDeviceBoundTo(deviceId, clinic, kind, patient, from));
    }
    int count = devices;
    return done.map(v -> new JsonObject().put("clinic", clinic).put("devices", count));
  }

  private void requireServiceToken(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    byte[] given =
        header != null && header.startsWith("Bearer ")
            ? header.substring(7).getBytes(StandardCharsets.UTF_8)
            : new byte[0];
    if (serviceToken.length == 0 || !MessageDigest.isEqual(serviceToken, given)) {
      ApiError.respond(ctx, 401, "a valid service token is required");
      return;
    }
    ctx.next();
  }

  private static void reply(RoutingContext ctx, int status, Future<JsonObject> result) {
    result
        .onSuccess(
            body ->
                ctx.response()
                    .setStatusCode(status)
                    .putHeader("content-type", "application/json")
                    .end(body.encode()))
        .onFailure(ctx::fail);
  }

  private static JsonObject body(RoutingContext ctx) {
    try {
      JsonObject body = ctx.body().asJsonObject();
      if (body == null) {
        throw ApiError.badRequest("a JSON object body is required");
      }
      return body;
    } catch (io.vertx.core.json.DecodeException e) {
      throw ApiError.badRequest("body is not valid JSON");
    }
  }

  private static String required(JsonObject body, String field) {
    Object v = body.getValue(field);
    if (!(v instanceof String s) || s.isBlank()) {
      throw ApiError.badRequest("'" + field + "' is required and must be a string");
    }
    return s;
  }

  private static String param(RoutingContext ctx, String name) {
    return ctx.queryParams().get(name);
  }

  private static UUID uuid(String s) {
    try {
      return UUID.fromString(s);
    } catch (IllegalArgumentException e) {
      throw ApiError.notFound("no such patient");
    }
  }
}

package dk.telemonitoring.hub.api;

import dk.telemonitoring.hub.config.HubConfig;
import dk.telemonitoring.hub.config.Setting;
import dk.telemonitoring.hub.store.Database;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;
import java.util.function.Consumer;

/**
 * The hub's HTTP edge: health (liveness from the first moment, readiness once ingest runs),
 * metrics, the API and (from the dashboards module) the triage screen.
 */
public final class HttpVerticle extends VerticleBase {

  private final HubConfig config;
  private volatile ApiContext parts;
  private volatile boolean ready;
  private HttpServer server;
  private Router router;

  /**
   * Listens at once with the health endpoints only: liveness answers while the hub migrates the
   * database and connects to the broker (an orchestrator must not kill a hub that is starting);
   * {@link #mount} adds the API when its parts exist, {@link #ready()} opens readiness.
   */
  public HttpVerticle(HubConfig config) {
    this.config = config;
  }

  @Override
  public Future<?> start() {
    router = Router.router(vertx);
    router
        .route()
        .handler(
            Audit.resolveClientIp(TrustedProxies.parse(config.get(Setting.HTTP_TRUSTED_PROXIES))));
    router
        .get("/health/live")
        .handler(
            ctx ->
                ctx.response()
                    .putHeader("content-type", "application/json")
                    .putHeader("cache-control", "no-store")
                    .end(
                        new JsonObject()
                            .put("status", "UP")
                            .put("ready", ready && parts != null)
                            .encode()));
    router.get("/health/ready").handler(this::answerHealth);
    // Before liveness and readiness were apart, /health was the hub's only probe and meant ready:
    // it keeps that meaning, so a reader that waits for its 200 still waits for ingest.
    router.get("/health").handler(this::answerHealth);
    router.route().last().handler(this::notFoundOrStarting);
    // Last: the routes mounted later (FHIR's OperationOutcome answers) put their own failure
    // handlers ahead of this catch-all.
    router.route().last().failureHandler(ApiError::handleFailure);
    return vertx
        .createHttpServer()
        .invalidRequestHandler(HttpVerticle::invalidRequest)
        .requestHandler(router)
        .listen(config.getInt(Setting.HTTP_PORT), config.get(Setting.HTTP_HOST))
        .onSuccess(s -> server = s);
  }

  /**
   * Adds metrics and the API once the database is migrated and the parts are built.
   *
   * @param serviceRoutes further routes behind the service token (records, FHIR), mounted before
   *     the people's API
   */
  public Future<Void> mount(ApiContext context, List<Consumer<Router>> serviceRoutes) {
    Promise<Void> mounted = Promise.promise();
    this.context.runOnContext(
        v -> {
          router
              .get("/metrics")
              .handler(
                  ctx ->
                      ctx.response()
                          .putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8")
                          .end(context.metrics().scrape()));
          router.route("/api/*").handler(BodyHandler.create().setBodyLimit(1_048_576));
          new ProvisioningRoutes(
                  context.pool(),
                  context.devices(),
                  context.config().get(Setting.API_SERVICE_TOKEN))
              .mount(router);
          new AlertLinkRoutes(context.pool(), context.alerts()).mount(router);
          serviceRoutes.forEach(routes -> routes.accept(router));
          PeopleApi people = new PeopleApi(context);
          people.mount(router);
          people.mountStatic(router);
          people.start().onSuccess(x -> parts = context).<Void>mapEmpty().onComplete(mounted);
        });
    return mounted.future();
  }

  /** Every part started, ingest included: readiness may answer UP. */
  public void ready() {
    ready = true;
  }

  private void notFoundOrStarting(RoutingContext ctx) {
    if (parts == null) {
      ctx.response().putHeader("Retry-After", "5");
      ApiError.respond(ctx, 503, "the hub is starting");
    } else {
      ApiError.respond(ctx, 404, "not found");
    }
  }

  private void answerHealth(RoutingContext ctx) {
    health()
        .onComplete(
            ar -> {
              JsonObject body = ar.result();
              ctx.response()
                  .setStatusCode("UP".equals(body.getString("status")) ? 200 : 503)
                  .putHeader("content-type", "application/json")
                  .putHeader("cache-control", "no-store")
                  .end(body.encode());
            });
  }

  /**
   * Requests Netty could not decode (a URL or header beyond the server's limits, a malformed
   * request line) never reach the router; answer them with the same JSON error as everything else,
   * with the statuses Vert.x's default handler uses, and close the connection as it does.
   */
  private static void invalidRequest(io.vertx.core.http.HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    int status =
        cause instanceof io.netty.handler.codec.http.TooLongHttpLineException
            ? 414
            : cause instanceof io.netty.handler.codec.http.TooLongHttpHeaderException ? 431 : 400;
    String message =
        status == 414
            ? "the URL is too long"
            : status == 431 ? "the headers are too large" : "malformed request";
    request
        .response()
        .setStatusCode(status)
        .putHeader("content-type", "application/json")
        .putHeader("connection", "close")
        .end(new JsonObject().put("error", message).put("status", status).encode())
        .onComplete(ar -> request.connection().close());
  }

  /** The router, for tests that compare the routes with the OpenAPI file. */
  public Router router() {
    return router;
  }

  public int actualPort() {
    return server == null ? -1 : server.actualPort();
  }

  private Future<JsonObject> health() {
    ApiContext parts = this.parts;
    if (parts == null || !ready) {
      return Future.succeededFuture(
          new JsonObject().put("status", "STARTING").put("broker", "DOWN").put("database", "DOWN"));
    }
    return Database.ping(parts.healthPool())
        .timeout(2, java.util.concurrent.TimeUnit.SECONDS)
        .map(r -> true)
        .otherwise(false)
        .map(
            dbUp -> {
              boolean brokerUp = parts.health().brokerConnected();
              boolean writable = dbUp && parts.health().databaseWritable();
              return new JsonObject()
                  .put("status", brokerUp && writable ? "UP" : "DOWN")
                  .put("broker", brokerUp ? "UP" : "DOWN")
                  .put("database", writable ? "UP" : "DOWN")
                  .put("storage", parts.storageMode().label());
            });
  }
}

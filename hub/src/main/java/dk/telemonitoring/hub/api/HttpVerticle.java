package dk.telemonitoring.hub.api;

import dk.telemonitoring.hub.config.Setting;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;
import java.util.function.Consumer;

/**
 * The hub's HTTP edge: health, metrics, the API and (from the dashboards module) the triage screen.
 */
public final class HttpVerticle extends VerticleBase {

  private final ApiContext parts;
  private final List<Consumer<Router>> serviceRoutes;
  private HttpServer server;
  private Router router;

  /**
   * @param serviceRoutes further routes behind the service token (records, FHIR), mounted before
   *     the people's API
   */
  public HttpVerticle(ApiContext context, List<Consumer<Router>> serviceRoutes) {
    this.parts = context;
    this.serviceRoutes = List.copyOf(serviceRoutes);
  }

  @Override
  public Future<?> start() {
    router = Router.router(vertx);
    router
        .route()
        .handler(
            Audit.resolveClientIp(
                TrustedProxies.parse(parts.config().get(Setting.HTTP_TRUSTED_PROXIES))));
    router
        .get("/health")
        .handler(
            ctx ->
                health()
                    .onComplete(
                        ar -> {
                          JsonObject body = ar.result();
                          ctx.response()
                              .setStatusCode("UP".equals(body.getString("status")) ? 200 : 503)
                              .putHeader("content-type", "application/json")
                              .end(body.encode());
                        }));
    router
        .get("/metrics")
        .handler(
            ctx ->
                ctx.response()
                    .putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8")
                    .end(parts.metrics().scrape()));
    router.route("/api/*").handler(BodyHandler.create().setBodyLimit(1_048_576));
    new ProvisioningRoutes(
            parts.pool(), parts.devices(), parts.config().get(Setting.API_SERVICE_TOKEN))
        .mount(router);
    new AlertLinkRoutes(parts.pool(), parts.alerts()).mount(router);
    serviceRoutes.forEach(routes -> routes.accept(router));
    PeopleApi people = new PeopleApi(parts);
    people.mount(router);
    people.mountStatic(router);
    router.route().last().handler(ctx -> ApiError.respond(ctx, 404, "not found"));
    router.route().failureHandler(ApiError::handleFailure);
    return people
        .start()
        .compose(
            v ->
                vertx
                    .createHttpServer()
                    .invalidRequestHandler(HttpVerticle::invalidRequest)
                    .requestHandler(router)
                    .listen(
                        parts.config().getInt(Setting.HTTP_PORT),
                        parts.config().get(Setting.HTTP_HOST))
                    .onSuccess(s -> server = s));
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
    return parts
        .healthPool()
        .query("SELECT 1")
        .execute()
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

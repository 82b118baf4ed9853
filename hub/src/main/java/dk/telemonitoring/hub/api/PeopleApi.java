package dk.telemonitoring.hub.api;

import dk.telemonitoring.hub.access.DefaultPasswords;
import dk.telemonitoring.hub.access.PatientSessions;
import dk.telemonitoring.hub.access.Role;
import dk.telemonitoring.hub.access.Sessions;
import dk.telemonitoring.hub.config.Setting;
import dk.telemonitoring.hub.push.ChangeFeed;
import dk.telemonitoring.hub.push.LiveStream;
import dk.telemonitoring.hub.store.Clinics;
import dk.telemonitoring.hub.store.PatientViewStore;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The people-facing side of the hub: sessions, the clinic API, the live stream, the OpenAPI file
 * and the triage screen's static files. {@link HttpVerticle} mounts it; {@link #start()} runs
 * before the server listens.
 */
public final class PeopleApi {

  private static final Logger LOG = LoggerFactory.getLogger(PeopleApi.class);

  private final ApiContext parts;
  private final Sessions sessions;
  private final Auth auth;
  private final Audit audit;
  private final PatientSessions patientSessions;
  private Api api;

  public PeopleApi(ApiContext parts) {
    this.parts = parts;
    this.sessions = new Sessions(parts.pool());
    this.patientSessions = new PatientSessions(parts.pool());
    this.auth =
        new Auth(
            parts.vertx(),
            sessions,
            parts.config().get(Setting.PUBLIC_URL).startsWith("https:"),
            patientSessions);
    this.audit = new Audit(parts.pool());
  }

  /**
   * Outside demo mode: refuses to start while a user still has a well-known default password (the
   * demo creates its users itself, after the hub started). Then starts the change feed that drives
   * the live push (alert changes as they are notified, a poll every second as catch-up).
   */
  public Future<Void> start() {
    Future<Void> users =
        parts.config().getBoolean(Setting.DEMO_MODE)
            ? Future.succeededFuture()
            : DefaultPasswords.refuse(parts.pool());
    return users
        .compose(
            v ->
                parts
                    .vertx()
                    .deployVerticle(new ChangeFeed(parts.feedPool(), parts.subscriber(), 1_000)))
        .mapEmpty();
  }

  public void mount(Router router) {
    router
        .route()
        .handler(
            ctx -> {
              // The triage screen loads nothing from elsewhere and is never framed.
              ctx.response()
                  .putHeader("X-Content-Type-Options", "nosniff")
                  .putHeader("X-Frame-Options", "DENY")
                  .putHeader("Referrer-Policy", "no-referrer");
              if (!ctx.normalizedPath().startsWith("/api/")) {
                ctx.response()
                    .putHeader(
                        "Content-Security-Policy",
                        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'");
              }
              ctx.next();
            });
    api = new Api(router, auth);
    Access access = new Access(parts.pool(), audit);
    // Sessions.
    api.declare(HttpMethod.POST, "/api/v1/session");
    router.post("/api/v1/session").handler(auth::login);
    api.get(
        "/api/v1/session", Role.READERS, (ctx, who) -> Future.succeededFuture(Auth.describe(who)));
    api.delete("/api/v1/session", Role.READERS, (ctx, who) -> auth.logout(ctx, who));
    api.put(
        "/api/v1/session/password",
        Role.READERS,
        (ctx, who) -> auth.changePassword(who, Json.body(ctx)));
    api.get(
        "/api/v1/clinics",
        Role.STAFF,
        (ctx, who) ->
            Clinics.byIds(parts.pool(), who.clinics())
                .map(
                    clinics -> {
                      JsonArray out = new JsonArray();
                      clinics.forEach(
                          c ->
                              out.add(
                                  new JsonObject()
                                      .put("id", c.id())
                                      .put("name", c.name())
                                      .put("timezone", c.timezone())));
                      return new JsonObject().put("clinics", out);
                    }));
    new PatientRoutes(parts.pool(), parts.storageMode(), access, audit).mount(api);
    new PatientStatusRoutes(parts.pool(), access).mount(api);
    new AlertRoutes(parts.pool(), parts.alerts(), access, audit).mount(api);
    new AdminRoutes(parts.vertx(), parts.pool(), parts.devices(), access, audit).mount(api, router);
    new ContactRoutes(parts.pool(), parts.config().get(Setting.MQTT_TOPIC_ROOT), audit).mount(api);
    new OverviewRoutes(parts.readPool(), parts.alerts(), audit).mount(api);
    new OnCallRoutes(parts.pool(), parts.alerts()).mount(api);
    new RotaRoutes(parts.pool(), audit).mount(api);
    new SwappedShiftRoutes(parts.pool(), audit).mount(api);
    new EscalationPolicyRoutes(
            parts.pool(), parts.alerts(), audit, !parts.config().get(Setting.SMTP_HOST).isEmpty())
        .mount(api);
    mountPatientView(router, access);
    new PatientContactRoutes(parts.pool(), parts.alerts(), access, audit).mount(api);
    new PatientMessageRoutes(parts.pool(), access, parts.commands()).mount(api);
    new PatientTimelineRoutes(parts.pool(), access).mount(api);
    new ClinicPagingRoutes(parts.pool(), audit).mount(api);
    // Live push.
    LiveStream stream = new LiveStream(parts.vertx(), sessions);
    api.declare(HttpMethod.GET, "/api/v1/stream");
    router
        .get("/api/v1/stream")
        .handler(
            ctx ->
                auth.authenticate(ctx)
                    .onComplete(
                        ar -> {
                          if (ar.failed()) {
                            ctx.fail(ar.cause());
                          } else if (ar.result() == null) {
                            ApiError.respond(ctx, 401, "log in first (no valid session)");
                          } else if (!ar.result().isStaff()) {
                            ApiError.respond(ctx, 403, "the live stream is for clinic staff");
                          } else {
                            stream.serve(ctx, ar.result());
                          }
                        }));
    // The API's description.
    api.declare(HttpMethod.GET, "/api/openapi.yaml");
    router
        .get("/api/openapi.yaml")
        .handler(
            ctx -> {
              try (var in = PeopleApi.class.getResourceAsStream("/openapi.yaml")) {
                ctx.response()
                    .putHeader("content-type", "application/yaml; charset=utf-8")
                    .end(io.vertx.core.buffer.Buffer.buffer(in.readAllBytes()));
              } catch (Exception e) {
                ctx.fail(e);
              }
            });
  }

  /** The patient's own view (patient.html): sign-in codes, the view and "call me". */
  private void mountPatientView(Router router, Access access) {
    PatientSignInRoutes signIn =
        new PatientSignInRoutes(
            patientSessions,
            access,
            audit,
            parts.config().get(Setting.PUBLIC_URL).startsWith("https:"),
            parts.config().get(Setting.PUBLIC_URL));
    signIn.mount(api, router);
    new PatientViewRoutes(new PatientViewStore(parts.pool()), signIn, audit).mount(api);
  }

  /**
   * The triage screen (dashboards module, classpath folder {@code webroot}); mount after the API.
   */
  public void mountStatic(Router router) {
    // Browser libraries packaged as WebJars (uPlot for the alert page's charts), never from a CDN.
    router
        .route("/webjars/*")
        .method(HttpMethod.GET)
        .handler(StaticHandler.create("META-INF/resources/webjars").setCachingEnabled(false));
    router
        .route("/*")
        .method(HttpMethod.GET)
        .handler(
            StaticHandler.create("webroot")
                .setIndexPage("index.html")
                .setCachingEnabled(false)
                .setDefaultContentEncoding("UTF-8"));
    LOG.debug("triage screen mounted [root: webroot]");
  }

  /** Every route this API declares, as "METHOD /path/{param}". */
  public List<String> declaredRoutes() {
    return api.declared();
  }
}

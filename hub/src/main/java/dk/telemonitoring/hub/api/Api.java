package dk.telemonitoring.hub.api;

import dk.telemonitoring.alerts.domain.AdviceDoneException;
import dk.telemonitoring.alerts.domain.AlertChangedException;
import dk.telemonitoring.alerts.domain.AlertConflictException;
import dk.telemonitoring.alerts.domain.AlertNotFoundException;
import dk.telemonitoring.alerts.domain.IllegalTransitionException;
import dk.telemonitoring.hub.access.Principal;
import dk.telemonitoring.hub.access.Role;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Declares the people-facing routes. Every route names the roles it admits, so authorisation cannot
 * be forgotten: no valid session is 401, a state-changing call without the session's CSRF token is
 * 403, a role the route does not admit is 403; patient routes then check the patient's clinic
 * ({@link Access}, 404 when not theirs).
 */
final class Api {

  /** A route's work once the caller is known; returns a JSON object or array, or null for 204. */
  interface Work {
    Future<?> handle(RoutingContext ctx, Principal p);
  }

  private final Router router;
  private final Auth auth;
  private final List<String> declared = new ArrayList<>();

  Api(Router router, Auth auth) {
    this.router = router;
    this.auth = auth;
  }

  void get(String path, Set<Role> roles, Work work) {
    add(HttpMethod.GET, path, roles, 200, work);
  }

  void post(String path, Set<Role> roles, int status, Work work) {
    add(HttpMethod.POST, path, roles, status, work);
  }

  void put(String path, Set<Role> roles, Work work) {
    add(HttpMethod.PUT, path, roles, 200, work);
  }

  void patch(String path, Set<Role> roles, Work work) {
    add(HttpMethod.PATCH, path, roles, 200, work);
  }

  void delete(String path, Set<Role> roles, Work work) {
    add(HttpMethod.DELETE, path, roles, 200, work);
  }

  /**
   * "GET /api/v1/patients/{patientId}" for every declared route (the OpenAPI test compares these).
   */
  List<String> declared() {
    return List.copyOf(declared);
  }

  void declare(HttpMethod method, String path) {
    declared.add(method.name() + " " + path.replaceAll(":([A-Za-z]+)", "{$1}"));
  }

  private void add(HttpMethod method, String path, Set<Role> roles, int okStatus, Work work) {
    declare(method, path);
    router
        .route(method, path)
        .handler(
            ctx ->
                auth.authenticate(ctx)
                    .onComplete(
                        ar -> {
                          if (ar.failed()) {
                            ctx.fail(ar.cause());
                            return;
                          }
                          Principal p = ar.result();
                          if (p == null) {
                            ApiError.respond(ctx, 401, "log in first (no valid session)");
                            return;
                          }
                          if (method != HttpMethod.GET && !Auth.csrfValid(ctx, p)) {
                            ApiError.respond(
                                ctx, 403, "missing or wrong " + Auth.CSRF_HEADER + " header");
                            return;
                          }
                          if (!roles.contains(p.role())) {
                            ApiError.respond(
                                ctx,
                                403,
                                "your role ("
                                    + p.role().name().toLowerCase()
                                    + ") may not do this");
                            return;
                          }
                          Future<?> result;
                          try {
                            result = work.handle(ctx, p);
                          } catch (RuntimeException e) {
                            fail(ctx, e);
                            return;
                          }
                          result
                              .onSuccess(body -> reply(ctx, okStatus, body))
                              .onFailure(e -> fail(ctx, e));
                        }));
  }

  static void reply(RoutingContext ctx, int status, Object body) {
    if (ctx.response().ended()) {
      return;
    }
    ctx.response().putHeader("cache-control", "no-store");
    if (body == null) {
      ctx.response().setStatusCode(204).end();
      return;
    }
    String encoded =
        body instanceof JsonObject o
            ? o.encode()
            : body instanceof JsonArray a
                ? a.encode()
                : new JsonObject().put("result", body).encode();
    ctx.response().setStatusCode(status).putHeader("content-type", "application/json").end(encoded);
  }

  /** The alerts module's exceptions, as statuses a client can act on. */
  static void fail(RoutingContext ctx, Throwable e) {
    if (e instanceof AlertNotFoundException) {
      ApiError.respond(ctx, 404, "alert not found");
    } else if (e instanceof IllegalTransitionException
        || e instanceof AdviceDoneException
        || e instanceof AlertConflictException
        || e instanceof AlertChangedException) {
      ApiError.respond(ctx, 409, e.getMessage());
    } else if (e instanceof NullPointerException npe
        && npe.getMessage() != null
        && npe.getMessage().contains("outcome")) {
      ApiError.respond(ctx, 400, npe.getMessage());
    } else {
      ctx.fail(e);
    }
  }
}

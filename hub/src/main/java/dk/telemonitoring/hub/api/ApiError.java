package dk.telemonitoring.hub.api;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Errors are JSON with a clear message and the right status, everywhere. */
public final class ApiError extends RuntimeException {

  private final int status;

  /**
   * Further members of the error body, for a client that acts on the details (e.g. what blocks a
   * change).
   */
  private final JsonObject details;

  public ApiError(int status, String message) {
    this(status, message, null);
  }

  public ApiError(int status, String message, JsonObject details) {
    super(message, null, false, false);
    this.status = status;
    this.details = details;
  }

  public static ApiError badRequest(String message) {
    return new ApiError(400, message);
  }

  public static ApiError notFound(String message) {
    return new ApiError(404, message);
  }

  public int status() {
    return status;
  }

  public static void respond(RoutingContext ctx, int status, String message) {
    respond(ctx, status, message, null);
  }

  private static void respond(RoutingContext ctx, int status, String message, JsonObject details) {
    if (ctx.response().ended()) {
      return;
    }
    JsonObject body = details == null ? new JsonObject() : details.copy();
    ctx.response()
        .setStatusCode(status)
        .putHeader("content-type", "application/json")
        .end(body.put("error", message).put("status", status).encode());
  }

  /**
   * Answered as bad input, but kept visible: the same exception from a server bug would otherwise
   * hide as a 400.
   */
  private static void logClientError(RoutingContext ctx, Throwable failure) {
    // The class and SQLSTATE only: the message may quote the value sent, which may be health data.
    String error =
        failure instanceof io.vertx.pgclient.PgException pg
            ? "PgException " + pg.getSqlState()
            : failure.getClass().getSimpleName();
    org.slf4j.LoggerFactory.getLogger(ApiError.class)
        .warn(
            "request refused as invalid [route: {}, error: {}]",
            ctx.currentRoute() == null ? "?" : ctx.currentRoute().getPath(),
            error);
  }

  /**
   * Route failure handler: known errors keep their status, anything else is a 500 without
   * internals.
   */
  public static void handleFailure(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    if (failure instanceof ApiError e) {
      respond(ctx, e.status(), e.getMessage(), e.details);
    } else if (failure instanceof io.vertx.pgclient.PgException pg
        && pg.getSqlState() != null
        && pg.getSqlState().startsWith("23")) {
      respond(
          ctx,
          "23505".equals(pg.getSqlState()) ? 409 : 400,
          "23505".equals(pg.getSqlState())
              ? "already exists"
              : "refers to something that does not exist or breaks a rule: " + pg.getConstraint());
    } else if (failure instanceof io.vertx.pgclient.PgException pg
        && pg.getSqlState() != null
        && pg.getSqlState().startsWith("22")) {
      // Class 22, data exception: a value the caller sent that the column cannot hold (a NUL
      // character, a number
      // out of range, malformed text for a typed column). Usually the caller's input; logged, as a
      // server-built
      // value could fail the same way.
      logClientError(ctx, failure);
      respond(
          ctx,
          400,
          "22021".equals(pg.getSqlState())
              ? "a text contains a character that cannot be stored (NUL)"
              : "a value is out of range or malformed");
    } else if (failure instanceof IllegalArgumentException e) {
      respond(ctx, 400, e.getMessage());
    } else if (failure instanceof java.time.DateTimeException) {
      logClientError(ctx, failure);
      respond(
          ctx,
          400,
          "a date or time is not valid; use ISO-8601 such as 2026-11-23T07:45:12Z or 2026-11-23");
    } else if (failure instanceof ClassCastException) {
      // JsonObject.getString and friends on a field of another JSON type.
      logClientError(ctx, failure);
      respond(ctx, 400, "a field of the body has the wrong JSON type");
    } else if (failure instanceof io.vertx.core.json.DecodeException) {
      respond(ctx, 400, "the body is not valid JSON");
    } else if (failure != null) {
      org.slf4j.LoggerFactory.getLogger(ApiError.class)
          .error("request failed [path: {}]", ctx.normalizedPath(), failure);
      respond(ctx, 500, "internal error");
    } else {
      respond(
          ctx,
          ctx.statusCode() > 0 ? ctx.statusCode() : 500,
          ctx.statusCode() == 404 ? "not found" : "request failed");
    }
  }
}

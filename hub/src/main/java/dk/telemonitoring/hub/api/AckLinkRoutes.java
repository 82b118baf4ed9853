package dk.telemonitoring.hub.api;

import dk.telemonitoring.alerts.AlertService;
import dk.telemonitoring.alerts.domain.AlertNotFoundException;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * The acknowledge link in a notification. GET only shows a button: mail scanners and link previews
 * fetch links, and must not acknowledge an alert for the doctor. POST with the token acknowledges
 * and stops further escalation.
 */
final class AckLinkRoutes {

  private final AlertService alerts;

  AckLinkRoutes(AlertService alerts) {
    this.alerts = alerts;
  }

  void mount(Router router) {
    router.get("/alerts/ack").handler(this::confirmPage);
    router
        .post("/alerts/ack")
        .handler(BodyHandler.create().setBodyLimit(4096))
        .handler(this::acknowledge);
  }

  private void confirmPage(RoutingContext ctx) {
    String token = ctx.queryParams().get("token");
    if (token == null || token.isBlank()) {
      ApiError.respond(ctx, 400, "the link has no token");
      return;
    }
    html(
        ctx,
        200,
        """
        <form method="post" action="/alerts/ack"><input type="hidden" name="token" value="%s">
        <p>Acknowledge this telemonitoring alert? / Kvittér for denne alarm?</p>
        <button type="submit">Acknowledge / Kvittér</button></form>"""
            .formatted(escape(token)));
  }

  private void acknowledge(RoutingContext ctx) {
    String token = ctx.request().getFormAttribute("token");
    if (token == null) {
      token = ctx.queryParams().get("token");
    }
    if (token == null || token.isBlank()) {
      ApiError.respond(ctx, 400, "the link has no token");
      return;
    }
    alerts
        .acknowledgeByToken(token)
        .onSuccess(
            alert ->
                html(
                    ctx,
                    200,
                    "<p>Acknowledged. Further escalation of this alert has stopped.</p>"
                        + "<p>Kvitteret. Alarmen eskaleres ikke videre.</p>"))
        .onFailure(
            e -> {
              if (e instanceof AlertNotFoundException) {
                ApiError.respond(ctx, 404, "this link is unknown or has expired");
              } else {
                ctx.fail(e);
              }
            });
  }

  private static void html(RoutingContext ctx, int status, String body) {
    ctx.response()
        .setStatusCode(status)
        .putHeader("content-type", "text/html; charset=utf-8")
        .putHeader("cache-control", "no-store")
        .end("<!doctype html><meta charset=utf-8><title>Telemonitoring</title>" + body);
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;")
        .replace("\"", "&quot;")
        .replace("<", "&lt;")
        .replace(">", "&gt;");
  }
}

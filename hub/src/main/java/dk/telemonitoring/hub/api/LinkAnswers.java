package dk.telemonitoring.hub.api;

import dk.telemonitoring.alerts.domain.AlertException;
import dk.telemonitoring.alerts.domain.AlertNotFoundException;
import dk.telemonitoring.alerts.domain.IllegalTransitionException;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * How {@link AlertLinkRoutes} answers: the security headers of its pages (mounted before the
 * people's API, whose handler sets them for everything else), its small pages in both languages,
 * and its refusals with their statuses.
 */
final class LinkAnswers {

  private LinkAnswers() {}

  static io.vertx.core.http.HttpServerResponse secure(RoutingContext ctx) {
    // Mounted before the people's API, whose handler sets these for everything else.
    return ctx.response()
        .putHeader("cache-control", "no-store")
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("X-Frame-Options", "DENY")
        .putHeader("Referrer-Policy", "no-referrer")
        .putHeader(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'");
  }

  static void html(RoutingContext ctx, int status, String page) {
    if (ctx.response().ended()) {
      return;
    }
    secure(ctx)
        .setStatusCode(status)
        .putHeader("content-type", "text/html; charset=utf-8")
        .end(page);
  }

  /**
   * A browser opening the link (it asks for HTML) gets a page it can show; any other client the
   * JSON error every route answers with.
   */
  static void refusePage(RoutingContext ctx, Throwable e) {
    int status = status(e);
    String accept = ctx.request().getHeader("Accept");
    if (status >= 500 || accept == null || !accept.contains("text/html")) {
      refuseJson(ctx, e);
      return;
    }
    String da;
    String en;
    switch (status) {
      case 410 -> {
        da = "Linket er udløbet. Log ind på triageskærmen for at se alarmen.";
        en = "This link has expired. Log in to the triage screen to see the alert.";
      }
      case 400 -> {
        da = "Linket er ufuldstændigt. Åbn det igen fra beskeden.";
        en = "The link is incomplete. Open it again from the message.";
      }
      default -> {
        da = "Linket er ukendt. Log ind på triageskærmen for at se alarmen.";
        en = "This link is not known. Log in to the triage screen to see the alert.";
      }
    }
    html(ctx, status, message(da, en));
  }

  /** A small page in both languages (nobody is known here, so not their language). */
  static String message(String da, String en) {
    return """
        <!doctype html><html lang="da"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Telemonitorering</title><link rel="stylesheet" href="/alert-page.css"></head>
        <body class="link-message"><main><p class="refusal">%s</p><p class="refusal" lang="en">%s</p>
        <p><a class="big-link" href="/">Log ind / Log in</a></p></main></body></html>"""
        .formatted(da, en);
  }

  static void refuseJson(RoutingContext ctx, Throwable e) {
    int status = status(e);
    if (status >= 500) {
      ctx.fail(e);
      return;
    }
    secure(ctx);
    ApiError.respond(ctx, status, e.getMessage());
  }

  private static int status(Throwable e) {
    if (e instanceof ApiError a) {
      return a.status();
    }
    if (e instanceof AlertNotFoundException) {
      return 404;
    }
    if (e instanceof IllegalTransitionException || e instanceof AlertException) {
      return 409;
    }
    if (e instanceof IllegalArgumentException) {
      return 400;
    }
    return 500;
  }

  static String resource(String path) {
    try (InputStream in = LinkAnswers.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

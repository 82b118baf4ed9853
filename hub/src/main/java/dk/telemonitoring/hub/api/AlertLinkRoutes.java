package dk.telemonitoring.hub.api;

import dk.telemonitoring.alerts.AlertService;
import dk.telemonitoring.alerts.domain.AdviceInstruction;
import dk.telemonitoring.alerts.domain.Alert;
import dk.telemonitoring.alerts.domain.AlertState;
import dk.telemonitoring.alerts.domain.CareOutcome;
import dk.telemonitoring.alerts.domain.Level;
import dk.telemonitoring.alerts.domain.LinkTarget;
import dk.telemonitoring.alerts.domain.SeenFindings;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.sqlclient.Pool;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.UUID;

/**
 * The signed link in a page (e-mail, push, webhook) to the on-call doctor: a phone page of that one
 * alert, without a login, until the link expires ({@code hub.alerts.link-ttl}).
 *
 * <ul>
 *   <li>{@code GET /alerts/ack?token=} the page itself (webroot/alert-page.html), or a clear
 *       refusal page for an unknown or expired link. A GET never changes anything: mail scanners
 *       and link previews fetch links.
 *   <li>{@code GET /alerts/link/alert?token=&alert=} what the page shows (JSON); the alert, when
 *       named, must be the link's own.
 *   <li>{@code POST /alerts/link/acknowledge|advise|resolve} with a JSON body holding the token and
 *       the alert's id. The token in the body is the credential (no cookie), so another site cannot
 *       forge the request; a JSON body (a CORS preflight for any other origin) and a same-origin
 *       Origin header are required as well. A resolved alert's page is read-only.
 *   <li>{@code POST /alerts/ack} with the token as a form field: the old one-button acknowledge.
 * </ul>
 *
 * Every view, action and refusal is audited ({@link LinkAudit}); nothing here logs the patient.
 */
final class AlertLinkRoutes {

  static final String PAGE = "/alerts/ack";
  static final String DATA = "/alerts/link/alert";

  private final AlertService alerts;
  private final AlertPageView view;
  private final LinkAudit audit;
  private final String pageHtml;

  AlertLinkRoutes(Pool pool, AlertService alerts) {
    this.alerts = alerts;
    this.view = new AlertPageView(pool, alerts);
    this.audit = new LinkAudit(pool);
    this.pageHtml = LinkAnswers.resource("/webroot/alert-page.html");
  }

  void mount(Router router) {
    router.get(PAGE).handler(this::page);
    router
        .post(PAGE)
        .handler(BodyHandler.create().setBodyLimit(4096))
        .handler(this::acknowledgeByForm);
    router.get(DATA).handler(this::data);
    BodyHandler body = BodyHandler.create().setBodyLimit(8192);
    router.post("/alerts/link/acknowledge").handler(body).handler(ctx -> act(ctx, this::ack));
    router.post("/alerts/link/advise").handler(body).handler(ctx -> act(ctx, this::advise));
    router.post("/alerts/link/resolve").handler(body).handler(ctx -> act(ctx, this::resolve));
  }

  // ----- reading -----

  private void page(RoutingContext ctx) {
    String token = ctx.queryParams().get("token");
    target(ctx, token)
        .onSuccess(
            link ->
                alerts
                    .get(link.alertId())
                    .compose(
                        a ->
                            audit.record(ctx, link, "alert-link.open", a.patientId(), a.clinicId()))
                    .onSuccess(x -> LinkAnswers.html(ctx, 200, pageHtml))
                    .onFailure(ctx::fail))
        .onFailure(e -> LinkAnswers.refusePage(ctx, e));
  }

  private void data(RoutingContext ctx) {
    String token = ctx.queryParams().get("token");
    String asked = ctx.queryParams().get("alert");
    target(ctx, token)
        .compose(link -> ownAlert(ctx, link, asked).map(a -> new Opened(link, a)))
        .compose(
            o ->
                audit
                    .record(
                        ctx,
                        o.link(),
                        "alert-link.view",
                        o.alert().patientId(),
                        o.alert().clinicId())
                    .compose(x -> view.read(o.link(), o.alert())))
        .onSuccess(
            json ->
                LinkAnswers.secure(ctx)
                    .putHeader("content-type", "application/json")
                    .end(json.encode()))
        .onFailure(e -> LinkAnswers.refuseJson(ctx, e));
  }

  private record Opened(LinkTarget link, Alert alert) {}

  // ----- acting -----

  private interface Action {
    Future<?> run(RoutingContext ctx, LinkTarget link, Alert alert, JsonObject body);
  }

  private void act(RoutingContext ctx, Action action) {
    JsonObject body;
    try {
      checkSameOrigin(ctx);
      String type = ctx.request().getHeader("content-type");
      if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
        throw new ApiError(415, "send the action as JSON (content-type application/json)");
      }
      body = Json.body(ctx);
    } catch (ApiError e) {
      LinkAnswers.refuseJson(ctx, e);
      return;
    }
    String token = body.getString("token");
    String asked = body.getString("alertId");
    if (asked == null) {
      LinkAnswers.refuseJson(ctx, ApiError.badRequest("'alertId' is required"));
      return;
    }
    target(ctx, token)
        .compose(link -> ownAlert(ctx, link, asked).map(a -> new Opened(link, a)))
        .compose(
            o -> {
              if (o.alert().state() == AlertState.RESOLVED) {
                return Future.failedFuture(
                    new ApiError(409, "the alert is resolved: this page is read-only"));
              }
              return action
                  .run(ctx, o.link(), o.alert(), body)
                  .compose(x -> alerts.get(o.alert().id()))
                  .compose(after -> view.read(o.link(), after));
            })
        .onSuccess(
            json ->
                LinkAnswers.secure(ctx)
                    .putHeader("content-type", "application/json")
                    .end(json.encode()))
        .onFailure(e -> LinkAnswers.refuseJson(ctx, e));
  }

  private Future<?> ack(RoutingContext ctx, LinkTarget link, Alert a, JsonObject body) {
    return audit
        .record(ctx, link, "alert-link.acknowledge", a.patientId(), a.clinicId())
        .compose(x -> alerts.acknowledgeByToken(body.getString("token")));
  }

  private Future<?> advise(RoutingContext ctx, LinkTarget link, Alert a, JsonObject body) {
    AdviceInstruction instruction;
    try {
      instruction =
          AdviceInstruction.valueOf(Json.required(body, "instruction").toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(
          ApiError.badRequest(
              "'instruction' must be one of " + Arrays.toString(AdviceInstruction.values())));
    }
    String note = body.getString("note");
    return audit
        .record(ctx, link, "alert-link.advise", a.patientId(), a.clinicId())
        .compose(
            x -> alerts.advise(a.id(), link.personId(), link.displayName(), instruction, note));
  }

  private Future<?> resolve(RoutingContext ctx, LinkTarget link, Alert a, JsonObject body) {
    CareOutcome outcome;
    try {
      outcome = CareOutcome.valueOf(Json.required(body, "outcome").toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(
          ApiError.badRequest("'outcome' must be one of " + Arrays.toString(CareOutcome.values())));
    }
    // As on the board: closing a CRITICAL case ends every rule's episode, never by a stray tap.
    if (a.level() == Level.CRITICAL && !Boolean.TRUE.equals(body.getValue("confirmCritical"))) {
      return Future.failedFuture(
          new ApiError(
              422,
              "resolving a CRITICAL alert needs \"confirmCritical\": true"
                  + " in the request, confirming that the clinic has acted on it"));
    }
    String note = body.getString("note");
    // As on the board: a finding whose newer reading the page did not show is refused (409).
    SeenFindings seen = SeenFindingsJson.of(body);
    return audit
        .record(ctx, link, "alert-link.resolve", a.patientId(), a.clinicId())
        .compose(x -> alerts.resolve(a.id(), link.personId(), outcome, note, seen));
  }

  /** The first page's button (links in pages sent before the alert page existed post here). */
  private void acknowledgeByForm(RoutingContext ctx) {
    String token = ctx.request().getFormAttribute("token");
    if (token == null) {
      token = ctx.queryParams().get("token");
    }
    String t = token;
    target(ctx, t)
        .compose(
            link ->
                alerts
                    .get(link.alertId())
                    .compose(
                        a ->
                            audit.record(
                                ctx, link, "alert-link.acknowledge", a.patientId(), a.clinicId()))
                    .compose(x -> alerts.acknowledgeByToken(t)))
        .onSuccess(
            a ->
                LinkAnswers.html(
                    ctx,
                    200,
                    LinkAnswers.message(
                        "Kvitteret. Alarmen eskaleres ikke videre.",
                        "Acknowledged. Further escalation of this alert has stopped.")))
        .onFailure(e -> LinkAnswers.refusePage(ctx, e));
  }

  // ----- the link -----

  /** The link's target, refused when the token is missing, unknown or expired. */
  private Future<LinkTarget> target(RoutingContext ctx, String token) {
    if (token == null || token.isBlank()) {
      return Future.failedFuture(new ApiError(400, "the link has no token"));
    }
    Instant now = Instant.now();
    return alerts
        .linkTarget(token)
        .compose(
            found -> {
              if (found.isEmpty()) {
                return audit
                    .refused(ctx, "unknown link", null, null)
                    .compose(x -> Future.failedFuture(new ApiError(404, "this link is not known")));
              }
              LinkTarget link = found.get();
              if (link.expired(now)) {
                return alerts
                    .get(link.alertId())
                    .compose(
                        a ->
                            audit.refused(
                                ctx,
                                "expired link of notification " + link.notificationId(),
                                a.patientId(),
                                a.clinicId()))
                    .compose(
                        x ->
                            Future.failedFuture(
                                new ApiError(
                                    410,
                                    "this link has expired; log in to the triage screen to see the alert")));
              }
              return Future.succeededFuture(link);
            });
  }

  /** The link's own alert; any other alert is refused (and the refusal audited). */
  private Future<Alert> ownAlert(RoutingContext ctx, LinkTarget link, String asked) {
    if (asked != null && !asked.equals(link.alertId().toString())) {
      UUID other = parse(asked);
      return audit
          .refused(
              ctx,
              "link of notification " + link.notificationId() + " used for another alert " + other,
              null,
              null)
          .compose(
              x ->
                  Future.failedFuture(
                      new ApiError(403, "this link opens only the alert it was sent for")));
    }
    return alerts.get(link.alertId());
  }

  private static UUID parse(String id) {
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /**
   * A browser sends Origin with every POST from a page; one from another site is refused (the token
   * in the body already stops forgery: belt and braces).
   */
  private static void checkSameOrigin(RoutingContext ctx) {
    String origin = ctx.request().getHeader("Origin");
    if (origin == null) {
      return;
    }
    String host = ctx.request().authority() == null ? null : ctx.request().authority().toString();
    String bare = origin.replaceFirst("^[a-zA-Z][a-zA-Z0-9+.-]*://", "");
    if (host == null || !bare.equalsIgnoreCase(host)) {
      throw new ApiError(403, "actions on this page come only from the page itself");
    }
  }
}

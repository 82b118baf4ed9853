package dk.telemonitoring.hub.api;

import dk.telemonitoring.hub.access.Passwords;
import dk.telemonitoring.hub.access.PatientSessions;
import dk.telemonitoring.hub.access.PatientSessions.Viewer;
import dk.telemonitoring.hub.access.Principal;
import dk.telemonitoring.hub.access.Role;
import io.vertx.core.Future;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signing in to the patient's own view. Staff of the patient's clinic issue a one-time code (to the
 * patient, or to a relative whose consent is recorded); the patient types it, or opens the link
 * with it, and nothing else: no account, no password. The session that opens shares the staff
 * cookie (HttpOnly, SameSite=Strict) and carries its own CSRF token; its principal has role {@link
 * Role#PATIENT}, which every other route refuses (403). Wrong codes are limited per address.
 */
final class PatientSignInRoutes {

  private static final Logger LOG = LoggerFactory.getLogger(PatientSignInRoutes.class);

  private final PatientSessions sessions;
  private final Access access;
  private final Audit audit;
  private final boolean secureByConfig;
  private final String publicUrl;

  PatientSignInRoutes(
      PatientSessions sessions,
      Access access,
      Audit audit,
      boolean secureByConfig,
      String publicUrl) {
    this.sessions = sessions;
    this.access = access;
    this.audit = audit;
    this.secureByConfig = secureByConfig;
    this.publicUrl = publicUrl.replaceAll("/+$", "");
  }

  void mount(Api api, Router router) {
    api.declare(HttpMethod.POST, "/api/v1/patient-view/session");
    router.post("/api/v1/patient-view/session").handler(this::signIn);
    api.get(
        "/api/v1/patient-view/session",
        Role.PATIENT_VIEW,
        (ctx, p) -> viewer(p).map(PatientSignInRoutes::describe));
    api.delete("/api/v1/patient-view/session", Role.PATIENT_VIEW, this::signOut);
    api.post("/api/v1/patients/:patientId/patient-view/codes", Role.STAFF, 201, this::issue);
    api.delete("/api/v1/patients/:patientId/patient-view/sessions", Role.STAFF, this::endAll);
  }

  /** The viewer behind a PATIENT principal (the session was valid a moment ago). */
  Future<Viewer> viewer(Principal p) {
    return sessions
        .lookup(p.tokenHash(), false)
        .map(
            v -> {
              if (v == null) {
                throw new ApiError(401, "sign in again (the session has ended)");
              }
              return v;
            });
  }

  /**
   * POST /api/v1/patient-view/session: {code} -> the viewer and the CSRF token; sets the cookie.
   */
  private void signIn(RoutingContext ctx) {
    String contentType = ctx.request().getHeader("content-type");
    if (contentType == null
        || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
      // Cross-site HTML forms cannot send JSON: refusing anything else closes sign-in CSRF.
      ApiError.respond(ctx, 415, "send the sign-in as application/json");
      return;
    }
    String code;
    try {
      code = PatientSessions.normalise(Json.body(ctx).getString("code"));
    } catch (ApiError | ClassCastException e) {
      ApiError.respond(ctx, 400, "'code' is required");
      return;
    }
    if (code.isEmpty() || code.length() > 32) {
      ApiError.respond(ctx, 400, "'code' is required");
      return;
    }
    String ip = Audit.clientIp(ctx);
    sessions
        .secondsUntilNextAttempt(ip)
        .compose(
            retryAfter -> {
              if (retryAfter > 0) {
                ctx.response().putHeader("Retry-After", String.valueOf(retryAfter));
                throw new ApiError(
                    429,
                    "too many wrong codes; try again in " + ((retryAfter + 59) / 60) + " minutes");
              }
              return sessions.redeem(code);
            })
        .compose(
            redeemed -> {
              if (redeemed == null) {
                LOG.info("patient sign-in refused [address: {}]", ip);
                return sessions
                    .recordFailure(ip)
                    .compose(
                        x ->
                            Future.failedFuture(
                                new ApiError(
                                    401,
                                    "the code is wrong, already used or expired: ask the clinic for a new one")));
              }
              if (redeemed.consentWithdrawn()) {
                return Future.failedFuture(
                    new ApiError(
                        403, "the patient has withdrawn the consent that gave you access"));
              }
              String token = Passwords.randomToken(32);
              byte[] hash = Passwords.sha256(token);
              return sessions
                  .open(hash, redeemed, Passwords.randomToken(32), ip, Audit.userAgent(ctx))
                  .compose(x -> sessions.lookup(hash, false))
                  .compose(
                      v ->
                          v == null
                              ? Future.failedFuture(
                                  new ApiError(403, "your access has ended: ask the clinic"))
                              : audit
                                  .record(
                                      ctx,
                                      v.principal(),
                                      "patient-view.sign-in",
                                      v.patientId(),
                                      v.clinicId(),
                                      null)
                                  .map(
                                      x -> {
                                        ctx.response()
                                            .addCookie(
                                                cookie(
                                                    ctx,
                                                    token,
                                                    PatientSessions.ABSOLUTE.toSeconds()));
                                        return describe(v);
                                      }));
            })
        .onSuccess(json -> Api.reply(ctx, 201, json))
        .onFailure(ctx::fail);
  }

  private Future<Void> signOut(RoutingContext ctx, Principal p) {
    return sessions
        .revoke(p.tokenHash())
        .map(
            x -> {
              ctx.response().addCookie(cookie(ctx, "", 0));
              return null;
            });
  }

  /**
   * POST /api/v1/patients/{patientId}/patient-view/codes: {relativeId?} -> a code for the patient,
   * or for the relative while the consent holds (409 otherwise), and the link that carries it.
   */
  private Future<JsonObject> issue(RoutingContext ctx, Principal who) {
    JsonObject body =
        ctx.body() == null || ctx.body().length() == 0 ? new JsonObject() : Json.body(ctx);
    Object rawRelative = body.getValue("relativeId");
    if (rawRelative != null && !(rawRelative instanceof Number)) {
      throw ApiError.badRequest("'relativeId' must be the number of the patient's relative");
    }
    Long relativeId = rawRelative == null ? null : ((Number) rawRelative).longValue();
    return access
        .patient(ctx, who, "patient-view.code.issue")
        .compose(
            ref -> {
              Future<Boolean> allowed =
                  relativeId == null
                      ? Future.succeededFuture(true)
                      : sessions.consentHolds(ref.id(), relativeId);
              return allowed.compose(
                  ok -> {
                    if (!ok) {
                      throw new ApiError(
                          409,
                          "this relative has no consent in force: record the patient's consent first");
                    }
                    return sessions.issue(ref.id(), relativeId, who.email());
                  });
            })
        .map(
            code ->
                new JsonObject()
                    .put("code", code.code())
                    .put("expiresAt", Json.text(code.expiresAt()))
                    .put("forRelative", relativeId != null)
                    .put("relativeId", relativeId)
                    .put(
                        "link",
                        publicUrl
                            + "/patient.html#code="
                            + PatientSessions.normalise(code.code())));
  }

  /** DELETE /api/v1/patients/{patientId}/patient-view/sessions: a lost tablet or phone. */
  private Future<JsonObject> endAll(RoutingContext ctx, Principal who) {
    return access
        .patient(ctx, who, "patient-view.sessions.end")
        .compose(ref -> sessions.revokeAll(ref.id()))
        .map(n -> new JsonObject().put("ended", n));
  }

  static JsonObject describe(Viewer v) {
    return new JsonObject()
        .put("patientId", v.patientId().toString())
        .put("patientName", v.patientName())
        .put("language", v.language())
        .put("relative", v.isRelative())
        .put("viewerName", v.viewerName())
        .put("csrfToken", v.csrfToken());
  }

  private Cookie cookie(RoutingContext ctx, String value, long maxAgeSeconds) {
    return Cookie.cookie(Auth.COOKIE, value)
        .setHttpOnly(true)
        .setSameSite(CookieSameSite.STRICT)
        .setPath("/")
        .setSecure(secureByConfig || ctx.request().isSSL())
        .setMaxAge(maxAgeSeconds);
  }
}

package dk.telemonitoring.hub.api;

import dk.telemonitoring.hub.access.LoginThrottle;
import dk.telemonitoring.hub.access.Passwords;
import dk.telemonitoring.hub.access.PatientSessions;
import dk.telemonitoring.hub.access.Principal;
import dk.telemonitoring.hub.access.Sessions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * People's sessions: login with a slow password hash, a random session token in an HttpOnly
 * SameSite=Strict cookie (Secure over TLS), only the token's hash in the database so every hub
 * instance accepts it, idle and absolute expiry, a per-session CSRF token for every state-changing
 * call, and login attempts limited in the database (so the limit holds across instances) per
 * account and address pair with growing delays ({@link LoginThrottle}).
 */
public final class Auth {

  public static final String COOKIE = "tm_session";
  public static final String CSRF_HEADER = "X-CSRF-Token";

  private static final Logger LOG = LoggerFactory.getLogger(Auth.class);
  private static final String PRINCIPAL_KEY = "tm.principal";

  private final Vertx vertx;
  private final Sessions sessions;
  private final boolean secureByConfig;
  private final PatientSessions patientSessions;

  /**
   * @param secureByConfig whether the hub's public address is https (cookies then always Secure)
   */
  public Auth(Vertx vertx, Sessions sessions, boolean secureByConfig) {
    this(vertx, sessions, secureByConfig, null);
  }

  /**
   * @param patientSessions the patient's own view: its sessions share the cookie and authenticate
   *     as role PATIENT (null: none)
   */
  public Auth(
      Vertx vertx, Sessions sessions, boolean secureByConfig, PatientSessions patientSessions) {
    this.vertx = vertx;
    this.sessions = sessions;
    this.secureByConfig = secureByConfig;
    this.patientSessions = patientSessions;
  }

  /** The session's person, or null without a valid session. Cached on the request. */
  public Future<Principal> authenticate(RoutingContext ctx) {
    Principal cached = ctx.get(PRINCIPAL_KEY);
    if (cached != null) {
      return Future.succeededFuture(cached);
    }
    Cookie cookie = ctx.request().getCookie(COOKIE);
    if (cookie == null || cookie.getValue().isBlank() || cookie.getValue().length() > 128) {
      return Future.succeededFuture(null);
    }
    byte[] tokenHash = Passwords.sha256(cookie.getValue());
    return sessions
        .lookup(tokenHash, true)
        .compose(
            p ->
                p != null || patientSessions == null
                    ? Future.succeededFuture(p)
                    : patientSessions
                        .lookup(tokenHash, true)
                        .map(v -> v == null ? null : v.principal()))
        .onSuccess(
            p -> {
              if (p != null) {
                ctx.put(PRINCIPAL_KEY, p);
              }
            });
  }

  /** Whether a state-changing request carries the session's CSRF token. */
  public static boolean csrfValid(RoutingContext ctx, Principal p) {
    String given = ctx.request().getHeader(CSRF_HEADER);
    return given != null
        && MessageDigest.isEqual(
            given.getBytes(StandardCharsets.UTF_8), p.csrfToken().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * POST /api/v1/session: {email, password} -> the person, their clinics and the CSRF token; sets
   * the cookie.
   */
  public void login(RoutingContext ctx) {
    String contentType = ctx.request().getHeader("content-type");
    if (contentType == null
        || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
      // Cross-site HTML forms cannot send JSON: refusing anything else closes login CSRF.
      ApiError.respond(ctx, 415, "send the login as application/json");
      return;
    }
    JsonObject body;
    try {
      body = ctx.body().asJsonObject();
    } catch (RuntimeException e) {
      ApiError.respond(ctx, 400, "the body is not a JSON object");
      return;
    }
    String email = body == null ? null : body.getString("email");
    String password = body == null ? null : body.getString("password");
    if (email == null || email.isBlank() || password == null || password.isEmpty()) {
      ApiError.respond(ctx, 400, "email and password are required");
      return;
    }
    String normalised = email.trim().toLowerCase(Locale.ROOT);
    String ip = Audit.clientIp(ctx);
    sessions
        .secondsUntilNextAttempt(normalised, ip)
        .compose(
            retryAfter -> {
              if (retryAfter > 0) {
                ctx.response().putHeader("Retry-After", String.valueOf(retryAfter));
                throw new ApiError(
                    429,
                    "too many failed logins; try again in "
                        + (retryAfter < 120
                            ? retryAfter + " seconds"
                            : ((retryAfter + 59) / 60) + " minutes"));
              }
              return sessions.activeAccount(normalised);
            })
        .compose(
            account -> {
              String stored = account == null ? Passwords.DUMMY_HASH : account.passwordHash();
              return vertx
                  .executeBlocking(() -> Passwords.verify(password, stored), false)
                  .map(ok -> ok && account != null ? account.id() : null);
            })
        .compose(userId -> sessions.recordAttempt(normalised, ip, userId != null).map(userId))
        .compose(
            userId -> {
              if (userId == null) {
                LOG.info("login failed [address: {}]", ip);
                throw new ApiError(401, "e-mail or password is wrong");
              }
              return startSession(ctx, userId);
            })
        .onSuccess(
            json ->
                ctx.response()
                    .setStatusCode(201)
                    .putHeader("content-type", "application/json")
                    .putHeader("cache-control", "no-store")
                    .end(json.encode()))
        .onFailure(ctx::fail);
  }

  private Future<JsonObject> startSession(RoutingContext ctx, UUID userId) {
    // A new random token at every login: a token planted before login (session fixation) is never
    // promoted.
    String token = Passwords.randomToken(32);
    String csrf = Passwords.randomToken(32);
    byte[] hash = Passwords.sha256(token);
    Cookie previous = ctx.request().getCookie(COOKIE);
    Future<Void> revokePrevious =
        previous == null
            ? Future.succeededFuture()
            : sessions.revoke(Passwords.sha256(previous.getValue()));
    String agent = Audit.userAgent(ctx);
    return revokePrevious
        .compose(x -> sessions.open(hash, userId, csrf, Audit.clientIp(ctx), agent))
        .compose(x -> sessions.lookup(hash, false))
        .map(
            p -> {
              ctx.response()
                  .addCookie(
                      Cookie.cookie(COOKIE, token)
                          .setHttpOnly(true)
                          .setSameSite(CookieSameSite.STRICT)
                          .setPath("/")
                          .setSecure(secureByConfig || ctx.request().isSSL())
                          .setMaxAge(Sessions.ABSOLUTE.toSeconds()));
              LOG.info("login [user: {}]", p.userId());
              return describe(p);
            });
  }

  /** DELETE /api/v1/session. */
  public Future<Void> logout(RoutingContext ctx, Principal p) {
    return sessions
        .revoke(p.tokenHash())
        .map(
            x -> {
              ctx.response()
                  .addCookie(
                      Cookie.cookie(COOKIE, "")
                          .setHttpOnly(true)
                          .setSameSite(CookieSameSite.STRICT)
                          .setPath("/")
                          .setSecure(secureByConfig || ctx.request().isSSL())
                          .setMaxAge(0));
              return null;
            });
  }

  /** PUT /api/v1/session/password: {current, new}; ends the person's other sessions. */
  public Future<JsonObject> changePassword(Principal p, JsonObject body) {
    String current = body.getString("current");
    String next = body.getString("new");
    Passwords.checkAcceptable(next);
    if (next.equals(current)) {
      throw new IllegalArgumentException("the new password must differ from the current one");
    }
    return sessions
        .passwordHash(p.userId())
        .compose(
            stored ->
                vertx.executeBlocking(
                    () -> {
                      if (!Passwords.verify(current, stored)) {
                        throw new ApiError(403, "the current password is wrong");
                      }
                      return Passwords.hash(next);
                    },
                    false))
        .compose(hash -> sessions.changePassword(p.userId(), hash, p.tokenHash()))
        .map(x -> new JsonObject().put("changed", true));
  }

  public static JsonObject describe(Principal p) {
    return new JsonObject()
        .put(
            "user",
            new JsonObject()
                .put("id", p.userId().toString())
                .put("email", p.email())
                .put("displayName", p.displayName())
                .put("role", p.role().name().toLowerCase(Locale.ROOT))
                .put("clinics", new JsonArray(p.clinics())))
        .put("csrfToken", p.csrfToken());
  }
}

package dk.telemonitoring.hub.api;

import dk.telemonitoring.hub.app.Hub;
import dk.telemonitoring.hub.app.Setting;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * People's sessions: login with a slow password hash, a random session token in an HttpOnly SameSite=Strict cookie
 * (Secure over TLS), only the token's hash in the database so every hub instance accepts it, idle and absolute
 * expiry, a per-session CSRF token for every state-changing call, and login attempts limited per account and per
 * address in the database (so the limit holds across instances).
 */
public final class Auth {

  public static final String COOKIE = "tm_session";
  public static final String CSRF_HEADER = "X-CSRF-Token";
  /** A session unused this long ends (the open triage board's live stream counts as use). */
  public static final Duration IDLE = Duration.ofMinutes(30);
  /** A session ends this long after login, used or not: about one long shift. */
  public static final Duration ABSOLUTE = Duration.ofHours(12);
  /** Failed logins per account, and per address, within {@link #WINDOW} before further attempts are refused. */
  public static final int MAX_FAILURES_PER_ACCOUNT = 5;
  public static final int MAX_FAILURES_PER_ADDRESS = 20;
  public static final Duration WINDOW = Duration.ofMinutes(15);

  private static final Logger LOG = LoggerFactory.getLogger(Auth.class);
  private static final String PRINCIPAL_KEY = "tm.principal";

  private final Vertx vertx;
  private final Pool pool;
  private final boolean secureByConfig;

  public Auth(Hub hub) {
    this.vertx = hub.vertx();
    this.pool = hub.pool();
    this.secureByConfig = hub.config().get(Setting.PUBLIC_URL).startsWith("https:");
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
    return lookup(Passwords.sha256(cookie.getValue()), true).onSuccess(p -> {
      if (p != null) {
        ctx.put(PRINCIPAL_KEY, p);
      }
    });
  }

  /** The session behind a token hash if it is still valid; optionally records it as used. */
  public Future<Principal> lookup(byte[] tokenHash, boolean touch) {
    return pool.preparedQuery("""
            SELECT u.id, u.email, u.display_name, u.role, s.csrf_token, s.last_seen_at < now() - interval '60 seconds',
                   coalesce(array_agg(c.clinic_id ORDER BY c.clinic_id) FILTER (WHERE c.clinic_id IS NOT NULL), '{}')
            FROM app_sessions s JOIN app_users u ON u.id = s.user_id
            LEFT JOIN app_user_clinics c ON c.user_id = u.id
            WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > now()
              AND s.last_seen_at > now() - make_interval(secs => $2) AND u.active
            GROUP BY u.id, s.token_hash""")
        .execute(Tuple.of(io.vertx.core.buffer.Buffer.buffer(tokenHash), (double) IDLE.toSeconds()))
        .map(rows -> {
          if (rows.size() == 0) {
            return null;
          }
          Row r = rows.iterator().next();
          if (touch && Boolean.TRUE.equals(r.getBoolean(5))) {
            pool.preparedQuery("UPDATE app_sessions SET last_seen_at = now() WHERE token_hash = $1")
                .execute(Tuple.of(io.vertx.core.buffer.Buffer.buffer(tokenHash)))
                .onFailure(e -> LOG.warn("session touch failed [reason: {}]", e.getMessage()));
          }
          List<String> clinics = Arrays.asList(r.getArrayOfStrings(6));
          return new Principal(r.getUUID(0), r.getString(1), r.getString(2), Role.valueOf(r.getString(3)),
              List.copyOf(clinics), tokenHash, r.getString(4));
        });
  }

  /** Whether a state-changing request carries the session's CSRF token. */
  public static boolean csrfValid(RoutingContext ctx, Principal p) {
    String given = ctx.request().getHeader(CSRF_HEADER);
    return given != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
        p.csrfToken().getBytes(StandardCharsets.UTF_8));
  }

  /** POST /api/v1/session: {email, password} -> the person, their clinics and the CSRF token; sets the cookie. */
  public void login(RoutingContext ctx) {
    String contentType = ctx.request().getHeader("content-type");
    if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
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
    rateLimited(normalised, ip).compose(retryAfter -> {
      if (retryAfter > 0) {
        ctx.response().putHeader("Retry-After", String.valueOf(retryAfter));
        throw new ApiError(429, "too many failed logins; try again in " + ((retryAfter + 59) / 60) + " minutes");
      }
      return pool.preparedQuery("SELECT id, password_hash FROM app_users WHERE email = $1 AND active")
          .execute(Tuple.of(normalised));
    }).compose(rows -> {
      Row r = rows.size() == 0 ? null : rows.iterator().next();
      String stored = r == null ? Passwords.DUMMY_HASH : r.getString(1);
      return vertx.executeBlocking(() -> Passwords.verify(password, stored), false)
          .map(ok -> ok && r != null ? r.getUUID(0) : null);
    }).compose(userId -> pool.preparedQuery("INSERT INTO login_attempts (email, ip, success) VALUES ($1, $2, $3)")
        .execute(Tuple.of(normalised, ip, userId != null)).map(userId)
    ).compose(userId -> {
      if (userId == null) {
        LOG.info("login failed [address: {}]", ip);
        throw new ApiError(401, "e-mail or password is wrong");
      }
      return startSession(ctx, userId);
    }).onSuccess(json -> ctx.response().setStatusCode(201).putHeader("content-type", "application/json")
        .putHeader("cache-control", "no-store").end(json.encode()))
      .onFailure(ctx::fail);
  }

  /**
   * Seconds until another attempt is allowed, 0 if allowed now. Failures since the account's last success count
   * against the account; all failures in the window count against the address.
   */
  Future<Long> rateLimited(String email, String ip) {
    return pool.preparedQuery("""
            SELECT
              (SELECT count(*) FROM login_attempts WHERE email = $1 AND NOT success AND at > now() - make_interval(secs => $3)
                 AND at > coalesce((SELECT max(at) FROM login_attempts WHERE email = $1 AND success), '-infinity')),
              (SELECT min(at) FROM (SELECT at FROM login_attempts WHERE email = $1 AND NOT success
                 AND at > now() - make_interval(secs => $3) ORDER BY at DESC LIMIT $4) x),
              (SELECT count(*) FROM login_attempts WHERE ip = $2 AND NOT success AND at > now() - make_interval(secs => $3)),
              (SELECT min(at) FROM (SELECT at FROM login_attempts WHERE ip = $2 AND NOT success
                 AND at > now() - make_interval(secs => $3) ORDER BY at DESC LIMIT $5) y),
              now()""")
        .execute(Tuple.of(email, ip, (double) WINDOW.toSeconds(), MAX_FAILURES_PER_ACCOUNT, MAX_FAILURES_PER_ADDRESS))
        .map(rows -> {
          Row r = rows.iterator().next();
          long wait = 0;
          var now = r.getOffsetDateTime(4);
          if (r.getLong(0) >= MAX_FAILURES_PER_ACCOUNT && r.getOffsetDateTime(1) != null) {
            wait = Math.max(wait, Duration.between(now, r.getOffsetDateTime(1).plus(WINDOW)).toSeconds() + 1);
          }
          if (r.getLong(2) >= MAX_FAILURES_PER_ADDRESS && r.getOffsetDateTime(3) != null) {
            wait = Math.max(wait, Duration.between(now, r.getOffsetDateTime(3).plus(WINDOW)).toSeconds() + 1);
          }
          return wait;
        });
  }

  private Future<JsonObject> startSession(RoutingContext ctx, UUID userId) {
    // A new random token at every login: a token planted before login (session fixation) is never promoted.
    String token = Passwords.randomToken(32);
    String csrf = Passwords.randomToken(32);
    byte[] hash = Passwords.sha256(token);
    Cookie previous = ctx.request().getCookie(COOKIE);
    Future<?> revokePrevious = previous == null ? Future.succeededFuture()
        : pool.preparedQuery("UPDATE app_sessions SET revoked_at = now() WHERE token_hash = $1 AND revoked_at IS NULL")
            .execute(Tuple.of(io.vertx.core.buffer.Buffer.buffer(Passwords.sha256(previous.getValue()))));
    String agent = Audit.userAgent(ctx);
    return revokePrevious.compose(x -> pool.preparedQuery("""
            INSERT INTO app_sessions (token_hash, user_id, csrf_token, expires_at, ip, user_agent)
            VALUES ($1, $2, $3, now() + make_interval(secs => $4), $5, $6)""")
        .execute(Tuple.of(io.vertx.core.buffer.Buffer.buffer(hash), userId, csrf, (double) ABSOLUTE.toSeconds(),
            Audit.clientIp(ctx), agent)))
        .compose(x -> lookup(hash, false))
        .map(p -> {
          ctx.response().addCookie(Cookie.cookie(COOKIE, token).setHttpOnly(true).setSameSite(CookieSameSite.STRICT)
              .setPath("/").setSecure(secureByConfig || ctx.request().isSSL()).setMaxAge(ABSOLUTE.toSeconds()));
          LOG.info("login [user: {}]", p.userId());
          return describe(p);
        });
  }

  /** DELETE /api/v1/session. */
  public Future<Void> logout(RoutingContext ctx, Principal p) {
    return pool.preparedQuery("UPDATE app_sessions SET revoked_at = now() WHERE token_hash = $1")
        .execute(Tuple.of(io.vertx.core.buffer.Buffer.buffer(p.tokenHash())))
        .map(x -> {
          ctx.response().addCookie(Cookie.cookie(COOKIE, "").setHttpOnly(true).setSameSite(CookieSameSite.STRICT)
              .setPath("/").setSecure(secureByConfig || ctx.request().isSSL()).setMaxAge(0));
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
    return pool.preparedQuery("SELECT password_hash FROM app_users WHERE id = $1").execute(Tuple.of(p.userId()))
        .compose(rows -> vertx.executeBlocking(() -> {
          if (!Passwords.verify(current, rows.iterator().next().getString(0))) {
            throw new ApiError(403, "the current password is wrong");
          }
          return Passwords.hash(next);
        }, false))
        .compose(hash -> pool.withTransaction(tx -> tx.preparedQuery(
                "UPDATE app_users SET password_hash = $2, default_password = false, updated_at = now() WHERE id = $1")
            .execute(Tuple.of(p.userId(), hash))
            .compose(x -> tx.preparedQuery(
                    "UPDATE app_sessions SET revoked_at = now() WHERE user_id = $1 AND token_hash <> $2 AND revoked_at IS NULL")
                .execute(Tuple.of(p.userId(), io.vertx.core.buffer.Buffer.buffer(p.tokenHash()))))))
        .map(x -> new JsonObject().put("changed", true));
  }

  public static JsonObject describe(Principal p) {
    return new JsonObject().put("user", new JsonObject().put("id", p.userId().toString()).put("email", p.email())
            .put("displayName", p.displayName()).put("role", p.role().name().toLowerCase(Locale.ROOT))
            .put("clinics", new JsonArray(p.clinics())))
        .put("csrfToken", p.csrfToken());
  }
}

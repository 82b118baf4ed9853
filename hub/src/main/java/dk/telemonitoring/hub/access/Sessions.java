package dk.telemonitoring.hub.access;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * People's sessions, accounts' password hashes and login attempts in the database, so every hub
 * instance accepts a session and the login limits hold across instances. Only a session token's
 * SHA-256 is stored.
 */
public final class Sessions {

  /** A session unused this long ends (the open triage board's live stream counts as use). */
  public static final Duration IDLE = Duration.ofMinutes(30);

  /** A session ends this long after login, used or not: about one long shift. */
  public static final Duration ABSOLUTE = Duration.ofHours(12);

  private static final Logger LOG = LoggerFactory.getLogger(Sessions.class);

  /** An active account's id and stored password hash. */
  public record Account(UUID id, String passwordHash) {}

  private final Pool pool;

  public Sessions(Pool pool) {
    this.pool = pool;
  }

  /** The session behind a token hash if it is still valid; optionally records it as used. */
  public Future<Principal> lookup(byte[] tokenHash, boolean touch) {
    return pool.preparedQuery(
            """
            SELECT u.id, u.email, u.display_name, u.role, s.csrf_token, s.last_seen_at < now() - interval '60 seconds',
                   coalesce(array_agg(c.clinic_id ORDER BY c.clinic_id) FILTER (WHERE c.clinic_id IS NOT NULL), '{}')
            FROM app_sessions s JOIN app_users u ON u.id = s.user_id
            LEFT JOIN app_user_clinics c ON c.user_id = u.id
            WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > now()
              AND s.last_seen_at > now() - make_interval(secs => $2) AND u.active
            GROUP BY u.id, s.token_hash""")
        .execute(Tuple.of(Buffer.buffer(tokenHash), (double) IDLE.toSeconds()))
        .map(
            rows -> {
              if (rows.size() == 0) {
                return null;
              }
              Row r = rows.iterator().next();
              if (touch && Boolean.TRUE.equals(r.getBoolean(5))) {
                pool.preparedQuery(
                        "UPDATE app_sessions SET last_seen_at = now() WHERE token_hash = $1")
                    .execute(Tuple.of(Buffer.buffer(tokenHash)))
                    .onFailure(e -> LOG.warn("session touch failed [reason: {}]", e.getMessage()));
              }
              List<String> clinics = Arrays.asList(r.getArrayOfStrings(6));
              return new Principal(
                  r.getUUID(0),
                  r.getString(1),
                  r.getString(2),
                  Role.valueOf(r.getString(3)),
                  List.copyOf(clinics),
                  tokenHash,
                  r.getString(4));
            });
  }

  /** The active account with this (normalised) e-mail, or null. */
  public Future<Account> activeAccount(String email) {
    return pool.preparedQuery("SELECT id, password_hash FROM app_users WHERE email = $1 AND active")
        .execute(Tuple.of(email))
        .map(
            rows ->
                rows.size() == 0
                    ? null
                    : new Account(
                        rows.iterator().next().getUUID(0), rows.iterator().next().getString(1)));
  }

  public Future<Void> recordAttempt(String email, String ip, boolean success) {
    return pool.preparedQuery("INSERT INTO login_attempts (email, ip, success) VALUES ($1, $2, $3)")
        .execute(Tuple.of(email, ip, success))
        .mapEmpty();
  }

  /** Seconds until another attempt is allowed, 0 if allowed now ({@link LoginThrottle}). */
  public Future<Long> secondsUntilNextAttempt(String email, String ip) {
    return pool.preparedQuery(
            """
            WITH pair AS (
              SELECT at FROM login_attempts
              WHERE email = $1 AND ip = $2 AND NOT success AND at > now() - make_interval(secs => $3)
                AND at > coalesce((SELECT max(at) FROM login_attempts WHERE email = $1 AND ip = $2 AND success),
                                  '-infinity'))
            SELECT
              (SELECT count(*) FROM pair),
              (SELECT max(at) FROM pair),
              EXISTS (SELECT 1 FROM login_attempts WHERE email = $1 AND ip = $2 AND success
                        AND at > now() - make_interval(secs => $4)),
              (SELECT count(*) FROM login_attempts WHERE ip = $2 AND NOT success AND at > now() - make_interval(secs => $5)),
              (SELECT min(at) FROM (SELECT at FROM login_attempts WHERE ip = $2 AND NOT success
                 AND at > now() - make_interval(secs => $5) ORDER BY at DESC LIMIT $6) x),
              (SELECT count(*) FROM login_attempts WHERE email = $1 AND NOT success AND at > now() - make_interval(secs => $5)),
              (SELECT min(at) FROM (SELECT at FROM login_attempts WHERE email = $1 AND NOT success
                 AND at > now() - make_interval(secs => $5) ORDER BY at DESC LIMIT $6) y),
              now()""")
        .execute(
            Tuple.of(
                email,
                ip,
                (double) LoginThrottle.PAIR_MEMORY.toSeconds(),
                (double) LoginThrottle.KNOWN_ADDRESS.toSeconds(),
                (double) LoginThrottle.WINDOW.toSeconds(),
                LoginThrottle.WIDE_LIMIT))
        .map(
            rows -> {
              Row r = rows.iterator().next();
              var recent =
                  new LoginThrottle.Recent(
                      r.getLong(0),
                      instant(r, 1),
                      r.getBoolean(2),
                      r.getLong(3),
                      instant(r, 4),
                      r.getLong(5),
                      instant(r, 6));
              return LoginThrottle.secondsToWait(recent, instant(r, 7));
            });
  }

  private static Instant instant(Row r, int column) {
    var t = r.getOffsetDateTime(column);
    return t == null ? null : t.toInstant();
  }

  /** Starts a session of {@link #ABSOLUTE} length under the token's hash. */
  public Future<Void> open(
      byte[] tokenHash, UUID userId, String csrfToken, String ip, String userAgent) {
    return pool.preparedQuery(
            """
            INSERT INTO app_sessions (token_hash, user_id, csrf_token, expires_at, ip, user_agent)
            VALUES ($1, $2, $3, now() + make_interval(secs => $4), $5, $6)""")
        .execute(
            Tuple.of(
                Buffer.buffer(tokenHash),
                userId,
                csrfToken,
                (double) ABSOLUTE.toSeconds(),
                ip,
                userAgent))
        .mapEmpty();
  }

  public Future<Void> revoke(byte[] tokenHash) {
    return pool.preparedQuery(
            "UPDATE app_sessions SET revoked_at = now() WHERE token_hash = $1 AND revoked_at IS NULL")
        .execute(Tuple.of(Buffer.buffer(tokenHash)))
        .mapEmpty();
  }

  public Future<String> passwordHash(UUID userId) {
    return pool.preparedQuery("SELECT password_hash FROM app_users WHERE id = $1")
        .execute(Tuple.of(userId))
        .map(rows -> rows.iterator().next().getString(0));
  }

  /**
   * Stores a new password hash and ends the person's sessions other than {@code keptSession}, in
   * one transaction.
   */
  public Future<Void> changePassword(UUID userId, String newHash, byte[] keptSession) {
    return pool.withTransaction(
            tx ->
                tx.preparedQuery(
                        "UPDATE app_users SET password_hash = $2, default_password = false, updated_at = now() WHERE id = $1")
                    .execute(Tuple.of(userId, newHash))
                    .compose(
                        x ->
                            tx.preparedQuery(
                                    "UPDATE app_sessions SET revoked_at = now() WHERE user_id = $1 AND token_hash <> $2 AND revoked_at IS NULL")
                                .execute(Tuple.of(userId, Buffer.buffer(keptSession)))))
        .mapEmpty();
  }
}

package dk.telemonitoring.hub.access;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The patient's own view: one-time sign-in codes the clinic issues to the patient (or to a relative
 * whose consent is recorded), and the sessions they open. A session reads one patient and nothing
 * else; a relative's session ends the moment the consent is withdrawn. Only SHA-256 hashes of codes
 * and tokens are stored.
 */
public final class PatientSessions {

  /** A code not used within this long no longer signs in. */
  public static final Duration CODE_VALID = Duration.ofDays(7);

  /**
   * Longer than a staff session: the view lives on the patient's own tablet or phone at home, and
   * the patient should not need the clinic for a new code every day. Ended by signing out or by the
   * clinic ({@link #revokeAll}).
   */
  public static final Duration ABSOLUTE = Duration.ofDays(30);

  public static final Duration IDLE = Duration.ofDays(7);

  /** Failed code attempts from one address within {@link #WINDOW} before further ones wait. */
  public static final int MAX_FAILURES_PER_ADDRESS = 10;

  public static final Duration WINDOW = Duration.ofMinutes(15);

  /** Letters and digits a person cannot confuse (no 0/O, 1/I/L). */
  private static final String ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

  private static final int CODE_LENGTH = 8;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Logger LOG = LoggerFactory.getLogger(PatientSessions.class);

  /**
   * Who is signed in to a patient's view.
   *
   * @param relativeId the relative's link, null for the patient
   * @param viewerId the relative's user id, or the patient's id
   */
  public record Viewer(
      UUID patientId,
      String clinicId,
      String patientName,
      String language,
      Long relativeId,
      UUID viewerId,
      String viewerName,
      String viewerEmail,
      String relation,
      byte[] tokenHash,
      String csrfToken) {

    public boolean isRelative() {
      return relativeId != null;
    }

    /**
     * The principal of the request: role {@link Role#PATIENT}, no clinic; audit rows name the
     * relative when a relative signed in, else the patient.
     */
    public Principal principal() {
      return new Principal(
          viewerId,
          isRelative() ? viewerEmail : "patient",
          viewerName,
          Role.PATIENT,
          List.of(),
          tokenHash,
          csrfToken);
    }
  }

  /** An issued code, in the form a person types: "ABCD-EFGH". */
  public record IssuedCode(String code, Instant expiresAt) {}

  /** What a used code signs in: the patient and, for a relative, the link. */
  public record Redeemed(UUID patientId, Long relativeId, boolean consentWithdrawn) {}

  private final Pool pool;

  public PatientSessions(Pool pool) {
    this.pool = pool;
  }

  /** Letters and digits only, upper case: what a person typed, with spaces or dashes, as stored. */
  public static String normalise(String code) {
    return code == null ? "" : code.replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT);
  }

  /**
   * A new code for the patient ({@code relativeId} null) or the relative; the person's older unused
   * codes stop working.
   */
  public Future<IssuedCode> issue(UUID patientId, Long relativeId, String issuedBy) {
    StringBuilder raw = new StringBuilder();
    for (int i = 0; i < CODE_LENGTH; i++) {
      raw.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    String code = raw.toString();
    return pool.withTransaction(
            tx ->
                tx.preparedQuery(
                        """
                        UPDATE patient_signin_codes SET revoked_at = now()
                        WHERE patient_id = $1 AND relative_id IS NOT DISTINCT FROM $2
                          AND used_at IS NULL AND revoked_at IS NULL""")
                    .execute(Tuple.of(patientId, relativeId))
                    .compose(
                        x ->
                            tx.preparedQuery(
                                    """
                                    INSERT INTO patient_signin_codes (code_hash, patient_id, relative_id, issued_by, expires_at)
                                    VALUES ($1, $2, $3, $4, now() + make_interval(secs => $5)) RETURNING expires_at""")
                                .execute(
                                    Tuple.of(
                                        Buffer.buffer(Passwords.sha256(code)),
                                        patientId,
                                        relativeId,
                                        issuedBy,
                                        (double) CODE_VALID.toSeconds()))))
        .map(
            rs ->
                new IssuedCode(
                    code.substring(0, 4) + "-" + code.substring(4),
                    rs.iterator().next().getOffsetDateTime(0).toInstant()));
  }

  /**
   * Uses the code once: null when it is unknown, used, revoked or expired. A relative's code whose
   * consent was withdrawn is used up and reported as such.
   */
  public Future<Redeemed> redeem(String code) {
    return pool.preparedQuery(
            """
            UPDATE patient_signin_codes c SET used_at = now()
            WHERE code_hash = $1 AND used_at IS NULL AND revoked_at IS NULL AND expires_at > now()
            RETURNING patient_id, relative_id,
              relative_id IS NOT NULL AND NOT EXISTS (
                SELECT 1 FROM patient_relatives r WHERE r.id = c.relative_id AND r.withdrawn_at IS NULL)""")
        .execute(Tuple.of(Buffer.buffer(Passwords.sha256(normalise(code)))))
        .map(
            rs -> {
              if (rs.size() == 0) {
                return null;
              }
              Row r = rs.iterator().next();
              return new Redeemed(r.getUUID(0), r.getLong(1), r.getBoolean(2));
            });
  }

  /** Seconds until this address may try another code, 0 if now. */
  public Future<Long> secondsUntilNextAttempt(String ip) {
    return pool.preparedQuery(
            """
            SELECT count(*), min(at), now() FROM (SELECT at FROM patient_signin_failures
              WHERE ip = $1 AND at > now() - make_interval(secs => $2) ORDER BY at DESC LIMIT $3) x""")
        .execute(Tuple.of(ip, (double) WINDOW.toSeconds(), MAX_FAILURES_PER_ADDRESS))
        .map(
            rs -> {
              Row r = rs.iterator().next();
              if (r.getLong(0) < MAX_FAILURES_PER_ADDRESS) {
                return 0L;
              }
              return Duration.between(r.getOffsetDateTime(2), r.getOffsetDateTime(1).plus(WINDOW))
                      .toSeconds()
                  + 1;
            });
  }

  public Future<Void> recordFailure(String ip) {
    return pool.preparedQuery("INSERT INTO patient_signin_failures (ip) VALUES ($1)")
        .execute(Tuple.of(ip))
        .mapEmpty();
  }

  /** Opens a session of {@link #ABSOLUTE} length for what the code signed in. */
  public Future<Void> open(
      byte[] tokenHash, Redeemed redeemed, String csrfToken, String ip, String userAgent) {
    return pool.preparedQuery(
            """
            INSERT INTO patient_sessions (token_hash, patient_id, relative_id, csrf_token, expires_at, ip, user_agent)
            VALUES ($1, $2, $3, $4, now() + make_interval(secs => $5), $6, $7)""")
        .execute(
            Tuple.from(
                new Object[] {
                  Buffer.buffer(tokenHash),
                  redeemed.patientId(),
                  redeemed.relativeId(),
                  csrfToken,
                  (double) ABSOLUTE.toSeconds(),
                  ip,
                  userAgent
                }))
        .mapEmpty();
  }

  /**
   * The session's viewer while it is valid (and, for a relative, while the consent holds), else
   * null; optionally records it as used.
   */
  public Future<Viewer> lookup(byte[] tokenHash, boolean touch) {
    return pool.preparedQuery(
            """
            SELECT p.id, p.clinic_id, p.display_name, p.language, s.relative_id, u.id, u.display_name, u.email,
                   r.relation, s.csrf_token, s.last_seen_at < now() - interval '60 seconds'
            FROM patient_sessions s JOIN patients p ON p.id = s.patient_id
            LEFT JOIN patient_relatives r ON r.id = s.relative_id
            LEFT JOIN app_users u ON u.id = r.user_id
            WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > now()
              AND s.last_seen_at > now() - make_interval(secs => $2)
              AND (s.relative_id IS NULL OR (r.withdrawn_at IS NULL AND u.active))""")
        .execute(Tuple.of(Buffer.buffer(tokenHash), (double) IDLE.toSeconds()))
        .map(
            rs -> {
              if (rs.size() == 0) {
                return null;
              }
              Row r = rs.iterator().next();
              if (touch && Boolean.TRUE.equals(r.getBoolean(10))) {
                pool.preparedQuery(
                        "UPDATE patient_sessions SET last_seen_at = now() WHERE token_hash = $1")
                    .execute(Tuple.of(Buffer.buffer(tokenHash)))
                    .onFailure(
                        e -> LOG.warn("patient session touch failed [reason: {}]", e.getMessage()));
              }
              Long relativeId = r.getLong(4);
              return new Viewer(
                  r.getUUID(0),
                  r.getString(1),
                  r.getString(2),
                  r.getString(3),
                  relativeId,
                  relativeId == null ? r.getUUID(0) : r.getUUID(5),
                  relativeId == null ? r.getString(2) : r.getString(6),
                  r.getString(7),
                  r.getString(8),
                  tokenHash,
                  r.getString(9));
            });
  }

  public Future<Void> revoke(byte[] tokenHash) {
    return pool.preparedQuery(
            "UPDATE patient_sessions SET revoked_at = now() WHERE token_hash = $1 AND revoked_at IS NULL")
        .execute(Tuple.of(Buffer.buffer(tokenHash)))
        .mapEmpty();
  }

  /**
   * Ends every session and unused code of the patient's view (a lost tablet): returns the sessions
   * ended.
   */
  public Future<Integer> revokeAll(UUID patientId) {
    return pool.withTransaction(
        tx ->
            tx.preparedQuery(
                    "UPDATE patient_signin_codes SET revoked_at = now() WHERE patient_id = $1 AND used_at IS NULL AND revoked_at IS NULL")
                .execute(Tuple.of(patientId))
                .compose(
                    x ->
                        tx.preparedQuery(
                                "UPDATE patient_sessions SET revoked_at = now() WHERE patient_id = $1 AND revoked_at IS NULL")
                            .execute(Tuple.of(patientId)))
                .map(rs -> rs.rowCount()));
  }

  /** A relative link of the patient with consent in force, or false. */
  public Future<Boolean> consentHolds(UUID patientId, long relativeId) {
    return pool.preparedQuery(
            "SELECT 1 FROM patient_relatives WHERE id = $1 AND patient_id = $2 AND withdrawn_at IS NULL")
        .execute(Tuple.of(relativeId, patientId))
        .map(rs -> rs.size() > 0);
  }
}

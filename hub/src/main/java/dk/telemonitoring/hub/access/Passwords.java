package dk.telemonitoring.hub.access;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.spec.InvalidKeySpecException;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Slow, salted password hashes with the JDK alone: PBKDF2-HMAC-SHA256 at 210,000 iterations (OWASP
 * Password Storage Cheat Sheet, 2023). Stored as {@code pbkdf2-sha256$iterations$salt$hash} so the
 * cost can be raised later without breaking old hashes. CPU-heavy: callers run it off the event
 * loop.
 */
public final class Passwords {

  public static final int ITERATIONS = 210_000;
  public static final int MIN_LENGTH = 8;
  private static final String SCHEME = "pbkdf2-sha256";
  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * Hashed when the account does not exist, so a login takes as long for unknown and known e-mails.
   */
  public static final String DUMMY_HASH = hash("not-a-real-password-" + RANDOM.nextLong());

  private Passwords() {}

  public static String hash(String password) {
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    byte[] key = derive(password, salt, ITERATIONS);
    Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
    return SCHEME
        + "$"
        + ITERATIONS
        + "$"
        + b64.encodeToString(salt)
        + "$"
        + b64.encodeToString(key);
  }

  public static boolean verify(String password, String stored) {
    String[] parts = stored == null ? new String[0] : stored.split("\\$");
    if (parts.length != 4 || !SCHEME.equals(parts[0]) || password == null) {
      return false;
    }
    int iterations = Integer.parseInt(parts[1]);
    byte[] salt = Base64.getDecoder().decode(parts[2]);
    byte[] expected = Base64.getDecoder().decode(parts[3]);
    return MessageDigest.isEqual(expected, derive(password, salt, iterations));
  }

  /**
   * A new password must be long enough; anything more is the person's own business (NIST SP
   * 800-63B).
   */
  public static void checkAcceptable(String password) {
    if (password == null || password.codePointCount(0, password.length()) < MIN_LENGTH) {
      throw new IllegalArgumentException("a password needs at least " + MIN_LENGTH + " characters");
    }
    if (password.length() > 256) {
      throw new IllegalArgumentException("a password may have at most 256 characters");
    }
  }

  /** A random URL-safe token of {@code bytes} random bytes. */
  public static String randomToken(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  public static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256")
          .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] derive(String password, byte[] salt, int iterations) {
    try {
      PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, 256);
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (NoSuchAlgorithmException | InvalidKeySpecException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 unavailable", e);
    }
  }
}

package dk.telemonitoring.alerts.domain;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Acknowledge tokens: HMAC-SHA256 of the notification id under the server secret, base64url.
 * Unguessable without the secret, derived again when a retry renders the link, and only their
 * SHA-256 is stored.
 */
public final class AckTokens {

  private final byte[] secret;

  public AckTokens(String secret) {
    this.secret = secret.getBytes(StandardCharsets.UTF_8);
  }

  public String tokenFor(UUID notificationId) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(hmac(secret, ("ack:" + notificationId).getBytes(StandardCharsets.UTF_8)));
  }

  public static byte[] hash(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public static byte[] hmac(byte[] key, byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String hmacHex(String key, String data) {
    return HexFormat.of()
        .formatHex(
            hmac(key.getBytes(StandardCharsets.UTF_8), data.getBytes(StandardCharsets.UTF_8)));
  }
}

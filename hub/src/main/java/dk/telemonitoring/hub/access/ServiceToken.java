package dk.telemonitoring.hub.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The bearer service token check (the same rule as the provisioning API's): constant-time
 * comparison, and no access at all while the token is empty.
 */
public final class ServiceToken {

  private final byte[] token;

  public ServiceToken(String token) {
    this.token = token == null ? new byte[0] : token.getBytes(StandardCharsets.UTF_8);
  }

  public boolean accepts(String authorizationHeader) {
    byte[] given =
        authorizationHeader != null && authorizationHeader.startsWith("Bearer ")
            ? authorizationHeader.substring(7).getBytes(StandardCharsets.UTF_8)
            : new byte[0];
    return token.length > 0 && MessageDigest.isEqual(token, given);
  }
}

package dk.telemonitoring.hub.access;

import java.util.List;
import java.util.UUID;

/**
 * The person behind a request, as their session in the database says.
 *
 * @param clinics the clinics a staff member works in (empty for relatives)
 * @param tokenHash SHA-256 of the session token (the session's key)
 */
public record Principal(
    UUID userId,
    String email,
    String displayName,
    Role role,
    List<String> clinics,
    byte[] tokenHash,
    String csrfToken) {

  public boolean isStaff() {
    return Role.STAFF.contains(role);
  }

  /** The id recorded as the actor in alert histories and audit rows. */
  public String actorId() {
    return userId.toString();
  }
}

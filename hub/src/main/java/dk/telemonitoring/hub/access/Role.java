package dk.telemonitoring.hub.access;

import java.util.EnumSet;
import java.util.Set;

/**
 * What a person may do. Staff work in one or more clinics; a relative reads one patient's data with
 * consent.
 */
public enum Role {
  NURSE,
  DOCTOR,
  ADMIN,
  RELATIVE;

  /** Everyone who works in a clinic. */
  public static final Set<Role> STAFF = EnumSet.of(NURSE, DOCTOR, ADMIN);

  /** Everyone who may read a patient's data (relatives only with recorded consent). */
  public static final Set<Role> READERS = EnumSet.allOf(Role.class);

  public static Role parse(String s) {
    try {
      return valueOf(s.trim().toUpperCase());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("role must be one of nurse, doctor, admin, relative");
    }
  }
}

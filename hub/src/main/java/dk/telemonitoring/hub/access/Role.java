package dk.telemonitoring.hub.access;

import java.util.EnumSet;
import java.util.Set;

/**
 * What a person may do. Staff work in one or more clinics; a relative reads one patient's data with
 * consent. {@link #PATIENT} is the patient's own view, signed in with a code the clinic issued (to
 * the patient, or to a relative with consent): it reads that one patient's own view and nothing
 * else, and is never an account role.
 */
public enum Role {
  NURSE,
  DOCTOR,
  ADMIN,
  RELATIVE,
  PATIENT;

  /** Everyone who works in a clinic. */
  public static final Set<Role> STAFF = EnumSet.of(NURSE, DOCTOR, ADMIN);

  /** Everyone who may read a patient's data (relatives only with recorded consent). */
  public static final Set<Role> READERS = EnumSet.of(NURSE, DOCTOR, ADMIN, RELATIVE);

  /** The patient's own view (the patient, or a relative with consent, signed in with a code). */
  public static final Set<Role> PATIENT_VIEW = EnumSet.of(PATIENT);

  public static Role parse(String s) {
    try {
      Role role = valueOf(s.trim().toUpperCase());
      if (role == PATIENT) {
        throw new IllegalArgumentException("patient");
      }
      return role;
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("role must be one of nurse, doctor, admin, relative");
    }
  }
}

package dk.telemonitoring.hub.access;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Relatives' access to a patient and the consent it rests on: recorded with who recorded it and a
 * note, and withdrawable, after which the relative sees nothing of the patient.
 */
public final class Relatives {

  /** One relative of a patient; {@code withdrawnAt} null while the consent holds. */
  public record Relative(
      long id,
      UUID userId,
      String email,
      String displayName,
      String relation,
      Instant consentRecordedAt,
      String consentRecordedBy,
      String consentNote,
      Instant withdrawnAt,
      String withdrawnBy) {}

  /** A patient a person may see, and the patient's clinic. */
  public record VisiblePatient(UUID id, String clinicId) {}

  private final Pool pool;

  public Relatives(Pool pool) {
    this.pool = pool;
  }

  /** The patient's relatives, in the order they were added. */
  public Future<List<Relative>> of(UUID patientId) {
    return pool.preparedQuery(
            """
            SELECT r.id, u.id, u.email, u.display_name, r.relation, r.consent_recorded_at, r.consent_recorded_by,
                   r.consent_note, r.withdrawn_at, r.withdrawn_by
            FROM patient_relatives r JOIN app_users u ON u.id = r.user_id WHERE r.patient_id = $1 ORDER BY r.id""")
        .execute(Tuple.of(patientId))
        .map(
            rs -> {
              List<Relative> out = new ArrayList<>();
              for (Row r : rs) {
                out.add(
                    new Relative(
                        r.getLong(0),
                        r.getUUID(1),
                        r.getString(2),
                        r.getString(3),
                        r.getString(4),
                        instant(r.getOffsetDateTime(5)),
                        r.getString(6),
                        r.getString(7),
                        instant(r.getOffsetDateTime(8)),
                        r.getString(9)));
              }
              return out;
            });
  }

  /** The active relative account with this (lower-case) e-mail, or null. */
  public Future<UUID> activeRelativeAccount(String email) {
    return pool.preparedQuery(
            "SELECT id FROM app_users WHERE email = $1 AND role = 'RELATIVE' AND active")
        .execute(Tuple.of(email))
        .map(rs -> rs.size() == 0 ? null : rs.iterator().next().getUUID(0));
  }

  /** Records the patient's consent to the relative's access, now, by {@code recordedBy}. */
  public Future<Void> add(
      UUID patientId, UUID userId, String relation, String recordedBy, String consentNote) {
    return pool.preparedQuery(
            """
            INSERT INTO patient_relatives (patient_id, user_id, relation, consent_recorded_at, consent_recorded_by, consent_note)
            VALUES ($1, $2, $3, now(), $4, $5)""")
        .execute(Tuple.of(patientId, userId, relation, recordedBy, consentNote))
        .mapEmpty();
  }

  /**
   * Withdraws the consent; false when there is no such relative of the patient with consent in
   * force.
   */
  public Future<Boolean> withdraw(long relativeId, UUID patientId, String withdrawnBy) {
    return pool.preparedQuery(
            """
            UPDATE patient_relatives SET withdrawn_at = now(), withdrawn_by = $3
            WHERE id = $1 AND patient_id = $2 AND withdrawn_at IS NULL""")
        .execute(Tuple.of(relativeId, patientId, withdrawnBy))
        .map(rs -> rs.rowCount() > 0);
  }

  /**
   * The patient if the person may see them: staff when the patient belongs to one of their clinics,
   * a relative while the patient's consent holds. Null otherwise.
   */
  public Future<VisiblePatient> visibleTo(Principal p, UUID patientId) {
    String sql =
        p.role() == Role.RELATIVE
            ? """
          SELECT p.id, p.clinic_id FROM patients p JOIN patient_relatives r ON r.patient_id = p.id
          WHERE p.id = $1 AND r.user_id = $2 AND r.withdrawn_at IS NULL"""
            : "SELECT p.id, p.clinic_id FROM patients p WHERE p.id = $1 AND p.clinic_id = ANY($3) AND $2::uuid IS NOT NULL";
    return pool.preparedQuery(sql + " LIMIT 1")
        .execute(
            p.role() == Role.RELATIVE
                ? Tuple.of(patientId, p.userId())
                : Tuple.of(patientId, p.userId(), (Object) p.clinics().toArray(String[]::new)))
        .map(
            rows -> {
              if (rows.size() == 0) {
                return null;
              }
              Row r = rows.iterator().next();
              return new VisiblePatient(r.getUUID(0), r.getString(1));
            });
  }

  /**
   * Whether the person was ever recorded as the patient's relative (consent in force or withdrawn).
   */
  public Future<Boolean> everRelativeOf(UUID userId, UUID patientId) {
    return pool.preparedQuery(
            "SELECT 1 FROM patient_relatives WHERE patient_id = $1 AND user_id = $2 LIMIT 1")
        .execute(Tuple.of(patientId, userId))
        .map(rs -> rs.size() > 0);
  }

  private static Instant instant(OffsetDateTime t) {
    return t == null ? null : t.toInstant();
  }
}

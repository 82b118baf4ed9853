package dk.telemonitoring.hub.store;

import static dk.telemonitoring.hub.store.SqlTimes.utc;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Doctors' SpO2 scale 2 prescriptions ({@code spo2_prescriptions}): a dated, authored target of
 * 88-92 % that switches NEWS2 to SpO2 scale 2 from the moment it is written until it is revoked.
 * Triage reads the same rows ({@code TriageSql.context}), so a change applies to readings measured
 * after it. Rows are never deleted: a revocation sets {@code revoked_at}, so the history of what a
 * reading was scored against stays.
 */
public final class Spo2PrescriptionStore {

  /** One prescription, with its author's and reviser's names where they are hub users. */
  public record Stored(
      long id,
      int targetLow,
      int targetHigh,
      String prescribedBy,
      String prescribedByName,
      String reason,
      Instant prescribedAt,
      Instant revokedAt,
      String revokedBy,
      String revokedByName,
      String revokeReason) {

    public boolean inForce() {
      return revokedAt == null;
    }
  }

  private final Pool pool;

  public Spo2PrescriptionStore(Pool pool) {
    this.pool = pool;
  }

  /** The patient's prescriptions, newest first. */
  public Future<List<Stored>> list(UUID patientId) {
    return pool.preparedQuery(
            """
            SELECT s.id, s.target_low, s.target_high, s.prescribed_by, a.display_name, s.reason, s.prescribed_at,
                   s.revoked_at, s.revoked_by, r.display_name, s.revoke_reason
            FROM spo2_prescriptions s
            LEFT JOIN app_users a ON a.email = s.prescribed_by LEFT JOIN app_users r ON r.email = s.revoked_by
            WHERE s.patient_id = $1 ORDER BY s.prescribed_at DESC, s.id DESC""")
        .execute(Tuple.of(patientId))
        .map(
            rows -> {
              List<Stored> out = new ArrayList<>();
              for (Row r : rows) {
                out.add(
                    new Stored(
                        r.getLong(0),
                        r.getInteger(1),
                        r.getInteger(2),
                        r.getString(3),
                        r.getString(4),
                        r.getString(5),
                        instant(r.getOffsetDateTime(6)),
                        instant(r.getOffsetDateTime(7)),
                        r.getString(8),
                        r.getString(9),
                        r.getString(10)));
              }
              return out;
            });
  }

  /**
   * Prescribes a target of 88-92 % from {@code at}: a prescription in force is revoked at the same
   * instant (a new reason replaces it), in one transaction under the patient's triage lock, so
   * triage sees the old or the new.
   */
  public Future<Void> prescribe(UUID patientId, String by, String reason, Instant at) {
    return pool.withTransaction(
        tx ->
            TriageLocks.patient(tx, patientId)
                .compose(
                    x -> revokeInForce(tx, patientId, by, "replaced by a new prescription", at))
                .compose(
                    x ->
                        tx.preparedQuery(
                                """
                INSERT INTO spo2_prescriptions (patient_id, target_low, target_high, prescribed_by, reason, prescribed_at)
                VALUES ($1, 88, 92, $2, $3, $4)""")
                            .execute(Tuple.of(patientId, by, reason, utc(at))))
                .mapEmpty());
  }

  /** Revokes the prescription in force at {@code at}; false if there was none. */
  public Future<Boolean> revoke(UUID patientId, String by, String reason, Instant at) {
    return pool.withTransaction(
        tx ->
            TriageLocks.patient(tx, patientId)
                .compose(x -> revokeInForce(tx, patientId, by, reason, at))
                .map(n -> n > 0));
  }

  private static Future<Integer> revokeInForce(
      SqlConnection tx, UUID patientId, String by, String reason, Instant at) {
    // greatest(): a prescription written in the same microsecond still ends after it began (the
    // table's CHECK).
    return tx.preparedQuery(
            """
            UPDATE spo2_prescriptions SET revoked_at = greatest($3, prescribed_at + interval '1 microsecond'),
                   revoked_by = $2, revoke_reason = $4
            WHERE patient_id = $1 AND revoked_at IS NULL""")
        .execute(Tuple.of(patientId, by, utc(at), reason))
        .map(rs -> rs.rowCount());
  }

  private static Instant instant(OffsetDateTime t) {
    return t == null ? null : t.toInstant();
  }
}

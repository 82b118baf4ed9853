package dk.telemonitoring.hub.access;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The append-only audit log in the database (a trigger rejects UPDATE, DELETE and TRUNCATE): who
 * read or changed what, from where. Writing is the caller's first step, so nothing is served that
 * is not audited.
 */
public final class AuditLog {

  /**
   * Who did what to which patient or target, by which request. {@code patientId} and the rest may
   * be null.
   */
  public record Entry(
      UUID userId,
      String userEmail,
      String userRole,
      String action,
      UUID patientId,
      String clinicId,
      String target,
      String method,
      String path,
      String ip,
      String userAgent) {}

  /** An entry as stored, with its number and time. */
  public record Stored(long id, Instant at, Entry entry) {}

  private static final String INSERT =
      """
      INSERT INTO audit_log (user_id, user_email, user_role, action, patient_id, clinic_id, target, method, path, ip, user_agent)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)""";

  private final Pool pool;

  public AuditLog(Pool pool) {
    this.pool = pool;
  }

  public Future<Void> write(Entry e) {
    return write(pool, e);
  }

  /**
   * The entry written with {@code client}, e.g. inside the transaction of the change it records.
   */
  public Future<Void> write(SqlClient client, Entry e) {
    return client
        .preparedQuery(INSERT)
        .execute(
            Tuple.tuple()
                .addUUID(e.userId())
                .addString(e.userEmail())
                .addString(e.userRole())
                .addString(e.action())
                .addUUID(e.patientId())
                .addString(e.clinicId())
                .addString(e.target())
                .addString(e.method())
                .addString(e.path())
                .addString(e.ip())
                .addString(e.userAgent()))
        .mapEmpty();
  }

  /**
   * One row per patient (the same request showed several, a list or the board), in one round trip;
   * the template's patient, clinic and target are ignored.
   */
  public Future<Void> writeForPatients(
      Entry template, List<UUID> patientIds, List<String> clinicIds) {
    if (patientIds.isEmpty()) {
      return Future.succeededFuture();
    }
    return pool.preparedQuery(
            """
            INSERT INTO audit_log (user_id, user_email, user_role, action, patient_id, clinic_id, target, method, path, ip, user_agent)
            SELECT $1, $2, $3, $4, p.id, p.clinic, NULL, $7, $8, $9, $10
            FROM unnest($5::uuid[], $6::text[]) AS p (id, clinic)""")
        .execute(
            Tuple.tuple()
                .addUUID(template.userId())
                .addString(template.userEmail())
                .addString(template.userRole())
                .addString(template.action())
                .addArrayOfUUID(patientIds.toArray(UUID[]::new))
                .addArrayOfString(clinicIds.toArray(String[]::new))
                .addString(template.method())
                .addString(template.path())
                .addString(template.ip())
                .addString(template.userAgent()))
        .mapEmpty();
  }

  /**
   * Entries, newest first, filtered by patient, user and action (each optional) and [from, to),
   * limited to rows of {@code clinics} and rows without a clinic written by users of those clinics.
   */
  public Future<List<Stored>> search(
      List<String> clinics,
      UUID patientId,
      UUID userId,
      String action,
      Instant from,
      Instant to,
      int limit) {
    return pool.preparedQuery(
            """
            SELECT id, at, user_id, user_email, user_role, action, patient_id, clinic_id, target, method, path, ip, user_agent
            FROM audit_log a
            WHERE ($1::uuid IS NULL OR patient_id = $1) AND ($2::uuid IS NULL OR user_id = $2)
              AND ($3::text IS NULL OR action = $3) AND at >= $4 AND at < $5
              AND (clinic_id = ANY($6) OR (clinic_id IS NULL AND EXISTS (
                    SELECT 1 FROM app_user_clinics c WHERE c.user_id = a.user_id AND c.clinic_id = ANY($6))))
            ORDER BY id DESC LIMIT $7""")
        .execute(
            Tuple.tuple()
                .addUUID(patientId)
                .addUUID(userId)
                .addString(action)
                .addOffsetDateTime(from.atOffset(ZoneOffset.UTC))
                .addOffsetDateTime(to.atOffset(ZoneOffset.UTC))
                .addArrayOfString(clinics.toArray(String[]::new))
                .addInteger(limit))
        .map(
            rows -> {
              List<Stored> out = new ArrayList<>();
              for (Row r : rows) {
                var at = r.getOffsetDateTime(1);
                out.add(
                    new Stored(
                        r.getLong(0),
                        at == null ? null : at.toInstant(),
                        new Entry(
                            r.getUUID(2),
                            r.getString(3),
                            r.getString(4),
                            r.getString(5),
                            r.getUUID(6),
                            r.getString(7),
                            r.getString(8),
                            r.getString(9),
                            r.getString(10),
                            r.getString(11),
                            r.getString(12))));
              }
              return out;
            });
  }
}

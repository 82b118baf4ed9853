package dk.telemonitoring.hub.api;

import dk.telemonitoring.hub.access.Principal;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * The audit trail: who read or changed which patient's data, when, and from where (address and user agent). A row
 * is written before the data is read or changed, so nothing is served that is not audited; a failed audit write
 * fails the request. The table is append-only (a trigger rejects UPDATE, DELETE and TRUNCATE) and no route edits it.
 */
public final class Audit {

  private final Pool pool;

  public Audit(Pool pool) {
    this.pool = pool;
  }

  /** One patient (or none, for actions on users and clinics). */
  public Future<Void> record(RoutingContext ctx, Principal p, String action, UUID patientId, String clinicId,
      String target) {
    return pool.preparedQuery(INSERT).execute(row(ctx, p, action, patientId, clinicId, target)).mapEmpty();
  }

  /** The same row written with {@code client}, e.g. inside the transaction of the change it records. */
  public Future<Void> record(io.vertx.sqlclient.SqlClient client, RoutingContext ctx, Principal p, String action,
      String clinicId, String target) {
    return client.preparedQuery(INSERT).execute(row(ctx, p, action, null, clinicId, target)).mapEmpty();
  }

  /** Several patients shown at once (the board, a patient list): one row per patient, in one round trip. */
  public Future<Void> recordAll(RoutingContext ctx, Principal p, String action, Collection<PatientRef> patients) {
    if (patients.isEmpty()) {
      return Future.succeededFuture();
    }
    List<UUID> ids = new ArrayList<>();
    List<String> clinics = new ArrayList<>();
    for (PatientRef ref : patients) {
      ids.add(ref.id());
      clinics.add(ref.clinicId());
    }
    return pool.preparedQuery("""
            INSERT INTO audit_log (user_id, user_email, user_role, action, patient_id, clinic_id, target, method, path, ip, user_agent)
            SELECT $1, $2, $3, $4, p.id, p.clinic, NULL, $7, $8, $9, $10
            FROM unnest($5::uuid[], $6::text[]) AS p (id, clinic)""")
        .execute(Tuple.tuple().addUUID(p.userId()).addString(p.email()).addString(p.role().name()).addString(action)
            .addArrayOfUUID(ids.toArray(UUID[]::new)).addArrayOfString(clinics.toArray(String[]::new))
            .addString(ctx.request().method().name()).addString(truncate(ctx.request().uri(), 500))
            .addString(clientIp(ctx)).addString(userAgent(ctx)))
        .mapEmpty();
  }

  private static final String INSERT = """
      INSERT INTO audit_log (user_id, user_email, user_role, action, patient_id, clinic_id, target, method, path, ip, user_agent)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)""";

  private static Tuple row(RoutingContext ctx, Principal p, String action, UUID patientId, String clinicId,
      String target) {
    return Tuple.tuple().addUUID(p.userId()).addString(p.email()).addString(p.role().name()).addString(action)
        .addUUID(patientId).addString(clinicId).addString(target).addString(ctx.request().method().name())
        .addString(truncate(ctx.request().uri(), 500)).addString(clientIp(ctx)).addString(userAgent(ctx));
  }

  /**
   * GET /api/v1/audit for admins: filters patient, user, action, from, to; newest first. Only rows of the admin's
   * clinics (and rows without a clinic written by users of those clinics).
   */
  public Future<JsonArray> query(Principal admin, UUID patientId, UUID userId, String action, Instant from, Instant to,
      int limit) {
    return pool.preparedQuery("""
            SELECT id, at, user_id, user_email, user_role, action, patient_id, clinic_id, target, method, path, ip, user_agent
            FROM audit_log a
            WHERE ($1::uuid IS NULL OR patient_id = $1) AND ($2::uuid IS NULL OR user_id = $2)
              AND ($3::text IS NULL OR action = $3) AND at >= $4 AND at < $5
              AND (clinic_id = ANY($6) OR (clinic_id IS NULL AND EXISTS (
                    SELECT 1 FROM app_user_clinics c WHERE c.user_id = a.user_id AND c.clinic_id = ANY($6))))
            ORDER BY id DESC LIMIT $7""")
        .execute(Tuple.tuple().addUUID(patientId).addUUID(userId).addString(action)
            .addOffsetDateTime(from.atOffset(ZoneOffset.UTC)).addOffsetDateTime(to.atOffset(ZoneOffset.UTC))
            .addArrayOfString(admin.clinics().toArray(String[]::new)).addInteger(limit))
        .map(rows -> {
          JsonArray out = new JsonArray();
          for (Row r : rows) {
            out.add(new JsonObject().put("id", r.getLong(0)).put("at", Json.text(r.getOffsetDateTime(1)))
                .put("userId", Json.text(r.getUUID(2))).put("userEmail", r.getString(3)).put("userRole", r.getString(4))
                .put("action", r.getString(5)).put("patientId", Json.text(r.getUUID(6))).put("clinicId", r.getString(7))
                .put("target", r.getString(8)).put("method", r.getString(9)).put("path", r.getString(10))
                .put("ip", r.getString(11)).put("userAgent", r.getString(12)));
          }
          return out;
        });
  }

  /** The peer address. Forwarded headers are not trusted: a proxy in front must be configured to pass them safely. */
  static String clientIp(RoutingContext ctx) {
    var addr = ctx.request().remoteAddress();
    return addr == null ? "unknown" : addr.hostAddress() != null ? addr.hostAddress() : addr.host();
  }

  static String userAgent(RoutingContext ctx) {
    String ua = ctx.request().getHeader("User-Agent");
    return ua == null ? null : truncate(ua, 300);
  }

  private static String truncate(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max);
  }
}

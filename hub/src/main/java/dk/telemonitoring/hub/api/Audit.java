package dk.telemonitoring.hub.api;

import dk.telemonitoring.hub.access.AuditLog;
import dk.telemonitoring.hub.access.ClientAddress;
import dk.telemonitoring.hub.access.Principal;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * The audit trail: who read or changed which patient's data, when, and from where (address and user
 * agent). A row is written before the data is read or changed, so nothing is served that is not
 * audited; a failed audit write fails the request. The table is append-only (a trigger rejects
 * UPDATE, DELETE and TRUNCATE) and no route edits it.
 */
public final class Audit {

  private final AuditLog log;

  public Audit(Pool pool) {
    this.log = new AuditLog(pool);
  }

  /** One patient (or none, for actions on users and clinics). */
  public Future<Void> record(
      RoutingContext ctx,
      Principal p,
      String action,
      UUID patientId,
      String clinicId,
      String target) {
    return log.write(entry(ctx, p, action, patientId, clinicId, target));
  }

  /**
   * The same row written with {@code client}, e.g. inside the transaction of the change it records.
   */
  public Future<Void> record(
      SqlClient client,
      RoutingContext ctx,
      Principal p,
      String action,
      String clinicId,
      String target) {
    return log.write(client, entry(ctx, p, action, null, clinicId, target));
  }

  /**
   * Several patients shown at once (the board, a patient list): one row per patient, in one round
   * trip.
   */
  public Future<Void> recordAll(
      RoutingContext ctx, Principal p, String action, Collection<PatientRef> patients) {
    List<UUID> ids = new ArrayList<>();
    List<String> clinics = new ArrayList<>();
    for (PatientRef ref : patients) {
      ids.add(ref.id());
      clinics.add(ref.clinicId());
    }
    return log.writeForPatients(entry(ctx, p, action, null, null, null), ids, clinics);
  }

  private static AuditLog.Entry entry(
      RoutingContext ctx,
      Principal p,
      String action,
      UUID patientId,
      String clinicId,
      String target) {
    return new AuditLog.Entry(
        p.userId(),
        p.email(),
        p.role().name(),
        action,
        patientId,
        clinicId,
        target,
        ctx.request().method().name(),
        truncate(ctx.request().uri(), 500),
        clientIp(ctx),
        userAgent(ctx));
  }

  /**
   * GET /api/v1/audit for admins: filters patient, user, action, from, to; newest first. Only rows
   * of the admin's clinics (and rows without a clinic written by users of those clinics).
   */
  public Future<JsonArray> query(
      Principal admin,
      UUID patientId,
      UUID userId,
      String action,
      Instant from,
      Instant to,
      int limit) {
    return log.search(admin.clinics(), patientId, userId, action, from, to, limit)
        .map(
            rows -> {
              JsonArray out = new JsonArray();
              for (AuditLog.Stored s : rows) {
                AuditLog.Entry e = s.entry();
                out.add(
                    new JsonObject()
                        .put("id", s.id())
                        .put("at", Json.text(s.at()))
                        .put("userId", Json.text(e.userId()))
                        .put("userEmail", e.userEmail())
                        .put("userRole", e.userRole())
                        .put("action", e.action())
                        .put("patientId", Json.text(e.patientId()))
                        .put("clinicId", e.clinicId())
                        .put("target", e.target())
                        .put("method", e.method())
                        .put("path", e.path())
                        .put("ip", e.ip())
                        .put("userAgent", e.userAgent()));
              }
              return out;
            });
  }

  /**
   * The client's address: the peer's, or the one a trusted proxy names in {@code X-Forwarded-For}
   * ({@link TrustedProxies}).
   */
  static String clientIp(RoutingContext ctx) {
    return ClientAddress.of(ctx);
  }

  /** The first handler of every request: settles the client's address once. */
  static Handler<RoutingContext> resolveClientIp(TrustedProxies proxies) {
    return ctx -> {
      ClientAddress.remember(
          ctx,
          proxies.clientOf(ClientAddress.peer(ctx), ctx.request().getHeader("X-Forwarded-For")));
      ctx.next();
    };
  }

  static String userAgent(RoutingContext ctx) {
    String ua = ctx.request().getHeader("User-Agent");
    return ua == null ? null : truncate(ua, 300);
  }

  private static String truncate(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max);
  }
}

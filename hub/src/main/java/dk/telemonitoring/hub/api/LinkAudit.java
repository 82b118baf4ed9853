package dk.telemonitoring.hub.api;

import dk.telemonitoring.alerts.domain.LinkTarget;
import dk.telemonitoring.hub.access.AuditLog;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.util.UUID;

/**
 * Audit rows of the signed link in a page: each view of the alert page and each action from it is a
 * person reading or changing a patient's record without a session. The person is the page's
 * recipient (the alert contact's e-mail, else their person id), the role {@link #ROLE}; the path is
 * written without its query, so the token never reaches the audit log.
 */
final class LinkAudit {

  /** The audit role of a person acting through a page's link. */
  static final String ROLE = "PAGE_LINK";

  private final AuditLog log;

  LinkAudit(Pool pool) {
    this.log = new AuditLog(pool);
  }

  Future<Void> record(
      RoutingContext ctx, LinkTarget who, String action, UUID patientId, String clinicId) {
    return log.write(
        new AuditLog.Entry(
            userId(who.personId()),
            who.email() != null ? who.email() : "person " + who.personId(),
            ROLE,
            action,
            patientId,
            clinicId,
            who.personId()
                + " ("
                + who.recipientRole()
                + ") by the link of notification "
                + who.notificationId(),
            ctx.request().method().name(),
            ctx.request().path(),
            Audit.clientIp(ctx),
            Audit.userAgent(ctx)));
  }

  /** A refused link: no person is known (or the link is spent), only what was asked. */
  Future<Void> refused(RoutingContext ctx, String reason, UUID patientId, String clinicId) {
    return log.write(
        new AuditLog.Entry(
            null,
            "unknown",
            ROLE,
            "alert-link.refused",
            patientId,
            clinicId,
            reason,
            ctx.request().method().name(),
            ctx.request().path(),
            Audit.clientIp(ctx),
            Audit.userAgent(ctx)));
  }

  /** Alert contacts that are hub users carry the user's id as their person id. */
  private static UUID userId(String personId) {
    try {
      return UUID.fromString(personId);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}

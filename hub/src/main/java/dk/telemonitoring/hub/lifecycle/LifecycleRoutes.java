package dk.telemonitoring.hub.lifecycle;

import dk.telemonitoring.hub.access.ClientAddress;
import dk.telemonitoring.hub.access.ServiceToken;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;

/**
 * Service API for access and deletion requests, behind the bearer service token: {@code GET
 * /api/v1/service/patients/{id}/export} (the complete record as JSON) and {@code DELETE
 * /api/v1/service/patients/{id}?reference=CASE-1} (erasure, recorded in the audit log).
 */
public final class LifecycleRoutes {

  private static final String REQUESTER = "service-token";

  private final Vertx vertx;
  private final ServiceToken token;
  private final PatientRecords records;

  public LifecycleRoutes(Vertx vertx, PatientRecords records, ServiceToken token) {
    this.vertx = vertx;
    this.token = token;
    this.records = records;
  }

  public void mount(Router router) {
    router.get("/api/v1/service/patients/:patient/export").handler(this::export);
    router.delete("/api/v1/service/patients/:patient").handler(this::erase);
  }

  private void export(RoutingContext ctx) {
    if (!authorised(ctx)) {
      return;
    }
    UUID patient = uuid(ctx);
    if (patient == null) {
      error(ctx, 404, "no such patient");
      return;
    }
    PatientRecords.Requester requester = requester(ctx);
    records
        .clinicOf(patient)
        .onFailure(ctx::fail)
        .onSuccess(
            clinic -> {
              if (clinic == null) {
                error(ctx, 404, "no such patient");
                return;
              }
              records
                  .auditExport(patient, clinic, REQUESTER, requester)
                  .compose(
                      v ->
                          records.export(
                              patient, clinic, requester, ctx.response().setStatusCode(200)))
                  .onFailure(
                      e -> {
                        if (ctx.response().headWritten()) {
                          ctx.response().reset(); // never leave a truncated export looking complete
                        } else {
                          ctx.fail(e);
                        }
                      });
            });
  }

  private void erase(RoutingContext ctx) {
    if (!authorised(ctx)) {
      return;
    }
    UUID patient = uuid(ctx);
    if (patient == null) {
      error(ctx, 404, "no such patient");
      return;
    }
    String reference = ctx.queryParams().get("reference");
    if (reference != null && !PatientRecords.REFERENCE.matcher(reference).matches()) {
      error(
          ctx,
          400,
          "reference must be a case number matching [A-Za-z0-9._:/-]{1,64}, never text about the patient");
      return;
    }
    PatientRecords.Requester requester = requester(ctx);
    vertx
        .executeBlocking(() -> records.erase(patient, REQUESTER, reference, requester), false)
        .onFailure(ctx::fail)
        .onSuccess(
            erasure -> {
              if (erasure == null) {
                error(ctx, 404, "no such patient");
              } else {
                ctx.response()
                    .setStatusCode(200)
                    .putHeader("content-type", "application/json")
                    .end(erasure.toJson().encode());
              }
            });
  }

  private boolean authorised(RoutingContext ctx) {
    if (token.accepts(ctx.request().getHeader("Authorization"))) {
      return true;
    }
    error(ctx, 401, "a valid service token is required");
    return false;
  }

  private static UUID uuid(RoutingContext ctx) {
    try {
      return UUID.fromString(ctx.pathParam("patient"));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static PatientRecords.Requester requester(RoutingContext ctx) {
    String ua = ctx.request().getHeader("User-Agent");
    String path = ctx.request().path();
    return new PatientRecords.Requester(
        ctx.request().method().name(),
        path,
        ClientAddress.of(ctx),
        ua == null ? null : ua.substring(0, Math.min(300, ua.length())));
  }

  private static void error(RoutingContext ctx, int status, String message) {
    ctx.response()
        .setStatusCode(status)
        .putHeader("content-type", "application/json")
        .end(new JsonObject().put("error", message).encode());
  }
}

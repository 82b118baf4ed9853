package dk.telemonitoring.hub.api;

import dk.telemonitoring.hub.access.Principal;
import dk.telemonitoring.hub.access.Relatives;
import dk.telemonitoring.hub.access.Role;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Whether a person may see a patient: staff when the patient belongs to one of their clinics; a
 * relative only while the patient's consent is recorded and not withdrawn. A patient outside that
 * is "not found" (404), so ids of other clinics' patients cannot even be confirmed (a relative
 * whose consent was withdrawn gets 403); the attempt is audited. Every granted access writes its
 * audit row before the data is touched.
 */
final class Access {

  private final Relatives relatives;
  private final Audit audit;

  Access(Pool pool, Audit audit) {
    this.relatives = new Relatives(pool);
    this.audit = audit;
  }

  /** The patient in path parameter {@code patientId}, audited as {@code action}. */
  Future<PatientRef> patient(RoutingContext ctx, Principal p, String action) {
    return patient(ctx, p, Json.pathId(ctx, "patientId"), action);
  }

  /**
   * As above, for a change whose body is checked once access is granted and before the audit row is
   * written: {@code checked} returns what the change concerns (the row's target) or throws (a 400,
   * and no row saying it changed). A patient of another clinic is not found, whatever the body.
   */
  Future<PatientRef> patient(
      RoutingContext ctx, Principal p, String action, Supplier<String> checked) {
    return patient(ctx, p, Json.pathId(ctx, "patientId"), action, checked);
  }

  Future<PatientRef> patient(RoutingContext ctx, Principal p, UUID patientId, String action) {
    return patient(ctx, p, patientId, action, () -> null);
  }

  private Future<PatientRef> patient(
      RoutingContext ctx, Principal p, UUID patientId, String action, Supplier<String> checked) {
    return find(p, patientId)
        .compose(
            ref -> {
              if (ref == null) {
                return audit
                    .record(ctx, p, "denied:" + action, patientId, null, null)
                    .compose(x -> refusal(p, patientId));
              }
              return Future.succeededFuture()
                  .map(x -> checked.get())
                  .compose(
                      target ->
                          audit.record(ctx, p, action, ref.id(), ref.clinicId(), target).map(ref));
            });
  }

  /**
   * 404, except for a relative whose access the patient gave and then withdrew: 403, so the
   * relative learns why the page is gone (the patient's existence is no secret to them).
   */
  private Future<PatientRef> refusal(Principal p, UUID patientId) {
    if (p.role() != Role.RELATIVE) {
      return Future.failedFuture(ApiError.notFound("patient not found"));
    }
    return relatives
        .everRelativeOf(p.userId(), patientId)
        .compose(
            was ->
                Future.failedFuture(
                    !was
                        ? ApiError.notFound("patient not found")
                        : new ApiError(
                            403, "the patient has withdrawn the consent that gave you access")));
  }

  Future<PatientRef> find(Principal p, UUID patientId) {
    return relatives
        .visibleTo(p, patientId)
        .map(v -> v == null ? null : new PatientRef(v.id(), v.clinicId()));
  }

  /**
   * A clinic the person works in: the query parameter if given (403 if not theirs), else all of
   * theirs.
   */
  static java.util.List<String> clinics(RoutingContext ctx, Principal p) {
    String clinic = Json.param(ctx, "clinic");
    if (clinic == null) {
      return p.clinics();
    }
    if (!p.clinics().contains(clinic)) {
      throw new ApiError(403, "you do not work in clinic " + clinic);
    }
    return java.util.List.of(clinic);
  }

  /** Exactly one clinic of the person's, for writes (the body's or the only one). */
  static String oneClinic(Principal p, String requested) {
    if (requested == null || requested.isBlank()) {
      if (p.clinics().size() == 1) {
        return p.clinics().get(0);
      }
      throw ApiError.badRequest("'clinic' is required: you work in several clinics");
    }
    if (!p.clinics().contains(requested)) {
      throw new ApiError(403, "you do not work in clinic " + requested);
    }
    return requested;
  }
}

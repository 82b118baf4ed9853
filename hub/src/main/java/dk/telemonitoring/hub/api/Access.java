package dk.telemonitoring.hub.api;

import dk.telemonitoring.hub.access.Principal;
import dk.telemonitoring.hub.access.Relatives;
import dk.telemonitoring.hub.access.Role;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.util.UUID;
import java.util.function.Function;

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

  /** A change checked once access was granted: what it sets, and what its audit row says of it. */
  record Checked<T>(T value, String auditTarget) {}

  /** The patient, and the change checked for that patient. */
  record Granted<T>(PatientRef ref, T value) {}

  /**
   * As above, for a change whose body is checked once access is granted and before the audit row is
   * written: {@code check} may read the patient's current state (the row can then say what changed
   * from what), and fails for a body that cannot be taken (a 400, and no row saying it changed). A
   * patient of another clinic is not found, whatever the body.
   */
  <T> Future<Granted<T>> patient(
      RoutingContext ctx,
      Principal p,
      String action,
      Function<PatientRef, Future<Checked<T>>> check) {
    UUID patientId = Json.pathId(ctx, "patientId");
    return visible(
        ctx,
        p,
        patientId,
        action,
        ref ->
            check
                .apply(ref)
                .compose(
                    checked ->
                        audit
                            .record(ctx, p, action, ref.id(), ref.clinicId(), checked.auditTarget())
                            .map(x -> new Granted<>(ref, checked.value()))));
  }

  Future<PatientRef> patient(RoutingContext ctx, Principal p, UUID patientId, String action) {
    return visible(
        ctx,
        p,
        patientId,
        action,
        ref -> audit.record(ctx, p, action, ref.id(), ref.clinicId(), null).map(ref));
  }

  /** {@code granted} for a patient the person may see; otherwise the refusal, audited. */
  private <T> Future<T> visible(
      RoutingContext ctx,
      Principal p,
      UUID patientId,
      String action,
      Function<PatientRef, Future<T>> granted) {
    return find(p, patientId)
        .compose(
            ref ->
                ref == null
                    ? audit
                        .record(ctx, p, "denied:" + action, patientId, null, null)
                        .compose(x -> refusal(p, patientId))
                    : granted.apply(ref));
  }

  /**
   * 404, except for a relative whose access the patient gave and then withdrew: 403, so the
   * relative learns why the page is gone (the patient's existence is no secret to them).
   */
  private <T> Future<T> refusal(Principal p, UUID patientId) {
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

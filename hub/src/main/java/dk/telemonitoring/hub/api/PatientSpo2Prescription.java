package dk.telemonitoring.hub.api;

import dk.telemonitoring.hub.access.Principal;
import dk.telemonitoring.hub.store.Spo2PrescriptionStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Instant;

/**
 * A patient's SpO2 scale 2 prescription (NEWS2 RCP 2017; docs/clinical-reference.md#news2): a
 * doctor prescribes a target of 88-92 % with a reason, from now, or revokes it; staff read the
 * current one and the past ones. Never a default: without a prescription NEWS2 scores SpO2 on scale
 * 1.
 */
final class PatientSpo2Prescription {

  private final Spo2PrescriptionStore store;

  PatientSpo2Prescription(Pool pool) {
    this.store = new Spo2PrescriptionStore(pool);
  }

  Future<JsonObject> get(PatientRef ref) {
    return store
        .list(ref.id())
        .map(
            all -> {
              JsonObject current = null;
              JsonArray past = new JsonArray();
              for (Spo2PrescriptionStore.Stored s : all) {
                if (s.inForce() && current == null) {
                  current = json(s);
                } else {
                  past.add(json(s));
                }
              }
              return new JsonObject().put("current", current).put("past", past);
            });
  }

  /**
   * The reason of a prescription in {@code body}; 400 without one or for a target other than 88-92
   * %.
   */
  static String prescriptionReason(JsonObject body) {
    // The only target NEWS2 defines scale 2 for; stated in the body for clarity, so anything else
    // is refused.
    if (!(body.getValue("targetLow", 88) instanceof Number low
        && low.doubleValue() == 88
        && body.getValue("targetHigh", 92) instanceof Number high
        && high.doubleValue() == 92)) {
      throw ApiError.badRequest("NEWS2 SpO2 scale 2 is defined for a target of 88-92 % only");
    }
    return Json.required(body, "reason");
  }

  /** The reason of a revocation in {@code body}; 400 without one. */
  static String revocationReason(JsonObject body) {
    return Json.required(body, "reason");
  }

  Future<JsonObject> prescribe(PatientRef ref, Principal who, String reason) {
    return store.prescribe(ref.id(), who.email(), reason, Instant.now()).compose(x -> get(ref));
  }

  Future<JsonObject> revoke(PatientRef ref, Principal who, String reason) {
    return store
        .revoke(ref.id(), who.email(), reason, Instant.now())
        .compose(
            revoked ->
                revoked
                    ? get(ref)
                    : Future.failedFuture(
                        ApiError.notFound("the patient has no SpO2 prescription in force")));
  }

  private static JsonObject json(Spo2PrescriptionStore.Stored s) {
    return new JsonObject()
        .put("id", s.id())
        .put("targetLow", s.targetLow())
        .put("targetHigh", s.targetHigh())
        .put("prescribedBy", s.prescribedBy())
        .put("prescribedByName", name(s.prescribedByName(), s.prescribedBy()))
        .put("reason", s.reason())
        .put("prescribedAt", Json.text(s.prescribedAt()))
        .put("revokedAt", Json.text(s.revokedAt()))
        .put("revokedBy", s.revokedBy())
        .put("revokedByName", s.revokedBy() == null ? null : name(s.revokedByName(), s.revokedBy()))
        .put("revokeReason", s.revokeReason());
  }

  /** The user's display name; the stored author when that user no longer exists. */
  private static String name(String displayName, String author) {
    return displayName != null ? displayName : author;
  }
}

package dk.telemonitoring.hub.api;

import dk.telemonitoring.hub.access.Principal;
import dk.telemonitoring.hub.access.Relatives;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;

/**
 * A patient's relatives: read access only with the patient's recorded consent, which can be
 * withdrawn.
 */
final class PatientRelatives {

  private final Relatives relatives;

  PatientRelatives(Pool pool) {
    this.relatives = new Relatives(pool);
  }

  Future<JsonObject> list(PatientRef ref) {
    return relatives
        .of(ref.id())
        .map(
            list -> {
              JsonArray out = new JsonArray();
              for (Relatives.Relative r : list) {
                out.add(
                    new JsonObject()
                        .put("id", r.id())
                        .put("userId", r.userId().toString())
                        .put("email", r.email())
                        .put("displayName", r.displayName())
                        .put("relation", r.relation())
                        .put("consentRecordedAt", Json.text(r.consentRecordedAt()))
                        .put("consentRecordedBy", r.consentRecordedBy())
                        .put("consentNote", r.consentNote())
                        .put("withdrawnAt", Json.text(r.withdrawnAt()))
                        .put("withdrawnBy", r.withdrawnBy()));
              }
              return new JsonObject().put("relatives", out);
            });
  }

  Future<JsonObject> add(PatientRef ref, Principal who, JsonObject body) {
    String email = Json.required(body, "email").toLowerCase();
    String relation = Json.required(body, "relation");
    if (!Boolean.TRUE.equals(body.getBoolean("consentGiven"))) {
      throw ApiError.badRequest(
          "a relative gets access only with the patient's consent: set consentGiven and describe it in consentNote");
    }
    String note = Json.required(body, "consentNote");
    return relatives
        .activeRelativeAccount(email)
        .compose(
            userId ->
                userId == null
                    ? Future.failedFuture(
                        ApiError.badRequest(
                            "no active relative account with that e-mail (an admin creates it)"))
                    : relatives.add(ref.id(), userId, relation, who.email(), note))
        .compose(x -> list(ref));
  }

  Future<JsonObject> withdraw(PatientRef ref, Principal who, String relativeId) {
    long id;
    try {
      id = Long.parseLong(relativeId);
    } catch (NumberFormatException e) {
      throw ApiError.notFound("relative not found");
    }
    return relatives
        .withdraw(id, ref.id(), who.email())
        .compose(
            done ->
                done ? list(ref) : Future.failedFuture(ApiError.notFound("relative not found")));
  }
}

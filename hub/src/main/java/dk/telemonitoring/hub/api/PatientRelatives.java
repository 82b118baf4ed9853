package dk.telemonitoring.hub.api;

import dk.telemonitoring.hub.access.Principal;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

/** A patient's relatives: read access only with the patient's recorded consent, which can be withdrawn. */
final class PatientRelatives {

  private final Pool pool;

  PatientRelatives(Pool pool) {
    this.pool = pool;
  }

  Future<JsonObject> list(PatientRef ref) {
    return pool.preparedQuery("""
            SELECT r.id, u.id, u.email, u.display_name, r.relation, r.consent_recorded_at, r.consent_recorded_by,
                   r.consent_note, r.withdrawn_at, r.withdrawn_by
            FROM patient_relatives r JOIN app_users u ON u.id = r.user_id WHERE r.patient_id = $1 ORDER BY r.id""")
        .execute(Tuple.of(ref.id()))
        .map(rs -> {
          JsonArray out = new JsonArray();
          for (Row r : rs) {
            out.add(new JsonObject().put("id", r.getLong(0)).put("userId", r.getUUID(1).toString())
                .put("email", r.getString(2)).put("displayName", r.getString(3)).put("relation", r.getString(4))
                .put("consentRecordedAt", Json.text(r.getOffsetDateTime(5))).put("consentRecordedBy", r.getString(6))
                .put("consentNote", r.getString(7)).put("withdrawnAt", Json.text(r.getOffsetDateTime(8)))
                .put("withdrawnBy", r.getString(9)));
          }
          return new JsonObject().put("relatives", out);
        });
  }

  Future<JsonObject> add(PatientRef ref, Principal who, JsonObject body) {
    String email = Json.required(body, "email").toLowerCase();
    String relation = Json.required(body, "relation");
    if (!Boolean.TRUE.equals(body.getBoolean("consentGiven"))) {
      throw ApiError.badRequest("a relative gets access only with the patient's consent: set consentGiven and describe it in consentNote");
    }
    String note = Json.required(body, "consentNote");
    return pool.preparedQuery("SELECT id FROM app_users WHERE email = $1 AND role = 'RELATIVE' AND active")
        .execute(Tuple.of(email))
        .compose(rs -> {
          if (rs.size() == 0) {
            return Future.failedFuture(ApiError.badRequest("no active relative account with that e-mail (an admin creates it)"));
          }
          return pool.preparedQuery("""
                  INSERT INTO patient_relatives (patient_id, user_id, relation, consent_recorded_at, consent_recorded_by, consent_note)
                  VALUES ($1, $2, $3, now(), $4, $5)""")
              .execute(Tuple.of(ref.id(), rs.iterator().next().getUUID(0), relation, who.email(), note));
        })
        .compose(x -> list(ref));
  }

  Future<JsonObject> withdraw(PatientRef ref, Principal who, String relativeId) {
    long id;
    try {
      id = Long.parseLong(relativeId);
    } catch (NumberFormatException e) {
      throw ApiError.notFound("relative not found");
    }
    return pool.preparedQuery("""
            UPDATE patient_relatives SET withdrawn_at = now(), withdrawn_by = $3
            WHERE id = $1 AND patient_id = $2 AND withdrawn_at IS NULL""")
        .execute(Tuple.of(id, ref.id(), who.email()))
        .compose(rs -> rs.rowCount() == 0 ? Future.failedFuture(ApiError.notFound("relative not found"))
            : list(ref));
  }
}

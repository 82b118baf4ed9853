package dk.telemonitoring.hub.api;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.hub.config.DbUrl;
import dk.telemonitoring.hub.support.Sql;
import dk.telemonitoring.hub.support.TestHub;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A relative reads a patient's data only with the patient's recorded consent, against a real hub
 * and database: the relative sees the linked patient and no other, never the board, alerts,
 * overview or live stream, changes nothing, loses access (403) when the consent is withdrawn, and
 * every read is in the audit log.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RelativeAccessApiTest {

  private static final String PASSWORD = "relative test password";

  /**
   * What a relative may call: their session, and the linked patient's details, readings and the
   * readings' charts (without the clinic's limits and baseline band).
   */
  private static final Set<String> RELATIVE_ROUTES =
      Set.of(
          "GET /api/v1/session",
          "DELETE /api/v1/session",
          "PUT /api/v1/session/password",
          "GET /api/v1/patients",
          "GET /api/v1/patients/{patientId}",
          "GET /api/v1/patients/{patientId}/readings",
          "GET /api/v1/patients/{patientId}/charts");

  DbUrl db;
  TestHub hub;
  String base;
  UUID patient;
  UUID sameClinic;
  UUID otherClinic;

  @BeforeAll
  void start() {
    hub = TestHub.inFreshDatabase("relative");
    db = hub.db();
    base = hub.httpBase();
    patient = hub.provision("rel-a", "ox-rel-1", "COPD");
    sameClinic =
        hub.hub()
            .pool()
            .preparedQuery(
                "INSERT INTO patients (id, clinic_id, display_name, condition) "
                    + "VALUES (gen_random_uuid(), 'rel-a', 'Neighbour', 'COPD') RETURNING id")
            .execute()
            .await()
            .iterator()
            .next()
            .getUUID(0);
    otherClinic = hub.provision("rel-b", "ox-rel-2", "COPD");
    ApiClient.createUser(base, TestHub.SERVICE_TOKEN, "nurse@rel.test", PASSWORD, "nurse", "rel-a");
    ApiClient.createUser(base, TestHub.SERVICE_TOKEN, "daughter@rel.test", PASSWORD, "relative");
    Sql.exec(
        db,
        """
        INSERT INTO readings (measured_at, device_id, msg_id, code, patient_id, clinic_id, value, unit, received_at)
        VALUES (now() - interval '1 hour', 'ox-rel-1', 'rel-1', 'spo2', ?, 'rel-a', 95, '%', now())""",
        patient);
  }

  @AfterAll
  void stop() {
    if (hub != null) {
      hub.close();
    }
  }

  @Test
  void aRelativeReadsOnlyTheConsentingPatientChangesNothingAndLosesAccessWhenConsentIsWithdrawn() {
    ApiClient nurse = ApiClient.loggedIn(base, "nurse@rel.test", PASSWORD);
    ApiClient relative = ApiClient.loggedIn(base, "daughter@rel.test", PASSWORD);
    String relativeId = relative.json("/api/v1/session").getJsonObject("user").getString("id");
    // Before any consent: nothing to see.
    assertThat(relative.json("/api/v1/patients").getJsonArray("patients")).isEmpty();
    assertThat(relative.get("/api/v1/patients/" + patient).statusCode()).isEqualTo(404);

    // Access needs the patient's consent, recorded with a note.
    JsonObject link =
        new JsonObject().put("email", "daughter@rel.test").put("relation", "daughter");
    assertThat(
            nurse
                .send("POST", "/api/v1/patients/" + patient + "/relatives", link.encode())
                .statusCode())
        .isEqualTo(400);
    HttpResponse<String> added =
        nurse.send(
            "POST",
            "/api/v1/patients/" + patient + "/relatives",
            link.copy()
                .put("consentGiven", true)
                .put("consentNote", "asked at the enrolment visit, signed form")
                .encode());
    assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
    long linkId =
        new JsonObject(added.body()).getJsonArray("relatives").getJsonObject(0).getLong("id");

    // The linked patient, and only that one.
    JsonArray list = relative.json("/api/v1/patients").getJsonArray("patients");
    assertThat(list).hasSize(1);
    assertThat(list.getJsonObject(0).getString("id")).isEqualTo(patient.toString());
    assertThat(list.getJsonObject(0).containsKey("equality")).isFalse();
    JsonObject detail = relative.json("/api/v1/patients/" + patient);
    assertThat(detail.getJsonArray("devices")).isEmpty();
    assertThat(detail.containsKey("equality")).isFalse();
    assertThat(
            relative
                .json("/api/v1/patients/" + patient + "/readings?bucket=none")
                .getJsonArray("readings"))
        .hasSize(1);
    JsonArray charts =
        relative.json("/api/v1/patients/" + patient + "/charts").getJsonArray("charts");
    assertThat(charts).isNotEmpty();
    charts.forEach(
        c -> {
          String chart = ((JsonObject) c).encode();
          assertThat(chart).as("no limits for a relative").doesNotContain("\"limits\":{");
          assertThat(chart).as("no baseline band for a relative").doesNotContain("\"baseline\":{");
        });
    assertThat(relative.get("/api/v1/patients/" + sameClinic).statusCode()).isEqualTo(404);
    assertThat(relative.get("/api/v1/patients/" + otherClinic + "/readings").statusCode())
        .isEqualTo(404);

    // Every read is audited as the relative's.
    for (String action : List.of("patients.list", "patient.read", "readings.read")) {
      assertThat(
              Sql.count(
                  db,
                  "SELECT count(*) FROM audit_log WHERE user_id = ?::uuid AND user_role = 'RELATIVE' "
                      + "AND patient_id = ? AND action = ?",
                  relativeId,
                  patient,
                  action))
          .as(action)
          .isGreaterThanOrEqualTo(1);
    }
    long reads =
        Sql.count(
            db,
            "SELECT count(*) FROM audit_log WHERE user_id = ?::uuid AND action = 'readings.read'",
            relativeId);
    relative.get("/api/v1/patients/" + patient + "/readings");
    assertThat(
            Sql.count(
                db,
                "SELECT count(*) FROM audit_log WHERE user_id = ?::uuid AND action = 'readings.read'",
                relativeId))
        .isEqualTo(reads + 1);

    // Every other route, reading or changing, is refused before it touches anything.
    long auditBefore = Sql.count(db, "SELECT count(*) FROM audit_log");
    int checked = 0;
    for (String route : hub.declaredRoutes()) {
      String method = route.substring(0, route.indexOf(' '));
      String path = route.substring(route.indexOf(' ') + 1);
      if (!path.startsWith("/api/v1/")
          || path.startsWith("/api/v1/service/")
          || route.equals("POST /api/v1/session")
          || route.equals("POST /api/v1/patient-view/session")
          || RELATIVE_ROUTES.contains(route)) {
        continue;
      }
      String filled =
          path.replace("{patientId}", patient.toString())
              .replace("{alertId}", UUID.randomUUID().toString())
              .replace("{userId}", relativeId)
              .replace("{taskId}", "1")
              .replace("{code}", "spo2")
              .replace("{deviceId}", "ox-rel-1")
              .replace("{relativeId}", String.valueOf(linkId))
              .replaceAll(
                  "\\{[A-Za-z]+}",
                  "1"); // any other parameter: the route must refuse before reading it
      HttpResponse<String> r =
          relative.send(
              method,
              filled,
              "GET".equals(method)
                  ? null
                  : new JsonObject()
                      .put("reason", "x")
                      .put("phases", "DAILY:0-")
                      .put("note", "x")
                      .put("outcome", "NO_ACTION_NEEDED")
                      .put("municipality", "x")
                      .put("email", "daughter@rel.test")
                      .put("relation", "x")
                      .put("consentGiven", true)
                      .put("consentNote", "x")
                      .put("patientId", patient.toString())
                      .encode());
      assertThat(r.statusCode()).as(route).isEqualTo(403);
      checked++;
    }
    assertThat(checked).isGreaterThan(25);
    assertThat(Sql.count(db, "SELECT count(*) FROM audit_log")).isEqualTo(auditBefore);
    assertThat(Sql.count(db, "SELECT count(*) FROM patient_care WHERE patient_id = ?", patient))
        .isZero();
    assertThat(
            Sql.count(
                db,
                "SELECT count(*) FROM patient_relatives WHERE patient_id = ? AND withdrawn_at IS NULL",
                patient))
        .isEqualTo(1);

    // Consent withdrawn: the relative's access ends at once (403 with the reason), and the attempt
    // is audited.
    assertThat(
            nurse
                .send("DELETE", "/api/v1/patients/" + patient + "/relatives/" + linkId, null)
                .statusCode())
        .isEqualTo(200);
    HttpResponse<String> gone = relative.get("/api/v1/patients/" + patient);
    assertThat(gone.statusCode()).isEqualTo(403);
    assertThat(new JsonObject(gone.body()).getString("error")).contains("withdrawn");
    assertThat(relative.get("/api/v1/patients/" + patient + "/readings").statusCode())
        .isEqualTo(403);
    assertThat(relative.json("/api/v1/patients").getJsonArray("patients")).isEmpty();
    assertThat(
            Sql.count(
                db,
                "SELECT count(*) FROM audit_log WHERE user_id = ?::uuid AND patient_id = ? "
                    + "AND action = 'denied:patient.read'",
                relativeId,
                patient))
        .isEqualTo(2); // before consent and after
  }
}

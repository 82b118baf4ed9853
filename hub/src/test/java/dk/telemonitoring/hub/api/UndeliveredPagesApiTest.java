package dk.telemonitoring.hub.api;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.alerts.domain.Level;
import dk.telemonitoring.hub.support.RetriedPages;
import dk.telemonitoring.hub.support.Sql;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A page that never arrives is on the board: the clinic's RED policy pages the on-call doctor on
 * screen and by e-mail, but this hub has no mail server, so the e-mail is given up on at once. The
 * alert's history says the doctor was notified by e-mail (the page was queued); the board's row
 * says the e-mail did not arrive, and the on-screen page, which did, is not named. A page whose
 * attempts failed so far and which is tried again is named too, as still tried.
 */
class UndeliveredPagesApiTest extends OnCallAdminFixture {

  @Override
  String databasePrefix() {
    return "undelivered";
  }

  @Test
  void theBoardSaysWhichPageToTheDoctorNeverArrived() {
    ApiClient admin = ApiClient.loggedIn(base, "admin.e@test.dk", PASSWORD);
    ok(
        admin.send(
            "POST",
            "/api/v1/oncall/rotations",
            rotation("ONCALL_DOCTOR", userId("doctor.e@test.dk"))),
        201);
    redPolicy(admin, step(0, "ONCALL_DOCTOR", "IN_APP", "EMAIL"));
    UUID alertId =
        hub.raise("clinic-e", patientE, "spo2.limit", Level.RED, "SpO2 87% is below the RED limit");
    assertThat(
            Sql.awaitCount(
                db,
                Duration.ofSeconds(60),
                n -> n == 1,
                "SELECT count(*) FROM notifications WHERE alert_id = ? AND channel = 'EMAIL'"
                    + " AND status = 'DEAD'",
                alertId))
        .as("the e-mail given up on")
        .isEqualTo(1);
    assertThat(
            Sql.count(
                db,
                "SELECT attempts FROM notifications WHERE alert_id = ? AND channel = 'EMAIL'",
                alertId))
        .as("at once: a channel the hub has no configuration for is not retried (4 attempts here)")
        .isEqualTo(1);

    ApiClient doctor = ApiClient.loggedIn(base, "doctor.e@test.dk", PASSWORD);
    JsonObject alert =
        ok(doctor.get("/api/v1/board?clinic=clinic-e"), 200)
            .getJsonArray("patients")
            .getJsonObject(0)
            .getJsonArray("alerts")
            .getJsonObject(0);
    assertThat(alert.getString("id")).isEqualTo(alertId.toString());
    String doctorId = userId("doctor.e@test.dk");
    assertThat(alert.getJsonArray("undeliveredPages"))
        .containsExactly(
            new JsonObject()
                .put("role", "ONCALL_DOCTOR")
                .put("personId", doctorId)
                .put("channel", "EMAIL"));

    // A webhook page whose first attempt failed and which the dispatcher will try again (as it
    // leaves the row): not arrived either, and said to be still tried.
    RetriedPages.webhookBesideTheEmailPage(db, alertId);
    assertThat(
            ok(doctor.get("/api/v1/board?clinic=clinic-e"), 200)
                .getJsonArray("patients")
                .getJsonObject(0)
                .getJsonArray("alerts")
                .getJsonObject(0)
                .getJsonArray("undeliveredPages"))
        .containsExactly(
            new JsonObject()
                .put("role", "ONCALL_DOCTOR")
                .put("personId", doctorId)
                .put("channel", "EMAIL"),
            new JsonObject()
                .put("role", "ONCALL_DOCTOR")
                .put("personId", doctorId)
                .put("channel", "WEBHOOK")
                .put("stillTrying", true));
  }
}

package dk.telemonitoring.hub.ui;

import static dk.telemonitoring.hub.ui.Browsers.createUser;
import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.hub.api.ApiClient;
import dk.telemonitoring.hub.support.Sql;
import dk.telemonitoring.hub.support.TestHub;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

/** The on-call set-up a browser test of paging needs, made as the clinic's admin makes it. */
final class OnCallSetup {

  private OnCallSetup() {}

  /**
   * The clinic's admin Ada Admin, nurse Nora Holm and doctor Dorte Dahl ({@code admin@<domain>},
   * {@code nurse@…}, {@code doctor@…}), the doctor on call; the plan would page her about a RED
   * alert only after an hour, so a page within a test is the nurse's doing.
   */
  static void nurseAndDoctorOnCall(TestHub hub, String clinic, String domain) throws Exception {
    createUser(hub.httpBase(), "admin@" + domain, "Ada Admin", "admin", clinic);
    createUser(hub.httpBase(), "nurse@" + domain, "Nora Holm", "nurse", clinic);
    createUser(hub.httpBase(), "doctor@" + domain, "Dorte Dahl", "doctor", clinic);
    ApiClient admin = ApiClient.loggedIn(hub.httpBase(), "admin@" + domain, Browsers.PASSWORD);
    onCallDoctor(
        admin,
        Sql.text(hub.db(), "SELECT id::text FROM app_users WHERE email = ?", "doctor@" + domain));
    redPagesTheDoctor(admin, 3600, "IN_APP");
  }

  /** {@code doctorId} holds the on-call doctor's role, from two days ago on. */
  static void onCallDoctor(ApiClient admin, String doctorId) throws Exception {
    onCall(admin, "ONCALL_DOCTOR", doctorId);
  }

  /** {@code personId} holds {@code role} (a rota role), from two days ago on. */
  static void onCall(ApiClient admin, String role, String personId) throws Exception {
    JsonObject rotation =
        new JsonObject()
            .put("role", role)
            .put(
                "anchorDate", LocalDate.now(ZoneId.of("Europe/Copenhagen")).minusDays(2).toString())
            .put("handoverTimes", new JsonArray().add("08:00"))
            .put("members", new JsonArray().add(personId));
    assertThat(admin.send("POST", "/api/v1/oncall/rotations", rotation.encode()).statusCode())
        .isEqualTo(201);
  }

  /** A RED alert pages the on-call doctor after {@code delaySeconds}, by {@code channels}. */
  static void redPagesTheDoctor(ApiClient admin, int delaySeconds, String... channels)
      throws Exception {
    JsonObject step =
        new JsonObject()
            .put("delaySeconds", delaySeconds)
            .put("recipients", new JsonArray().add("ONCALL_DOCTOR"))
            .put("channels", new JsonArray(List.of((Object[]) channels)));
    JsonObject policy = new JsonObject().put("steps", new JsonArray().add(step));
    assertThat(admin.send("PUT", "/api/v1/escalation-policies/RED", policy.encode()).statusCode())
        .isEqualTo(200);
  }
}

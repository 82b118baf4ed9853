package dk.telemonitoring.hub.api;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.hub.access.PatientSessions;
import dk.telemonitoring.hub.support.Sql;
import dk.telemonitoring.hub.support.TestHub;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Sign-in codes cannot be guessed: after {@link PatientSessions#MAX_FAILURES_PER_ADDRESS} wrong
 * codes from one address, the next attempt waits (429 with Retry-After), even with the right code,
 * and the right code is not used up by the refused attempt. Its own hub and database, since the
 * limit holds for the test's address.
 */
class PatientSignInLimitApiTest {

  @Test
  void wrongCodesFromOneAddressAreLimitedAndTheRightCodeWaitsToo() {
    try (TestHub hub = TestHub.inFreshDatabase("pvlimit")) {
      String base = hub.httpBase();
      UUID patient = hub.provision("pv-l", "ox-pvl-1", "COPD");
      ApiClient.createUser(
          base, TestHub.SERVICE_TOKEN, "nurse@pvl.test", "limit test password", "nurse", "pv-l");
      ApiClient nurse = ApiClient.loggedIn(base, "nurse@pvl.test", "limit test password");
      HttpResponse<String> issued =
          nurse.send("POST", "/api/v1/patients/" + patient + "/patient-view/codes", "{}");
      assertThat(issued.statusCode()).isEqualTo(201);
      String code = new JsonObject(issued.body()).getString("code");

      for (int i = 0; i < PatientSessions.MAX_FAILURES_PER_ADDRESS; i++) {
        assertThat(signIn(base, "WRONG" + i).statusCode()).isEqualTo(401);
      }
      HttpResponse<String> blocked = signIn(base, code);
      assertThat(blocked.statusCode()).isEqualTo(429);
      assertThat(blocked.headers().firstValue("Retry-After")).isPresent();
      assertThat(new JsonObject(blocked.body()).getString("error")).contains("try again");
      assertThat(
              Sql.count(
                  hub.db(),
                  "SELECT count(*) FROM patient_signin_codes WHERE patient_id = ? AND used_at IS NULL",
                  patient))
          .isEqualTo(1);
    }
  }

  private static HttpResponse<String> signIn(String base, String code) {
    return new ApiClient(base)
        .send("POST", "/api/v1/patient-view/session", new JsonObject().put("code", code).encode());
  }
}

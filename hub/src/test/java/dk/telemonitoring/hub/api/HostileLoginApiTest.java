package dk.telemonitoring.hub.api;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.hub.access.LoginThrottle;
import dk.telemonitoring.hub.support.TestHub;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Hostile logins against a real hub: a session id planted before login is never accepted after it,
 * and an address spraying one password over accounts is refused for accounts never used from it,
 * not for clinic A's doctor, who signed in from it in the set-up.
 */
class HostileLoginApiTest extends HostileApiFixture {

  HostileLoginApiTest() {
    super("hostilelogin");
  }

  @Test
  @Order(3)
  void anAddressSprayingAccountsIsRefusedForNewcomersButNotForAccountsThatSignedInFromIt() {
    // PeopleApiSessionTest and LoginLimitsApiTest cover the per-pair limit; this is the per-address
    // one (spraying one password over accounts), which must not lock out a clinic behind one NAT.
    ApiClient.createUser(
        base, TestHub.SERVICE_TOKEN, "newcomer.a@test.dk", PASSWORD, "nurse", "clinic-a");
    for (int i = 0; i < LoginThrottle.WIDE_LIMIT; i++) {
      int status =
          new ApiClient(base).login("sprayed-" + i + "@test.dk", "Summer2026!").statusCode();
      assertThat(status).isIn(401, 429);
    }
    HttpResponse<String> blocked = new ApiClient(base).login("newcomer.a@test.dk", PASSWORD);
    assertThat(blocked.statusCode())
        .as("a correct password from the spraying address, for an account never used from it")
        .isEqualTo(429);
    assertThat(blocked.headers().firstValue("Retry-After")).isPresent();
    assertThat(new JsonObject(blocked.body()).getString("error")).isNotBlank();
    assertThat(new ApiClient(base).login("doctor.a@test.dk", PASSWORD).statusCode())
        .as("the doctor, who signed in from this address before")
        .isEqualTo(201);
  }

  @Test
  @Order(1)
  void aSessionIdChosenBeforeLoginIsNeverAcceptedAfterIt() {
    // A session id an attacker planted (never issued by the hub) is ignored by login and gives no
    // access after it.
    ApiClient victim = new ApiClient(base);
    String planted = Auth.COOKIE + "=" + "A".repeat(43);
    victim.cookie = planted;
    assertThat(victim.get("/api/v1/session").statusCode()).isEqualTo(401);
    assertThat(victim.login("nurse.a@test.dk", PASSWORD).statusCode()).isEqualTo(201);
    assertThat(victim.cookie).isNotEqualTo(planted);
    ApiClient attacker = new ApiClient(base);
    attacker.cookie = planted;
    assertThat(attacker.get("/api/v1/session").statusCode())
        .as("the planted id after the victim's login")
        .isEqualTo(401);
    assertThat(attacker.get("/api/v1/patients").statusCode()).isEqualTo(401);
  }
}

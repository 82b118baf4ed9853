package dk.telemonitoring.hub.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dk.telemonitoring.hub.access.LoginThrottle;
import dk.telemonitoring.hub.access.Passwords;
import dk.telemonitoring.hub.config.DbUrl;
import dk.telemonitoring.hub.config.Setting;
import dk.telemonitoring.hub.support.Sql;
import dk.telemonitoring.hub.support.TestHub;
import dk.telemonitoring.hub.support.TestServices;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Sessions of the people-facing API against a real hub: login attempts limited per account, the
 * session cookie's attributes and renewal at login, logout, and no start outside demo mode while a
 * default password is in use.
 */
class PeopleApiSessionTest extends TwoClinicApiTest {

  PeopleApiSessionTest() {
    super("people_session");
  }

  @Test
  void loginAttemptsAreRateLimitedPerAccountAndAddress() {
    ApiClient.createUser(
        base, TestHub.SERVICE_TOKEN, "ratelimit@test.dk", PASSWORD, "nurse", "clinic-a");
    ApiClient c = new ApiClient(base);
    for (int i = 0; i < LoginThrottle.FREE_GUESSES; i++) {
      assertThat(c.login("ratelimit@test.dk", "wrong password " + i).statusCode()).isEqualTo(401);
    }
    HttpResponse<String> blocked = c.login("ratelimit@test.dk", PASSWORD);
    assertThat(blocked.statusCode()).isEqualTo(429);
    assertThat(blocked.headers().firstValue("Retry-After")).isPresent();
    // Another account from the same address is not blocked by this account's failures.
    assertThat(new ApiClient(base).login("nurse.a@test.dk", PASSWORD).statusCode()).isEqualTo(201);
  }

  @Test
  void aForwardedForHeaderFromAnUntrustedPeerIsIgnored() throws Exception {
    // This hub trusts no proxy: a guesser who writes a new X-Forwarded-For with every guess is
    // still counted at its own address.
    ApiClient.createUser(
        base, TestHub.SERVICE_TOKEN, "forwarded@test.dk", PASSWORD, "nurse", "clinic-a");
    var http = java.net.http.HttpClient.newHttpClient();
    int last = 0;
    for (int i = 0; i <= LoginThrottle.FREE_GUESSES; i++) {
      String password = i < LoginThrottle.FREE_GUESSES ? "guess " + i : PASSWORD;
      last =
          http.send(
                  java.net.http.HttpRequest.newBuilder(
                          java.net.URI.create(base + "/api/v1/session"))
                      .header("content-type", "application/json")
                      .header("X-Forwarded-For", "198.51.100." + i)
                      .POST(
                          java.net.http.HttpRequest.BodyPublishers.ofString(
                              new io.vertx.core.json.JsonObject()
                                  .put("email", "forwarded@test.dk")
                                  .put("password", password)
                                  .encode()))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .statusCode();
    }
    assertThat(last)
        .as("the right password after five guesses from 'new' addresses")
        .isEqualTo(429);
  }

  @Test
  void theSessionCookieIsHttpOnlyStrictAndNewAtEveryLoginAndLogoutEndsIt() {
    ApiClient first = ApiClient.loggedIn(base, "nurse.a@test.dk", PASSWORD);
    assertThat(first.setCookie)
        .containsIgnoringCase("HttpOnly")
        .contains("SameSite=Strict")
        .doesNotContain("Secure");
    String planted = first.cookie;
    ApiClient second = new ApiClient(base);
    second.cookie = planted; // a token fixed before login is never promoted
    assertThat(second.login("nurse.a@test.dk", PASSWORD).statusCode()).isEqualTo(201);
    assertThat(second.cookie).isNotEqualTo(planted);
    assertThat(first.get("/api/v1/session").statusCode()).isEqualTo(401);
    assertThat(second.send("DELETE", "/api/v1/session", null).statusCode()).isEqualTo(204);
    assertThat(second.get("/api/v1/session").statusCode()).isEqualTo(401);
    assertThat(
            Sql.count(
                db, "SELECT count(*) FROM app_sessions WHERE token_hash = decode(?, 'hex')", "00"))
        .isZero(); // only hashes are stored
  }

  @Test
  void outsideDemoModeTheHubDoesNotStartWhileAUserHasAWellKnownDefaultPassword() {
    DbUrl server = TestServices.postgres();
    DbUrl other = TestServices.freshDatabase(server, "defaultpw");
    try {
      var settings =
          TestHub.settings(
              other, TestServices.uniqueTopicRoot(), "hub-defaultpw-" + UUID.randomUUID());
      TestHub.start(settings).close(); // creates the schema; nobody has a default password yet
      // What the demo's users look like (module demo): a well-known password, marked as such.
      Sql.exec(
          other,
          "INSERT INTO app_users (id, email, display_name, role, password_hash, default_password)"
              + " VALUES (gen_random_uuid(), 'well.known@test.dk', 'Well Known', 'NURSE', ?, true)",
          Passwords.hash("demo-nurse"));
      assertThatThrownBy(() -> TestHub.start(settings).close())
          .hasMessageContaining("default passwords")
          .hasMessageContaining("well.known@test.dk");
      settings.put(Setting.DEMO_MODE, "true");
      try (TestHub demo = TestHub.start(settings)) {
        ApiClient nurse = ApiClient.loggedIn(demo.httpBase(), "well.known@test.dk", "demo-nurse");
        assertThat(nurse.json("/api/v1/session").getJsonObject("user").getString("role"))
            .isEqualTo("nurse");
      }
    } finally {
      TestServices.dropDatabase(other, server);
    }
  }
}

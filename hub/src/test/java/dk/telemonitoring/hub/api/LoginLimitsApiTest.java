package dk.telemonitoring.hub.api;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.hub.access.LoginThrottle;
import dk.telemonitoring.hub.config.Setting;
import dk.telemonitoring.hub.support.Sql;
import dk.telemonitoring.hub.support.TestHub;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Login limits against a real hub behind a trusted proxy (the test client on 127.0.0.1 plays the
 * proxy and names each client's address in X-Forwarded-For): a stranger guessing a nurse's password
 * from elsewhere never keeps her out, guesses from one pair wait longer and longer, and a forwarded
 * address from an untrusted peer is ignored.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LoginLimitsApiTest {

  private static final String PASSWORD = "Correct-Horse-7";
  private static final String NURSE = "nurse.limits@test.dk";
  private static final String NURSES_WORKSTATION = "192.0.2.10";
  private static final String STRANGER = "203.0.113.66";

  private final HttpClient http = HttpClient.newHttpClient();
  private TestHub hub;
  private String base;

  @BeforeAll
  void start() {
    hub =
        TestHub.inFreshDatabase(
            "login_limits", s -> s.put(Setting.HTTP_TRUSTED_PROXIES, "127.0.0.1, ::1"));
    base = hub.httpBase();
    hub.provision("clinic-a", "ox-limits-1", "COPD");
    hub.provision("clinic-b", "ox-limits-2", "COPD");
    ApiClient.createTwoClinicStaff(base, TestHub.SERVICE_TOKEN, PASSWORD);
    ApiClient.createUser(base, TestHub.SERVICE_TOKEN, NURSE, PASSWORD, "nurse", "clinic-a");
  }

  @AfterAll
  void stop() {
    hub.close();
  }

  @Test
  void aStrangerGuessingHerPasswordIsThrottledWhileTheNurseSignsInFromHerWorkstation() {
    assertThat(login(NURSE, PASSWORD, NURSES_WORKSTATION).statusCode()).isEqualTo(201);
    for (int i = 0; i < LoginThrottle.FREE_GUESSES; i++) {
      assertThat(login(NURSE, "guess-" + i, STRANGER).statusCode()).isEqualTo(401);
    }
    HttpResponse<String> stranger = login(NURSE, PASSWORD, STRANGER);
    assertThat(stranger.statusCode())
        .as("even the right password, from the stranger")
        .isEqualTo(429);
    long retryAfter = Long.parseLong(stranger.headers().firstValue("Retry-After").orElseThrow());
    assertThat(retryAfter).isBetween(1L, LoginThrottle.FIRST_DELAY.toSeconds());
    assertThat(new JsonObject(stranger.body()).getString("error")).contains("seconds");
    assertThat(login(NURSE, PASSWORD, NURSES_WORKSTATION).statusCode())
        .as("the nurse at her workstation")
        .isEqualTo(201);
  }

  @Test
  void eachFurtherFailureOfAPairDoublesItsWait() {
    String email = "doctor.a@test.dk";
    String address = "198.51.100.20";
    // Seven failures, the last ten seconds ago: the wait after the seventh is 4 x 30 s.
    Sql.exec(
        hub.db(),
        "INSERT INTO login_attempts (at, email, ip, success)"
            + " SELECT now() - interval '10 seconds' - g * interval '1 second', ?, ?, false"
            + " FROM generate_series(0, 6) g",
        email,
        address);
    long retryAfter =
        Long.parseLong(
            login(email, PASSWORD, address).headers().firstValue("Retry-After").orElseThrow());
    long expected = LoginThrottle.delayAfter(7).toSeconds() - 10;
    assertThat(retryAfter).isBetween(expected - 5, expected + 1);
    assertThat(LoginThrottle.delayAfter(7)).isEqualTo(Duration.ofSeconds(120));
  }

  @Test
  void guessesSpreadOverManyAddressesKeepNewAddressesOutButNotTheOwnersOwn() {
    String email = "nurse.a@test.dk";
    assertThat(login(email, PASSWORD, NURSES_WORKSTATION).statusCode()).isEqualTo(201);
    for (int i = 0; i < LoginThrottle.WIDE_LIMIT; i++) {
      assertThat(login(email, "guess", "198.51.100." + (100 + i)).statusCode()).isEqualTo(401);
    }
    assertThat(login(email, PASSWORD, "198.51.100.99").statusCode())
        .as("a correct password from an address this account never used")
        .isEqualTo(429);
    assertThat(login(email, PASSWORD, NURSES_WORKSTATION).statusCode())
        .as("the owner's own address")
        .isEqualTo(201);
  }

  @Test
  void theForwardedAddressIsWhatTheLoginLimitsAndTheRecordsCount() {
    login("nobody@test.dk", "x", "198.51.100.77");
    assertThat(
            Sql.count(
                hub.db(),
                "SELECT count(*) FROM login_attempts WHERE email = 'nobody@test.dk' AND ip = ?",
                "198.51.100.77"))
        .isEqualTo(1);
  }

  private HttpResponse<String> login(String email, String password, String clientAddress) {
    try {
      return http.send(
          HttpRequest.newBuilder(URI.create(base + "/api/v1/session"))
              .header("content-type", "application/json")
              .header("X-Forwarded-For", clientAddress)
              .POST(
                  HttpRequest.BodyPublishers.ofString(
                      new JsonObject().put("email", email).put("password", password).encode()))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}

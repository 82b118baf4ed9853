package dk.telemonitoring.hub.api;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.hub.config.DbUrl;
import dk.telemonitoring.hub.support.Sql;
import dk.telemonitoring.hub.support.TestHub;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * A hub with clinics a and b, their admins (one of them admin of both), nurses and doctors, for the
 * tests of what admins change of a user over the API. Real hub and database; every test has people
 * of its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class UserAdminFixture {

  static final String PASSWORD = "correct horse battery";
  static final ZoneId CPH = ZoneId.of("Europe/Copenhagen");

  DbUrl db;
  TestHub hub;
  String base;

  @BeforeAll
  void start() {
    hub = TestHub.inFreshDatabase(databasePrefix());
    db = hub.db();
    base = hub.httpBase();
    hub.provision("clinic-a", "ox-a-1", "COPD");
    hub.provision("clinic-b", "ox-b-1", "COPD");
    for (String[] u :
        List.of(
            new String[] {"admin.a", "admin", "clinic-a"},
            new String[] {"admin.b", "admin", "clinic-b"},
            new String[] {"nurse.a", "nurse", "clinic-a"},
            new String[] {"doctor.a", "doctor", "clinic-a"},
            new String[] {"leaver.a", "doctor", "clinic-a"},
            new String[] {"locum.a", "doctor", "clinic-a"},
            new String[] {"swap.a", "nurse", "clinic-a"},
            new String[] {"paged.a", "doctor", "clinic-a"})) {
      ApiClient.createUser(base, TestHub.SERVICE_TOKEN, u[0] + "@test.dk", PASSWORD, u[1], u[2]);
    }
    ApiClient.createUser(
        base, TestHub.SERVICE_TOKEN, "admin.ab@test.dk", PASSWORD, "admin", "clinic-a", "clinic-b");
    ApiClient.createUser(
        base,
        TestHub.SERVICE_TOKEN,
        "doctor.ab@test.dk",
        PASSWORD,
        "doctor",
        "clinic-a",
        "clinic-b");
  }

  @AfterAll
  void stop() {
    if (hub != null) {
      hub.close();
    }
  }

  String userId(String email) {
    return Sql.text(db, "SELECT id::text FROM app_users WHERE email = ?", email);
  }

  ApiClient as(String email) {
    return ApiClient.loggedIn(base, email, PASSWORD);
  }

  static JsonObject status(HttpResponse<String> r, int status) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    return new JsonObject(r.body());
  }

  static String rotation(String role, String... members) {
    return new JsonObject()
        .put("role", role)
        .put("anchorDate", LocalDate.now(CPH).minusDays(1).toString())
        .put("handoverTimes", new JsonArray().add("08:00"))
        .put("members", new JsonArray(List.of((Object[]) members)))
        .encode();
  }

  /** The fresh database's name prefix, one per test class. */
  abstract String databasePrefix();
}

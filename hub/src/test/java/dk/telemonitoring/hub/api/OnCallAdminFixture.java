package dk.telemonitoring.hub.api;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.hub.config.DbUrl;
import dk.telemonitoring.hub.config.Setting;
import dk.telemonitoring.hub.support.Sql;
import dk.telemonitoring.hub.support.TestHub;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * A hub with clinics a, b, e, f and g, their admins, nurses and doctors, for the tests of what
 * admins manage of the on-call machinery over the API.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class OnCallAdminFixture {

  static final String PASSWORD = "correct horse battery";
  static final ZoneId CPH = ZoneId.of("Europe/Copenhagen");

  DbUrl db;
  TestHub hub;
  String base;
  UUID patientE;
  UUID patientF;
  UUID patientG;

  @BeforeAll
  void start() {
    hub =
        TestHub.inFreshDatabase(
            databasePrefix(),
            settings -> {
              settings.put(Setting.ALERTS_DELIVERY_MAX_ATTEMPTS, "4");
              settings.put(Setting.ALERTS_RETRY_BACKOFF, "PT0.5S");
              settings.put(Setting.ALERTS_RETRY_BACKOFF_MAX, "PT3S");
            });
    db = hub.db();
    base = hub.httpBase();
    hub.provision("clinic-a", "ox-a-1", "COPD");
    hub.provision("clinic-b", "ox-b-1", "COPD");
    patientE = hub.provision("clinic-e", "ox-e-1", "COPD");
    patientF = hub.provision("clinic-f", "ox-f-1", "COPD");
    patientG = hub.provision("clinic-g", "ox-g-1", "COPD");
    ApiClient.createUser(
        base, TestHub.SERVICE_TOKEN, "admin.a@test.dk", PASSWORD, "admin", "clinic-a");
    ApiClient.createUser(
        base, TestHub.SERVICE_TOKEN, "nurse.a@test.dk", PASSWORD, "nurse", "clinic-a");
    ApiClient.createUser(
        base, TestHub.SERVICE_TOKEN, "doctor.a@test.dk", PASSWORD, "doctor", "clinic-a");
    ApiClient.createUser(
        base, TestHub.SERVICE_TOKEN, "doctor2.a@test.dk", PASSWORD, "doctor", "clinic-a");
    ApiClient.createUser(
        base, TestHub.SERVICE_TOKEN, "admin.b@test.dk", PASSWORD, "admin", "clinic-b");
    ApiClient.createUser(
        base, TestHub.SERVICE_TOKEN, "doctor.b@test.dk", PASSWORD, "doctor", "clinic-b");
    ApiClient.createUser(
        base, TestHub.SERVICE_TOKEN, "admin.e@test.dk", PASSWORD, "admin", "clinic-e");
    ApiClient.createUser(
        base, TestHub.SERVICE_TOKEN, "doctor.e@test.dk", PASSWORD, "doctor", "clinic-e");
    ApiClient.createUser(
        base, TestHub.SERVICE_TOKEN, "nurse.f@test.dk", PASSWORD, "nurse", "clinic-f");
    ApiClient.createUser(
        base, TestHub.SERVICE_TOKEN, "admin.g@test.dk", PASSWORD, "admin", "clinic-g");
    ApiClient.createUser(
        base, TestHub.SERVICE_TOKEN, "nurse.g@test.dk", PASSWORD, "nurse", "clinic-g");
    ApiClient.createUser(
        base, TestHub.SERVICE_TOKEN, "doctor.g@test.dk", PASSWORD, "doctor", "clinic-g");
    ApiClient.createUser(
        base, TestHub.SERVICE_TOKEN, "heart.g@test.dk", PASSWORD, "doctor", "clinic-g");
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

  static JsonObject ok(HttpResponse<String> r, int status) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    return new JsonObject(r.body());
  }

  static JsonObject step(double delay, String recipient, String... channels) {
    return new JsonObject()
        .put("delaySeconds", delay)
        .put("recipients", new JsonArray().add(recipient))
        .put("channels", new JsonArray(List.of((Object[]) channels)));
  }

  /** A rotation of {@code role} whose members take turns at 08:00, begun two days ago. */
  static String rotation(String role, String... memberIds) {
    return new JsonObject()
        .put("role", role)
        .put("anchorDate", LocalDate.now(CPH).minusDays(2).toString())
        .put("handoverTimes", new JsonArray().add("08:00"))
        .put("members", new JsonArray(List.of((Object[]) memberIds)))
        .encode();
  }

  /** Sets the clinic's escalation policy for RED alerts to {@code steps}, as its admin does. */
  static void redPolicy(ApiClient admin, JsonObject... steps) {
    ok(
        admin.send(
            "PUT",
            "/api/v1/escalation-policies/RED",
            new JsonObject().put("steps", new JsonArray(List.of((Object[]) steps))).encode()),
        200);
  }

  /** A step that pages one named person (by user id) and no on-call role. */
  static JsonObject named(double delay, String personId, String... channels) {
    return new JsonObject()
        .put("delaySeconds", delay)
        .put("people", new JsonArray().add(personId))
        .put("channels", new JsonArray(List.of((Object[]) channels)));
  }

  /** The fresh database's name prefix, one per test class. */
  abstract String databasePrefix();
}

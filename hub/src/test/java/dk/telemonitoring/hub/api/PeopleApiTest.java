package dk.telemonitoring.hub.api;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.hub.support.Sql;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The people-facing API's routes against a real hub, PostgreSQL and broker: authorisation by
 * session, role and clinic on every route, CSRF, and the OpenAPI file listing exactly the router's
 * routes. Sessions and login limits, the audit trail, alerts and readings have their own
 * PeopleApi*Test classes.
 */
class PeopleApiTest extends TwoClinicApiTest {

  PeopleApiTest() {
    super("people");
  }

  private static String fill(String path, UUID patient) {
    return path.replace("{patientId}", patient.toString())
        .replace("{alertId}", UUID.randomUUID().toString())
        .replace("{userId}", UUID.randomUUID().toString())
        .replace("{taskId}", "1")
        .replace("{adviceId}", "1")
        .replace("{intervalId}", "1")
        .replace("{code}", "spo2")
        .replace("{deviceId}", "ox-b-1")
        .replace("{relativeId}", "1")
        .replace("{level}", "RED")
        .replace("{rotationId}", "1")
        .replace("{overrideId}", "1")
        .replace("{clinicId}", "clinic-b");
  }

  private static String bodyFor(String method) {
    return "GET".equals(method) ? null : "{}";
  }

  @Test
  void withoutASessionEveryPeopleRouteAnswers401() {
    ApiClient anonymous = new ApiClient(base);
    int checked = 0;
    for (String route : hub.declaredRoutes()) {
      String method = route.substring(0, route.indexOf(' '));
      String path = route.substring(route.indexOf(' ') + 1);
      if (!path.startsWith("/api/v1/")
          || path.startsWith("/api/v1/service/")
          || route.equals("POST /api/v1/session")
          || route.equals("POST /api/v1/patient-view/session")) {
        continue;
      }
      HttpResponse<String> r = anonymous.send(method, fill(path, patientA), bodyFor(method));
      assertThat(r.statusCode()).as(route).isEqualTo(401);
      assertThat(new JsonObject(r.body()).getString("error")).as(route).isNotBlank();
      checked++;
    }
    assertThat(checked).isGreaterThan(30);
  }

  @Test
  void anotherClinicsPatientIsNotFoundOnEveryRouteThatTakesAPatient() {
    for (String email : new String[] {"nurse.a@test.dk", "doctor.a@test.dk", "admin.a@test.dk"}) {
      ApiClient staff = ApiClient.loggedIn(base, email, PASSWORD);
      int checked = 0;
      for (String route : hub.declaredRoutes()) {
        if (!route.contains("{patientId}")) {
          continue;
        }
        String method = route.substring(0, route.indexOf(' '));
        String path = route.substring(route.indexOf(' ') + 1);
        String body =
            "GET".equals(method)
                ? null
                : new JsonObject()
                    .put("reason", "test")
                    .put("phases", "DAILY:0-")
                    .put("yellowLow", 92.0)
                    .put("note", "x")
                    .put("email", "x@test.dk")
                    .put("relation", "son")
                    .put("consentGiven", true)
                    .put("consentNote", "x")
                    .encode();
        HttpResponse<String> r = staff.send(method, fill(path, patientB), body);
        assertThat(r.statusCode()).as(email + " " + route).isIn(403, 404);
        checked++;
      }
      assertThat(checked).isGreaterThanOrEqualTo(12);
      // Binding another clinic's device, or a device to another clinic's patient, is not found
      // either.
      HttpResponse<String> bind =
          staff.send(
              "PUT",
              "/api/v1/devices/ox-a-1/binding",
              new JsonObject().put("patientId", patientB.toString()).encode());
      assertThat(bind.statusCode()).as(email).isIn(403, 404);
    }
    // And their own clinic's patient is there.
    ApiClient nurse = ApiClient.loggedIn(base, "nurse.a@test.dk", PASSWORD);
    assertThat(nurse.json("/api/v1/patients/" + patientA).getString("clinicId"))
        .isEqualTo("clinic-a");
    assertThat(nurse.json("/api/v1/patients").getJsonArray("patients")).hasSize(1);
  }

  @Test
  void aNurseCannotChangeLimitsButADoctorCanAndNobodyRelaxesACriticalFloor() {
    JsonObject limit =
        new JsonObject()
            .put("yellowLow", 90.0)
            .put("redLow", 88.0)
            .put("criticalLow", 85.0)
            .put("reason", "stable COPD patient living at 90-91%");
    ApiClient nurse = ApiClient.loggedIn(base, "nurse.a@test.dk", PASSWORD);
    HttpResponse<String> byNurse =
        nurse.send("PUT", "/api/v1/patients/" + patientA + "/limits/spo2", limit.encode());
    assertThat(byNurse.statusCode()).isEqualTo(403);
    assertThat(
            Sql.count(
                db,
                "SELECT count(*) FROM patient_limits WHERE patient_id = ? AND author = 'nurse.a@test.dk'",
                patientA))
        .isZero();

    ApiClient doctor = ApiClient.loggedIn(base, "doctor.a@test.dk", PASSWORD);
    HttpResponse<String> byDoctor =
        doctor.send("PUT", "/api/v1/patients/" + patientA + "/limits/spo2", limit.encode());
    assertThat(byDoctor.statusCode()).as(byDoctor.body()).isEqualTo(200);
    assertThat(
            Sql.text(
                db,
                "SELECT author FROM patient_limits WHERE patient_id = ? AND code = 'spo2'",
                patientA))
        .isEqualTo("doctor.a@test.dk");

    HttpResponse<String> relaxed =
        doctor.send(
            "PUT",
            "/api/v1/patients/" + patientA + "/limits/spo2",
            limit.copy().put("criticalLow", 80.0).encode());
    assertThat(relaxed.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(relaxed.body()).getString("error")).isNotBlank();
  }

  @Test
  void aStateChangingCallWithoutTheCsrfTokenIs403() {
    ApiClient doctor = ApiClient.loggedIn(base, "doctor.a@test.dk", PASSWORD);
    String limit = new JsonObject().put("yellowHigh", 110.0).put("reason", "csrf test").encode();
    HttpResponse<String> r =
        doctor.send("PUT", "/api/v1/patients/" + patientA + "/limits/pulse", limit, false);
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.body()).contains("X-CSRF-Token");
    ApiClient other = ApiClient.loggedIn(base, "nurse.a@test.dk", PASSWORD);
    doctor.csrf = other.csrf; // another session's token does not do either
    assertThat(
            doctor
                .send("PUT", "/api/v1/patients/" + patientA + "/limits/pulse", limit)
                .statusCode())
        .isEqualTo(403);
    assertThat(doctor.send("DELETE", "/api/v1/session", null, false).statusCode()).isEqualTo(403);
    // A login posted as a form (what a cross-site page could do) is refused.
    assertThat(new ApiClient(base).send("POST", "/api/v1/session", null).statusCode())
        .isEqualTo(415);
  }

  @Test
  void theOpenApiFileDescribesExactlyTheRoutesOfTheRouter() throws IOException {
    String yaml;
    try (InputStream in = getClass().getResourceAsStream("/openapi.yaml")) {
      yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Set<String> documented = new TreeSet<>();
    String path = null;
    Matcher m;
    for (String line : yaml.split("\n")) {
      if ((m = Pattern.compile("^  (/\\S*):\\s*$").matcher(line)).matches()) {
        path = m.group(1);
      } else if (path != null
          && (m = Pattern.compile("^    (get|post|put|patch|delete):.*").matcher(line)).matches()) {
        documented.add(m.group(1).toUpperCase() + " " + path);
      } else if (line.startsWith("components:") || line.startsWith("security:")) {
        path = null;
      }
    }
    assertThat(documented).isEqualTo(hub.declaredRoutes());
    // And it is YAML an OpenAPI tool can read (a summary with an unquoted ": " was not).
    Map<String, Object> spec = new Yaml().load(yaml);
    Set<Object> paths = new TreeSet<>(((Map<?, ?>) spec.get("paths")).keySet());
    assertThat(paths)
        .containsAll(
            documented.stream().map(r -> (Object) r.substring(r.indexOf(' ') + 1)).toList());
    // The server serves the file.
    assertThat(new ApiClient(base).get("/api/openapi.yaml").body()).startsWith("openapi: 3");
  }
}

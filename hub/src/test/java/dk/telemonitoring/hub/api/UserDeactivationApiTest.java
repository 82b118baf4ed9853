package dk.telemonitoring.hub.api;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.hub.config.DbUrl;
import dk.telemonitoring.hub.config.Setting;
import dk.telemonitoring.hub.support.Sql;
import dk.telemonitoring.hub.support.TestHub;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Nobody who has left can be paged: an admin cannot deactivate, re-role or take out of the clinic a
 * user who is still on call (rotation member, override not yet ended, named in an escalation
 * policy) until they are replaced there; and admins set where staff are paged (contact details),
 * validated, audited and within their clinics. Real hub and database; every test has people of its
 * own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UserDeactivationApiTest {

  static final String PASSWORD = "correct horse battery";
  static final ZoneId CPH = ZoneId.of("Europe/Copenhagen");

  DbUrl db;
  TestHub hub;
  String base;

  @BeforeAll
  void start() {
    hub = TestHub.inFreshDatabase("deactivation");
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

  private String userId(String email) {
    return Sql.text(db, "SELECT id::text FROM app_users WHERE email = ?", email);
  }

  private ApiClient as(String email) {
    return ApiClient.loggedIn(base, email, PASSWORD);
  }

  private static JsonObject status(HttpResponse<String> r, int status) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    return new JsonObject(r.body());
  }

  private static String rotation(String role, String... members) {
    return new JsonObject()
        .put("role", role)
        .put("anchorDate", LocalDate.now(CPH).minusDays(1).toString())
        .put("handoverTimes", new JsonArray().add("08:00"))
        .put("members", new JsonArray(List.of((Object[]) members)))
        .encode();
  }

  private static String namingPolicy(String person) {
    return new JsonObject()
        .put(
            "steps",
            new JsonArray()
                .add(
                    new JsonObject()
                        .put("delaySeconds", 0)
                        .put("people", new JsonArray().add(person))
                        .put("channels", new JsonArray().add("IN_APP"))))
        .encode();
  }

  private static String deactivate() {
    return new JsonObject().put("active", false).encode();
  }

  private boolean active(String userId) {
    return Boolean.parseBoolean(
        Sql.text(db, "SELECT active::text FROM app_users WHERE id = ?::uuid", userId));
  }

  @Test
  void deactivatingADoctorStillOnCallIsRefusedListingTheRotaAndPolicyUntilTheyAreReplaced() {
    ApiClient admin = as("admin.a@test.dk");
    String leaver = userId("leaver.a@test.dk");
    String locum = userId("locum.a@test.dk");
    long rotationId =
        status(
                admin.send("POST", "/api/v1/oncall/rotations", rotation("BACKUP_DOCTOR", leaver)),
                201)
            .getLong("id");
    status(admin.send("PUT", "/api/v1/escalation-policies/GREEN", namingPolicy(leaver)), 200);

    JsonObject refused = status(admin.send("PATCH", "/api/v1/users/" + leaver, deactivate()), 409);
    assertThat(refused.getString("error"))
        .contains("cannot deactivate the user")
        .contains("rotation " + rotationId + " (BACKUP_DOCTOR, clinic-a)")
        .contains("GREEN escalation policy of clinic-a")
        .contains("Replace them there first");
    assertThat(refused.getJsonArray("references"))
        .containsExactlyInAnyOrder(
            new JsonObject()
                .put("kind", "rotation")
                .put("id", rotationId)
                .put("clinicId", "clinic-a")
                .put("role", "BACKUP_DOCTOR"),
            new JsonObject()
                .put("kind", "escalationPolicy")
                .put("clinicId", "clinic-a")
                .put("level", "GREEN"));
    assertThat(active(leaver)).as("nothing changed").isTrue();
    JsonObject demoted =
        status(
            admin.send(
                "PATCH", "/api/v1/users/" + leaver, new JsonObject().put("role", "nurse").encode()),
            409);
    assertThat(demoted.getString("error")).startsWith("cannot make the user a nurse");
    assertThat(Sql.text(db, "SELECT role FROM app_users WHERE id = ?::uuid", leaver))
        .isEqualTo("DOCTOR");
    // An admin is still staff but not a doctor: the policy recorded a doctor's page, the rota needs
    // a doctor.
    assertThat(
            admin
                .send(
                    "PATCH",
                    "/api/v1/users/" + leaver,
                    new JsonObject().put("role", "admin").encode())
                .statusCode())
        .isEqualTo(409);
    assertThat(
            admin
                .send(
                    "PATCH",
                    "/api/v1/users/" + leaver,
                    new JsonObject().put("displayName", "Dr Leaving").encode())
                .statusCode())
        .as("other changes go through")
        .isEqualTo(200);

    // Replace them in the rota: it still blocks through the policy alone.
    status(admin.send("DELETE", "/api/v1/oncall/rotations/" + rotationId, null), 200);
    status(admin.send("POST", "/api/v1/oncall/rotations", rotation("BACKUP_DOCTOR", locum)), 201);
    JsonObject stillNamed =
        status(admin.send("PATCH", "/api/v1/users/" + leaver, deactivate()), 409);
    assertThat(stillNamed.getJsonArray("references"))
        .containsExactly(
            new JsonObject()
                .put("kind", "escalationPolicy")
                .put("clinicId", "clinic-a")
                .put("level", "GREEN"));

    status(admin.send("PUT", "/api/v1/escalation-policies/GREEN", namingPolicy(locum)), 200);
    JsonObject user = status(admin.send("PATCH", "/api/v1/users/" + leaver, deactivate()), 200);
    assertThat(user.getBoolean("active")).isFalse();
    assertThat(active(leaver)).isFalse();
  }

  @Test
  void aPastOverrideDoesNotBlockButOneNotYetEndedDoes() {
    ApiClient admin = as("admin.a@test.dk");
    String swap = userId("swap.a@test.dk");
    Instant now = Instant.now();
    // The API refuses overrides that already ended, so last week's is written as it would have been
    // stored then.
    Sql.exec(
        db,
        "INSERT INTO oncall_overrides (clinic_id, role, person_id, starts_at, ends_at, reason) VALUES"
            + " ('clinic-a', 'NURSE_ON_DUTY', ?, now() - interval '8 days', now() - interval '7 days', 'last week')",
        swap);
    long future =
        status(
                admin.send(
                    "POST",
                    "/api/v1/oncall/overrides",
                    new JsonObject()
                        .put("role", "NURSE_ON_DUTY")
                        .put("personId", swap)
                        .put("from", now.plus(1, ChronoUnit.DAYS).toString())
                        .put("to", now.plus(2, ChronoUnit.DAYS).toString())
                        .encode()),
                201)
            .getLong("id");

    JsonObject refused = status(admin.send("PATCH", "/api/v1/users/" + swap, deactivate()), 409);
    assertThat(refused.getJsonArray("references")).hasSize(1);
    JsonObject ref = refused.getJsonArray("references").getJsonObject(0);
    assertThat(ref.getString("kind")).isEqualTo("override");
    assertThat(ref.getLong("id")).isEqualTo(future);
    assertThat(ref.getString("role")).isEqualTo("NURSE_ON_DUTY");
    assertThat(refused.getString("error"))
        .contains("override " + future + " (NURSE_ON_DUTY, clinic-a, ");

    status(admin.send("DELETE", "/api/v1/oncall/overrides/" + future, null), 200);
    status(admin.send("PATCH", "/api/v1/users/" + swap, deactivate()), 200);
    assertThat(active(swap)).isFalse();
    assertThat(Sql.count(db, "SELECT count(*) FROM oncall_overrides WHERE person_id = ?", swap))
        .as("the past override is history and stays")
        .isEqualTo(1);
  }

  @Test
  void leavingTheDutysClinicIsRefusedAndAnotherClinicsDutyIsNamedOnlyByItsClinic() {
    String doctor = userId("doctor.ab@test.dk");
    long rotationB =
        status(
                as("admin.b@test.dk")
                    .send("POST", "/api/v1/oncall/rotations", rotation("ONCALL_DOCTOR", doctor)),
                201)
            .getLong("id");

    JsonObject left =
        status(
            as("admin.ab@test.dk")
                .send(
                    "PATCH",
                    "/api/v1/users/" + doctor,
                    new JsonObject().put("clinics", new JsonArray().add("clinic-a")).encode()),
            409);
    assertThat(left.getString("error"))
        .startsWith("cannot remove the user from clinic-b")
        .contains("rotation " + rotationB);
    assertThat(
            Sql.count(db, "SELECT count(*) FROM app_user_clinics WHERE user_id = ?::uuid", doctor))
        .isEqualTo(2);

    JsonObject fromA =
        status(as("admin.a@test.dk").send("PATCH", "/api/v1/users/" + doctor, deactivate()), 409);
    assertThat(fromA.getJsonArray("references"))
        .containsExactly(new JsonObject().put("kind", "rotation").put("clinicId", "clinic-b"));
    assertThat(fromA.getString("error"))
        .contains("a rotation of clinic-b")
        .doesNotContain(Long.toString(rotationB));
    assertThat(active(doctor)).isTrue();
  }

  @Test
  void anAdminSetsWhereStaffArePagedAndGetReturnsItWithoutTheSecret() {
    ApiClient admin = as("admin.a@test.dk");
    String doctor = userId("paged.a@test.dk");
    String path = "/api/v1/users/" + doctor + "/contact";
    JsonObject before = status(admin.get(path), 200);
    assertThat(before.getBoolean("stored")).isFalse();
    assertThat(before.getString("email"))
        .as("what a rota would store: the login e-mail")
        .isEqualTo("paged.a@test.dk");
    assertThat(before.getBoolean("inApp")).isTrue();

    String secret = "s3cret-for-the-pager-gateway";
    JsonObject put =
        status(
            admin.send(
                "PUT",
                path,
                new JsonObject()
                    .put("email", "Lars.Hansen@clinic-a.dk")
                    .put("pushTopic", "clinic-a/pager/lars")
                    .put("webhookUrl", "https://pager.example.org/alerts")
                    .put("webhookSecret", secret)
                    .put("inApp", false)
                    .put("phone", "+45 70 20 30 41")
                    .encode()),
            200);
    assertThat(put.getString("email")).isEqualTo("Lars.Hansen@clinic-a.dk");
    assertThat(put.getString("phone")).isEqualTo("+45 70 20 30 41");
    assertThat(Sql.text(db, "SELECT phone FROM app_users WHERE id::text = ?", doctor))
        .as("the alert page's call button reads it there")
        .isEqualTo("+45 70 20 30 41");
    assertThat(put.getString("pushTopic")).isEqualTo("clinic-a/pager/lars");
    assertThat(put.getString("webhookUrl")).isEqualTo("https://pager.example.org/alerts");
    assertThat(put.getBoolean("webhookSecretSet")).isTrue();
    assertThat(put.getBoolean("inApp")).isFalse();
    assertThat(put.getBoolean("stored")).isTrue();
    assertThat(put.encode()).doesNotContain(secret);
    JsonObject read = status(admin.get(path), 200);
    assertThat(read).isEqualTo(put);
    assertThat(
            Sql.count(
                db,
                "SELECT count(*) FROM audit_log WHERE action = 'user.contact.change' AND target = ?"
                    + " AND clinic_id = 'clinic-a' AND user_email = 'admin.a@test.dk'",
                doctor))
        .isEqualTo(1);

    // What GET returns can be sent back: the secret is kept while the URL stays the same.
    status(admin.send("PUT", path, read.encode()), 200);
    assertThat(
            Sql.text(db, "SELECT webhook_secret FROM alert_contacts WHERE person_id = ?", doctor))
        .isEqualTo(secret);
    JsonObject newUrl =
        status(
            admin.send(
                "PUT", path, read.copy().put("webhookUrl", "https://other.example.org/x").encode()),
            400);
    assertThat(newUrl.getString("error"))
        .contains("'webhookSecret' is required with a new 'webhookUrl'");

    // Cleared channels are cleared; joining a rota afterwards keeps what the admin set.
    JsonObject cleared =
        status(
            admin.send(
                "PUT",
                path,
                new JsonObject().put("email", "lars@clinic-a.dk").put("webhookUrl", null).encode()),
            200);
    assertThat(cleared.getValue("pushTopic")).isNull();
    assertThat(cleared.getValue("phone")).as("a PUT replaces the phone too").isNull();
    assertThat(cleared.getBoolean("webhookSecretSet")).isFalse();
    assertThat(cleared.getBoolean("inApp")).as("default").isTrue();
    status(admin.send("POST", "/api/v1/oncall/rotations", rotation("ONCALL_DOCTOR", doctor)), 201);
    assertThat(status(admin.get(path), 200).getString("email")).isEqualTo("lars@clinic-a.dk");
  }

  @Test
  void contactDetailsThatCannotBeDeliveredAre400WithTheFieldNamed() {
    ApiClient admin = as("admin.a@test.dk");
    String path = "/api/v1/users/" + userId("nurse.a@test.dk") + "/contact";
    String root = hub.hub().config().get(Setting.MQTT_TOPIC_ROOT);
    List<Object[]> cases =
        List.of(
            new Object[] {
              new JsonObject().put("email", "not an address"), "'email' must be an e-mail address"
            },
            new Object[] {
              new JsonObject().put("email", "nurse@localhost"), "'email' must be an e-mail address"
            },
            new Object[] {new JsonObject().put("email", 42), "'email' must be a string or null"},
            new Object[] {
              new JsonObject()
                  .put("webhookUrl", "http://pager.example.org/x")
                  .put("webhookSecret", "0123456789abcdef"),
              "'webhookUrl' must be an https:// URL"
            },
            new Object[] {
              new JsonObject()
                  .put("webhookUrl", "https://user:pw@pager.example.org/x")
                  .put("webhookSecret", "0123456789abcdef"),
              "'webhookUrl' must be an https:// URL"
            },
            new Object[] {
              new JsonObject()
                  .put("webhookUrl", "https://pager.example.org/x")
                  .put("webhookSecret", "short"),
              "'webhookSecret' must be 16 to 200"
            },
            new Object[] {
              new JsonObject().put("webhookSecret", "0123456789abcdef"), "without a 'webhookUrl'"
            },
            new Object[] {
              new JsonObject().put("pushTopic", "clinic-a/#"), "'pushTopic' must be an MQTT topic"
            },
            new Object[] {
              new JsonObject().put("pushTopic", root + "/clinic-a/devices/ox-a-1/readings"),
              "not under the devices' topic root"
            },
            new Object[] {new JsonObject().put("inApp", "yes"), "'inApp' must be true or false"},
            new Object[] {
              new JsonObject().put("phone", "call 70 20 30 40"), "'phone' must be a phone number"
            },
            new Object[] {
              new JsonObject().put("phone", "+45 7020 3040 5060 7080 90"),
              "'phone' must be a phone number"
            },
            new Object[] {
              new JsonObject().put("email", null).put("inApp", false),
              "the person would be unreachable"
            });
    for (Object[] c : cases) {
      HttpResponse<String> r = admin.send("PUT", path, ((JsonObject) c[0]).encode());
      assertThat(r.statusCode()).as(c[0].toString()).isEqualTo(400);
      assertThat(new JsonObject(r.body()).getString("error"))
          .as(c[0].toString())
          .contains((String) c[1]);
    }
    assertThat(
            Sql.count(
                db,
                "SELECT count(*) FROM alert_contacts WHERE person_id = ?",
                userId("nurse.a@test.dk")))
        .as("nothing stored")
        .isZero();
  }

  @Test
  void contactDetailsAreForAdminsOfAClinicThePersonWorksIn() {
    String path = "/api/v1/users/" + userId("doctor.a@test.dk") + "/contact";
    String body = new JsonObject().put("email", "someone@else.dk").encode();
    ApiClient otherAdmin = as("admin.b@test.dk");
    assertThat(otherAdmin.get(path).statusCode()).isEqualTo(404);
    assertThat(otherAdmin.send("PUT", path, body).statusCode()).isEqualTo(404);
    ApiClient nurse = as("nurse.a@test.dk");
    assertThat(nurse.get(path).statusCode()).isEqualTo(403);
    assertThat(nurse.send("PUT", path, body).statusCode()).isEqualTo(403);
    assertThat(new ApiClient(base).get(path).statusCode()).isEqualTo(401);
    assertThat(as("admin.a@test.dk").get("/api/v1/users/not-a-uuid/contact").statusCode())
        .isEqualTo(404);
    assertThat(Sql.count(db, "SELECT count(*) FROM alert_contacts WHERE email = 'someone@else.dk'"))
        .isZero();
  }
}

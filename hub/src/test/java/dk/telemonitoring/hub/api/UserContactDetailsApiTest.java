package dk.telemonitoring.hub.api;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.hub.config.Setting;
import dk.telemonitoring.hub.support.Sql;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Admins set where staff are paged (contact details): returned without the webhook secret,
 * validated field by field, audited, and only within the clinics the person works in.
 */
class UserContactDetailsApiTest extends UserAdminFixture {

  @Override
  String databasePrefix() {
    return "usercontact";
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

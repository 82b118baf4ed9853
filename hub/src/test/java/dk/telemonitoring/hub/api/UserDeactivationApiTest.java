package dk.telemonitoring.hub.api;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.hub.support.Sql;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/**
 * Nobody who has left can be paged: an admin cannot deactivate, re-role or take out of the clinic a
 * user who is still on call (rotation member, override not yet ended, named in an escalation
 * policy) until they are replaced there.
 */
class UserDeactivationApiTest extends UserAdminFixture {

  @Override
  String databasePrefix() {
    return "deactivation";
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
}

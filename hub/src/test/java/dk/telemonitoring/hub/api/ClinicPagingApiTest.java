package dk.telemonitoring.hub.api;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.hub.support.Sql;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * How a clinic's pages name patients is the clinic admin's choice: pseudonyms until an admin of
 * that clinic turns names on; nobody else may; each change is audited.
 */
class ClinicPagingApiTest extends TwoClinicApiTest {

  ClinicPagingApiTest() {
    super("clinicpaging");
  }

  @Test
  void onlyTheClinicsAdminChoosesNamesInPagesAndTheChangeIsAudited() {
    ApiClient admin = ApiClient.loggedIn(base, "admin.a@test.dk", PASSWORD);
    ApiClient nurse = ApiClient.loggedIn(base, "nurse.a@test.dk", PASSWORD);
    ApiClient doctor = ApiClient.loggedIn(base, "doctor.a@test.dk", PASSWORD);
    ApiClient otherClinic = ApiClient.loggedIn(base, "nurse.b@test.dk", PASSWORD);
    String path = "/api/v1/clinics/clinic-a/paging";

    assertThat(new JsonObject(nurse.get(path).body()).getBoolean("namesInPages"))
        .as("pseudonyms until the clinic chooses")
        .isFalse();
    for (ApiClient notAdmin : new ApiClient[] {nurse, doctor}) {
      assertThat(notAdmin.send("PUT", path, "{\"namesInPages\":true}").statusCode()).isEqualTo(403);
    }
    assertThat(otherClinic.get(path).statusCode()).isEqualTo(403);
    HttpResponse<String> bad = admin.send("PUT", path, "{\"namesInPages\":\"yes\"}");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(bad.body()).getString("error")).contains("namesInPages");
    assertThat(
            admin
                .send("PUT", "/api/v1/clinics/clinic-b/paging", "{\"namesInPages\":true}")
                .statusCode())
        .as("an admin of another clinic")
        .isEqualTo(403);
    assertThat(Sql.count(db, "SELECT count(*) FROM clinic_paging")).isZero();

    HttpResponse<String> on = admin.send("PUT", path, "{\"namesInPages\":true}");
    assertThat(on.statusCode()).as(on.body()).isEqualTo(200);
    assertThat(new JsonObject(nurse.get(path).body()).getBoolean("namesInPages")).isTrue();
    assertThat(
            Sql.text(
                db, "SELECT names_in_pages::text FROM clinic_paging WHERE clinic_id = 'clinic-a'"))
        .isEqualTo("true");
    assertThat(admin.send("PUT", path, "{\"namesInPages\":false}").statusCode()).isEqualTo(200);
    assertThat(new JsonObject(admin.get(path).body()).getBoolean("namesInPages")).isFalse();
    assertThat(
            Sql.count(
                db,
                "SELECT count(*) FROM audit_log WHERE action = 'clinic.paging.change'"
                    + " AND clinic_id = 'clinic-a' AND user_email = 'admin.a@test.dk'"))
        .isEqualTo(2);
  }
}

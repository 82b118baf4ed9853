package dk.telemonitoring.hub.api;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.hub.support.Sql;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/**
 * PUT /api/v1/patients/{id}/care on the clinic of {@link OverviewApiFixture}: the year before
 * enrolment is recorded as a pair of whole counts, and the patient's phone and date of birth are
 * checked, read back where the doctor's alert page reads them, and replaced with the care facts as
 * a whole.
 */
class CareFactsApiTest extends OverviewApiFixture {

  @Override
  String databasePrefix() {
    return "carefacts";
  }

  @Test
  void careFactsRecordTheYearBeforeEnrolmentAsAPairOfWholeCounts() {
    ApiClient nurse = ApiClient.loggedIn(base, "nurse@ovw.test", PASSWORD);
    HttpResponse<String> half =
        nurse.send(
            "PUT",
            "/api/v1/patients/" + p4 + "/care",
            new JsonObject().put("acuteContactsYearBefore", 2).encode());
    assertThat(half.statusCode()).isEqualTo(400);
    HttpResponse<String> negative =
        nurse.send(
            "PUT",
            "/api/v1/patients/" + p4 + "/care",
            new JsonObject()
                .put("acuteContactsYearBefore", -1)
                .put("bedDaysYearBefore", 0)
                .encode());
    assertThat(negative.statusCode()).isEqualTo(400);
    assertThat(nurse.json("/api/v1/patients/" + p1).getJsonObject("yearBeforeEnrolment"))
        .isEqualTo(new JsonObject().put("acuteContacts", 3).put("bedDays", 12));
  }

  @Test
  void careFactsRecordThePatientsPhoneAndDateOfBirthForTheDoctorsPage() {
    ApiClient nurse = ApiClient.loggedIn(base, "nurse@ovw.test", PASSWORD);
    String path = "/api/v1/patients/" + p4 + "/care";
    care(
        nurse, p4, new JsonObject().put("phone", "+45 20 30 40 50").put("birthDate", "1948-03-21"));
    JsonObject read = nurse.json("/api/v1/patients/" + p4);
    assertThat(read.getString("phone")).isEqualTo("+45 20 30 40 50");
    assertThat(read.getString("birthDate")).isEqualTo("1948-03-21");
    assertThat(Sql.text(db, "SELECT phone || ' ' || birth_date FROM patients WHERE id = ?", p4))
        .as("where the doctor's alert page reads them")
        .isEqualTo("+45 20 30 40 50 1948-03-21");
    for (JsonObject bad :
        new JsonObject[] {
          new JsonObject().put("phone", "ring mig"),
          new JsonObject().put("birthDate", "21-03-1948"),
          new JsonObject().put("birthDate", LocalDate.now().plusDays(1).toString()),
          new JsonObject().put("birthDate", "1899-12-31")
        }) {
      HttpResponse<String> r = nurse.send("PUT", path, bad.encode());
      assertThat(r.statusCode()).as(bad.encode()).isEqualTo(400);
    }
    assertThat(nurse.json("/api/v1/patients/" + p4).getString("phone"))
        .as("a refused change changes nothing")
        .isEqualTo("+45 20 30 40 50");
    care(nurse, p4, new JsonObject());
    assertThat(nurse.json("/api/v1/patients/" + p4).getValue("phone"))
        .as("the care facts are replaced as a whole")
        .isNull();
  }
}

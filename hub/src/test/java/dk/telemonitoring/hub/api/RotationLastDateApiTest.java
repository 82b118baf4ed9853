package dk.telemonitoring.hub.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A clinic admin adds a holiday rota with a last day over the API, against a real hub and database:
 * it stands in for the ordinary rotation in the week's shifts, the ordinary one applies again after
 * it, and a last day that makes no sense is refused with a reason.
 */
class RotationLastDateApiTest extends OnCallAdminFixture {

  @Override
  String databasePrefix() {
    return "rotationlast";
  }

  @Test
  void aHolidayRotaStandsInForTheOrdinaryOneUntilItsLastDayIsOver() {
    ApiClient admin = ApiClient.loggedIn(base, "admin.a@test.dk", PASSWORD);
    JsonObject ordinary =
        ok(
            admin.send(
                "POST",
                "/api/v1/oncall/rotations",
                doctors("2026-12-01", null, 1, "08:00", userId("doctor.a@test.dk"))),
            201);
    JsonObject holiday =
        ok(
            admin.send(
                "POST",
                "/api/v1/oncall/rotations",
                doctors("2026-12-24", "2026-12-26", 7, "09:00", userId("doctor2.a@test.dk"))),
            201);
    assertThat(holiday.getString("lastDate")).isEqualTo("2026-12-26");
    assertThat(ordinary.getValue("lastDate")).isNull();
    assertThat(admin.json("/api/v1/oncall/rotations?clinic=clinic-a").getJsonArray("rotations"))
        .containsExactly(ordinary, holiday);

    HttpResponse<String> r =
        admin.get(
            "/api/v1/oncall/shifts?clinic=clinic-a&from=2026-12-23T12:00:00Z&to=2026-12-28T00:00:00Z");
    List<String> doctorShifts =
        ok(r, 200).getJsonArray("shifts").stream()
            .map(o -> (JsonObject) o)
            .filter(s -> s.getString("role").equals("ONCALL_DOCTOR"))
            .map(
                s ->
                    s.getString("from")
                        + "/"
                        + s.getString("until")
                        + " "
                        + s.getString("displayName"))
            .toList();
    // Copenhagen is UTC+1 in December: 08:00 is 07:00Z, 09:00 is 08:00Z.
    assertThat(doctorShifts)
        .containsExactly(
            "2026-12-23T07:00:00Z/2026-12-24T07:00:00Z doctor.a",
            "2026-12-24T07:00:00Z/2026-12-24T08:00:00Z doctor.a",
            "2026-12-24T08:00:00Z/2026-12-27T08:00:00Z doctor2.a",
            "2026-12-27T08:00:00Z/2026-12-28T07:00:00Z doctor.a");
  }

  @Test
  void aLastDayBeforeTheFirstOrNotADateIsRefusedWithTheReason() {
    ApiClient admin = ApiClient.loggedIn(base, "admin.a@test.dk", PASSWORD);
    String doctor = userId("doctor.a@test.dk");
    HttpResponse<String> before =
        admin.send(
            "POST",
            "/api/v1/oncall/rotations",
            doctors("2026-12-24", "2026-12-23", 1, "08:00", doctor));
    assertThat(before.statusCode()).isEqualTo(400);
    assertThat(before.body()).contains("'lastDate' cannot come before 'anchorDate'");
    HttpResponse<String> notADate =
        admin.send(
            "POST",
            "/api/v1/oncall/rotations",
            doctors("2026-12-24", "after christmas", 1, "08:00", doctor));
    assertThat(notADate.statusCode()).isEqualTo(400);
    assertThat(notADate.body()).contains("'lastDate' must be a date");
    assertThat(admin.json("/api/v1/oncall/rotations?clinic=clinic-a").getJsonArray("rotations"))
        .as("nothing was stored")
        .isEmpty();
  }

  private static String doctors(
      String first, String last, int days, String handover, String doctorId) {
    return new JsonObject()
        .put("clinic", "clinic-a")
        .put("role", "ONCALL_DOCTOR")
        .put("anchorDate", first)
        .put("lastDate", last)
        .put("rotationDays", days)
        .put("handoverTimes", new JsonArray().add(handover))
        .put("members", new JsonArray().add(doctorId))
        .encode();
  }
}

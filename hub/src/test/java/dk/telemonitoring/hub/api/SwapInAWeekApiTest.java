package dk.telemonitoring.hub.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * A swapped night inside a doctor's week, over the API against a real hub and database: the week
 * reads one doctor at a time (the rotation's shift before the swap, the swap, the rotation's shift
 * after it), and who is on call after the swap holds the shift from its end, not from the week's
 * start. The week's walk asks at the instant the swap ends, where a swap that ended just then was
 * left out and the week's shift read as if it had none.
 */
class SwapInAWeekApiTest extends OnCallAdminFixture {

  @Override
  String databasePrefix() {
    return "swapinweek";
  }

  @Test
  void aSwappedNightSplitsTheWeeksShiftAndTheWeekReadsOneDoctorAtATime() {
    ApiClient admin = ApiClient.loggedIn(base, "admin.a@test.dk", PASSWORD);
    String lars = userId("doctor.a@test.dk");
    String dorte = userId("doctor2.a@test.dk");
    ok(
        admin.send(
            "POST",
            "/api/v1/oncall/rotations",
            new JsonObject()
                .put("clinic", "clinic-a")
                .put("role", "ONCALL_DOCTOR")
                .put("anchorDate", "2027-01-04")
                .put("rotationDays", 7)
                .put("handoverTimes", new JsonArray().add("08:00"))
                .put("members", new JsonArray().add(lars))
                .encode()),
        201);
    // Copenhagen is UTC+1 in January: Tuesday 18:00 is 17:00Z, Wednesday 08:00 is 07:00Z.
    ok(
        admin.send(
            "POST",
            "/api/v1/oncall/overrides",
            new JsonObject()
                .put("clinic", "clinic-a")
                .put("role", "ONCALL_DOCTOR")
                .put("personId", dorte)
                .put("from", "2027-01-05T17:00:00Z")
                .put("to", "2027-01-06T07:00:00Z")
                .encode()),
        201);

    HttpResponse<String> week =
        admin.get(
            "/api/v1/oncall/shifts?clinic=clinic-a&from=2027-01-04T07:00:00Z&to=2027-01-11T07:00:00Z");
    assertThat(week.statusCode()).as(week.body()).isEqualTo(200);
    assertThat(OnCallShifts.of(week.body(), "ONCALL_DOCTOR"))
        .containsExactly(
            "2027-01-04T07:00:00Z/2027-01-05T17:00:00Z doctor.a",
            "2027-01-05T17:00:00Z/2027-01-06T07:00:00Z doctor2.a",
            "2027-01-06T07:00:00Z/2027-01-11T07:00:00Z doctor.a");

    for (String at : new String[] {"2027-01-06T07:00:00Z", "2027-01-08T12:00:00Z"}) {
      JsonObject doctor =
          admin
              .json("/api/v1/oncall?clinic=clinic-a&at=" + at)
              .getJsonObject("roles")
              .getJsonObject("ONCALL_DOCTOR")
              .getJsonObject("now");
      assertThat(doctor.getString("displayName")).as(at).isEqualTo("doctor.a");
      assertThat(doctor.getString("from"))
          .as("on call since the swap ended, at " + at)
          .isEqualTo("2027-01-06T07:00:00Z");
    }
  }
}

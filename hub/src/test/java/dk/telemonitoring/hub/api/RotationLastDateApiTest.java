package dk.telemonitoring.hub.api;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.hub.support.Sql;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.LocalDate;
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
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    // Copenhagen is UTC+1 in December: 08:00 is 07:00Z, 09:00 is 08:00Z.
    assertThat(OnCallShifts.of(r.body(), "ONCALL_DOCTOR"))
        .containsExactly(
            "2026-12-23T07:00:00Z/2026-12-24T07:00:00Z doctor.a",
            "2026-12-24T07:00:00Z/2026-12-24T08:00:00Z doctor.a",
            "2026-12-24T08:00:00Z/2026-12-27T08:00:00Z doctor2.a",
            "2026-12-27T08:00:00Z/2026-12-28T07:00:00Z doctor.a");
  }

  @Test
  void aLastDayBeforeTheFirstOrNotADateIsRefusedWithTheReason() {
    ApiClient admin = ApiClient.loggedIn(base, "admin.e@test.dk", PASSWORD);
    String doctor = userId("doctor.e@test.dk");
    record Case(String lastDate, String reason) {}
    for (Case c :
        List.of(
            new Case("2026-12-23", "'lastDate' cannot come before 'anchorDate'"),
            new Case("after christmas", "'lastDate' must be a date"))) {
      HttpResponse<String> refused =
          admin.send(
              "POST",
              "/api/v1/oncall/rotations",
              doctors("clinic-e", "2026-12-24", c.lastDate(), 1, "08:00", doctor));
      assertThat(refused.statusCode()).as(c.lastDate()).isEqualTo(400);
      assertThat(refused.body()).contains(c.reason());
    }
    assertThat(admin.json("/api/v1/oncall/rotations?clinic=clinic-e").getJsonArray("rotations"))
        .as("nothing was stored")
        .isEmpty();
  }

  @Test
  void anAdminStopsARotationOnADayKeepingItsPastWeeksButAnEndedOneStaysAsItWas() {
    ApiClient admin = ApiClient.loggedIn(base, "admin.g@test.dk", PASSWORD);
    String doctor = userId("doctor.g@test.dk");
    LocalDate today = LocalDate.now(CPH);
    JsonObject running =
        ok(
            admin.send(
                "POST",
                "/api/v1/oncall/rotations",
                doctors("clinic-g", today.minusDays(20).toString(), null, 1, "08:00", doctor)),
            201);
    String path = "/api/v1/oncall/rotations/" + running.getLong("id");

    JsonObject stopped = ok(admin.send("PATCH", path, lastDate(today.plusDays(3).toString())), 200);
    assertThat(stopped.getString("lastDate")).isEqualTo(today.plusDays(3).toString());
    assertThat(stopped.getBoolean("ended")).isFalse();
    assertThat(stopped.getString("anchorDate")).isEqualTo(running.getString("anchorDate"));
    String from = today.plusDays(5).atStartOfDay(CPH).toInstant().toString();
    String to = today.plusDays(6).atStartOfDay(CPH).toInstant().toString();
    assertThat(
            OnCallShifts.of(
                admin
                    .get("/api/v1/oncall/shifts?clinic=clinic-g&from=" + from + "&to=" + to)
                    .body(),
                "ONCALL_DOCTOR"))
        .as("nobody after its last day")
        .isEmpty();
    assertThat(ok(admin.send("PATCH", path, lastDate(null)), 200).getValue("lastDate"))
        .as("cleared: it runs on")
        .isNull();

    HttpResponse<String> past = admin.send("PATCH", path, lastDate(today.minusDays(2).toString()));
    assertThat(past.statusCode()).isEqualTo(400);
    assertThat(past.body()).contains("would end the rotation before now");
    HttpResponse<String> beforeFirst =
        admin.send("PATCH", path, lastDate(today.minusDays(21).toString()));
    assertThat(beforeFirst.statusCode()).isEqualTo(400);
    assertThat(beforeFirst.body()).contains("'lastDate' cannot come before 'anchorDate'");
    HttpResponse<String> missing = admin.send("PATCH", path, new JsonObject().encode());
    assertThat(missing.statusCode()).isEqualTo(400);
    assertThat(missing.body()).contains("'lastDate' is required");

    JsonObject ended =
        ok(
            admin.send(
                "POST",
                "/api/v1/oncall/rotations",
                doctors(
                    "clinic-g",
                    today.minusDays(10).toString(),
                    today.minusDays(5).toString(),
                    1,
                    "08:00",
                    doctor)),
            201);
    assertThat(ended.getBoolean("ended")).isTrue();
    HttpResponse<String> reopened =
        admin.send("PATCH", "/api/v1/oncall/rotations/" + ended.getLong("id"), lastDate(null));
    assertThat(reopened.statusCode()).isEqualTo(409);
    assertThat(reopened.body()).contains("the rotation has ended");

    ApiClient otherClinic = ApiClient.loggedIn(base, "admin.b@test.dk", PASSWORD);
    assertThat(otherClinic.send("PATCH", path, lastDate(null)).statusCode()).isEqualTo(404);
    assertThat(
            Sql.count(
                db,
                "SELECT count(*) FROM audit_log WHERE action = 'oncall.rotation.change'"
                    + " AND clinic_id = 'clinic-g' AND user_email = 'admin.g@test.dk'"))
        .as("the two changes made, not the refused ones")
        .isEqualTo(2);
  }

  private static String lastDate(String date) {
    return new JsonObject().put("lastDate", date).encode();
  }

  private static String doctors(
      String first, String last, int days, String handover, String doctorId) {
    return doctors("clinic-a", first, last, days, handover, doctorId);
  }

  private static String doctors(
      String clinic, String first, String last, int days, String handover, String doctorId) {
    return new JsonObject()
        .put("clinic", clinic)
        .put("role", "ONCALL_DOCTOR")
        .put("anchorDate", first)
        .put("lastDate", last)
        .put("rotationDays", days)
        .put("handoverTimes", new JsonArray().add(handover))
        .put("members", new JsonArray().add(doctorId))
        .encode();
  }
}

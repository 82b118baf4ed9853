package dk.telemonitoring.hub.api;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.alerts.domain.Level;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The nurses' alert work through the people-facing API, on alerts raised by the alerts module: the
 * board, acknowledge and resolve with an outcome, snooze, acknowledge all green, and who is on
 * call; each for the caller's clinic only.
 */
class PeopleApiAlertsTest extends TwoClinicApiTest {

  PeopleApiAlertsTest() {
    super("people_alerts");
  }

  @Test
  void aNurseAcknowledgesAndResolvesAnAlertRaisedByTheAlertsModuleAndColleaguesSeeWhoHasIt() {
    // A patient of this test's own: one open alert per patient, and the other tests raise theirs.
    UUID patientA = hub.provision("clinic-a", "ox-a-resolve", "COPD");
    UUID alertId =
        raise(
            patientA,
            "clinic-a",
            "spo2.limit",
            Level.RED,
            "SpO2 88% is below the patient's RED limit of 89%");
    raise(
        patientA,
        "clinic-a",
        "pulse.limit",
        Level.YELLOW,
        "Pulse 112 /min is above the YELLOW limit");
    ApiClient nurse = ApiClient.loggedIn(base, "nurse.a@test.dk", PASSWORD);
    JsonObject board = nurse.json("/api/v1/board");
    JsonObject row =
        board.getJsonArray("patients").stream()
            .map(JsonObject.class::cast)
            .filter(p -> p.getJsonObject("patient").getString("id").equals(patientA.toString()))
            .findFirst()
            .orElseThrow();
    assertThat(row.getString("worstLevel")).isEqualTo("RED");
    assertThat(row.getJsonArray("alerts").getJsonObject(0).getString("explanation"))
        .contains("SpO2 88%");
    assertThat(
            row.getJsonArray("alerts")
                .getJsonObject(0)
                .getJsonObject("explanations")
                .getString("da"))
        .as("no triage result wrote a Danish wording: the stored one is shown")
        .contains("SpO2 88%");
    assertThat(row.getJsonArray("alerts")).as("one alert per patient").hasSize(1);
    JsonArray findings = row.getJsonArray("alerts").getJsonObject(0).getJsonArray("findings");
    assertThat(
            findings.stream()
                .map(
                    f ->
                        ((JsonObject) f).getString("ruleId")
                            + ":"
                            + ((JsonObject) f).getString("level")))
        .containsExactly("spo2.limit:RED", "pulse.limit:YELLOW");
    JsonObject pulse = findings.getJsonObject(1);
    assertThat(pulse.getJsonObject("explanations").getString("en")).contains("Pulse 112");
    assertThat(pulse.getBoolean("cleared")).isFalse();
    assertThat(pulse.getString("lastMeasuredAt")).isNotBlank();
    // Another clinic's nurse neither sees it nor can act on it.
    ApiClient nurseB = ApiClient.loggedIn(base, "nurse.b@test.dk", PASSWORD);
    assertThat(nurseB.json("/api/v1/board").getJsonArray("patients")).isEmpty();
    assertThat(nurseB.send("POST", "/api/v1/alerts/" + alertId + "/acknowledge", "{}").statusCode())
        .isEqualTo(404);

    HttpResponse<String> ack =
        nurse.send(
            "POST", "/api/v1/alerts/" + alertId + "/acknowledge", "{\"note\":\"calling now\"}");
    assertThat(ack.statusCode()).as(ack.body()).isEqualTo(200);
    ApiClient doctor = ApiClient.loggedIn(base, "doctor.a@test.dk", PASSWORD);
    JsonObject seen = doctor.json("/api/v1/alerts/" + alertId);
    assertThat(seen.getString("state")).isEqualTo("ACKNOWLEDGED");
    assertThat(seen.getJsonObject("acknowledgedBy").getString("displayName")).isEqualTo("nurse.a");
    assertThat(
            nurse
                .send(
                    "POST", "/api/v1/alerts/" + alertId + "/resolve", "{\"outcome\":\"SOMETHING\"}")
                .statusCode())
        .isEqualTo(400);
    HttpResponse<String> resolved =
        nurse.send(
            "POST",
            "/api/v1/alerts/" + alertId + "/resolve",
            "{\"outcome\":\"ADVICE_BY_PHONE\",\"note\":\"inhaler technique\"}");
    assertThat(resolved.statusCode()).as(resolved.body()).isEqualTo(200);
    assertThat(
            nurse
                .send(
                    "POST",
                    "/api/v1/alerts/" + alertId + "/resolve",
                    "{\"outcome\":\"ADVICE_BY_PHONE\"}")
                .statusCode())
        .isEqualTo(409);
    JsonObject history =
        nurse
            .json("/api/v1/patients/" + patientA + "/alerts")
            .getJsonArray("alerts")
            .getJsonObject(0);
    assertThat(history.getString("outcome")).isEqualTo("ADVICE_BY_PHONE");
    assertThat(
            history.getJsonArray("history").stream().map(h -> ((JsonObject) h).getString("action")))
        .containsSubsequence("OPEN", "ACKNOWLEDGE", "RESOLVE");
  }

  @Test
  void aNurseCannotResolveAnAlertOverAReadingThatJoinedItAfterHerBoardShowedIt() {
    UUID patient = hub.provision("clinic-a", "ox-a-unseen", "COPD");
    UUID alertId =
        raise(patient, "clinic-a", "spo2.limit", Level.RED, "SpO2 88% is below the RED limit");
    ApiClient nurse = ApiClient.loggedIn(base, "nurse.a@test.dk", PASSWORD);
    JsonObject shown = seenFindings(nurse, patient);
    // While she decides, a newer reading of the same rule joins the alert.
    raise(patient, "clinic-a", "spo2.limit", Level.RED, "SpO2 87% is below the RED limit");

    HttpResponse<String> refused = resolve(nurse, alertId, shown);
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
    assertThat(refused.body()).contains("spo2.limit");
    assertThat(nurse.json("/api/v1/alerts/" + alertId).getString("state")).isNotEqualTo("RESOLVED");

    HttpResponse<String> resolved = resolve(nurse, alertId, seenFindings(nurse, patient));
    assertThat(resolved.statusCode()).as(resolved.body()).isEqualTo(200);
  }

  private static HttpResponse<String> resolve(ApiClient nurse, UUID alertId, JsonObject seen) {
    return nurse.send(
        "POST",
        "/api/v1/alerts/" + alertId + "/resolve",
        new JsonObject().put("outcome", "ADVICE_BY_PHONE").put("seenFindings", seen).encode());
  }

  /** As the board sends it: each live finding's rule and newest reading time, as shown. */
  private static JsonObject seenFindings(ApiClient nurse, UUID patient) {
    JsonObject row =
        nurse.json("/api/v1/board").getJsonArray("patients").stream()
            .map(JsonObject.class::cast)
            .filter(p -> p.getJsonObject("patient").getString("id").equals(patient.toString()))
            .findFirst()
            .orElseThrow();
    JsonObject seen = new JsonObject();
    row.getJsonArray("alerts")
        .getJsonObject(0)
        .getJsonArray("findings")
        .forEach(
            f -> {
              JsonObject finding = (JsonObject) f;
              if (!finding.getBoolean("cleared")) {
                seen.put(finding.getString("ruleId"), finding.getString("lastMeasuredAt"));
              }
            });
    return seen;
  }

  @Test
  void theBoardRowDrawsTheWorstFindingsMeasurementOverSevenDaysWithoutHidingItsLowestReading() {
    UUID patient = hub.provision("clinic-a", "ox-a-spark", "COPD");
    raise(
        patient,
        "clinic-a",
        "pulse.limit",
        Level.YELLOW,
        "Pulse 112 /min is above the YELLOW limit");
    raise(
        patient,
        "clinic-a",
        "spo2.limit",
        Level.RED,
        "SpO2 88% is below the patient's RED limit of 89%");
    Instant now = Instant.now();
    reading(patient, "spo2", now.minus(8, ChronoUnit.DAYS), 70, false); // before the window
    reading(
        patient,
        "spo2",
        now.minus(3, ChronoUnit.DAYS),
        71,
        true); // a continuous sample, not a spot check
    reading(patient, "pulse", now.minus(2, ChronoUnit.DAYS), 112, false);
    reading(patient, "spo2", now.minus(2, ChronoUnit.DAYS), 94, false);
    reading(patient, "spo2", now.minus(1, ChronoUnit.DAYS), 91, false);
    reading(patient, "spo2", now.minus(1, ChronoUnit.HOURS), 88, false);
    ApiClient nurse = ApiClient.loggedIn(base, "nurse.a@test.dk", PASSWORD);
    JsonObject spark = boardRow(nurse, patient).getJsonObject("sparkline");
    assertThat(spark.getString("code"))
        .as("the RED SpO2 finding is worse than the YELLOW pulse")
        .isEqualTo("spo2");
    assertThat(spark.getString("unit")).isEqualTo("%");
    assertThat(spark.getJsonArray("points").stream().map(x -> ((JsonObject) x).getDouble("v")))
        .as("oldest first, spot checks of the last 7 days only")
        .containsExactly(94.0, 91.0, 88.0);
    assertThat(spark.getDouble("low")).as("no limit set for this patient").isNull();
    HttpResponse<String> set =
        ApiClient.loggedIn(base, "doctor.a@test.dk", PASSWORD)
            .send(
                "PUT",
                "/api/v1/patients/" + patient + "/limits/spo2",
                "{\"criticalLow\":85,\"redLow\":88,\"yellowLow\":92,\"reason\":\"COPD, stable at 93\"}");
    assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
    spark = boardRow(nurse, patient).getJsonObject("sparkline");
    assertThat(spark.getDouble("low"))
        .as("the YELLOW lower limit, where alerting starts")
        .isEqualTo(92.0);
    assertThat(spark.getDouble("high")).as("SpO2 has no upper limit").isNull();

    // More readings than a sparkline holds: one low reading among many must stay on the line, and
    // the latest too.
    for (int i = 0; i < 150; i++) {
      reading(
          patient,
          "spo2",
          now.minus(167, ChronoUnit.HOURS).plus(i, ChronoUnit.HOURS),
          i == 77 ? 79 : 95,
          false);
    }
    JsonArray points = boardRow(nurse, patient).getJsonObject("sparkline").getJsonArray("points");
    assertThat(points.size())
        .isBetween(3, dk.telemonitoring.hub.store.ReadingQueries.SPARKLINE_POINTS + 1);
    assertThat(points.stream().map(x -> ((JsonObject) x).getDouble("v"))).contains(79.0);
    assertThat(points.getJsonObject(points.size() - 1).getDouble("v")).isEqualTo(88.0);
  }

  private JsonObject boardRow(ApiClient nurse, UUID patient) {
    return nurse.json("/api/v1/board").getJsonArray("patients").stream()
        .map(JsonObject.class::cast)
        .filter(p -> p.getJsonObject("patient").getString("id").equals(patient.toString()))
        .findFirst()
        .orElseThrow();
  }

  private void reading(UUID patient, String code, Instant at, double value, boolean continuous) {
    hub.hub()
        .pool()
        .preparedQuery(
            """
            INSERT INTO readings (measured_at, device_id, msg_id, code, patient_id, clinic_id, value, unit, received_at, flags)
            SELECT $1, 'ox-a-spark', $2, $3, id, clinic_id, $4, CASE $3 WHEN 'spo2' THEN '%' ELSE '/min' END, now(), $5
            FROM patients WHERE id = $6""")
        .execute(
            io.vertx.sqlclient.Tuple.of(
                at.atOffset(java.time.ZoneOffset.UTC),
                UUID.randomUUID().toString(),
                code,
                value,
                continuous ? new String[] {"continuous"} : new String[0],
                patient))
        .await();
  }

  /** The alert says whether a snooze would be taken, so the board offers exactly those. */
  @Test
  void anAlertSaysWhetherItCanBeSnoozedAndTheSnoozeAgrees() {
    UUID redPatient = hub.provision("clinic-a", "ox-a-snoozable-1", "COPD");
    UUID criticalPatient = hub.provision("clinic-a", "ox-a-snoozable-2", "COPD");
    UUID red =
        raise(redPatient, "clinic-a", "spo2.limit", Level.RED, "SpO2 89 % is below the RED limit");
    UUID critical =
        raise(criticalPatient, "clinic-a", "spo2.limit", Level.CRITICAL, "SpO2 84 % is critical");
    ApiClient nurse = ApiClient.loggedIn(base, "nurse.a@test.dk", PASSWORD);
    String snooze = "{\"until\":\"" + Instant.now().plus(1, ChronoUnit.HOURS) + "\"}";

    assertThat(nurse.json("/api/v1/alerts/" + red).getBoolean("snoozable")).isFalse();
    assertThat(nurse.send("POST", "/api/v1/alerts/" + red + "/snooze", snooze).statusCode())
        .isEqualTo(409);
    assertThat(nurse.send("POST", "/api/v1/alerts/" + red + "/acknowledge", "{}").statusCode())
        .isEqualTo(200);
    assertThat(nurse.json("/api/v1/alerts/" + red).getBoolean("snoozable")).isTrue();
    assertThat(nurse.send("POST", "/api/v1/alerts/" + red + "/snooze", snooze).statusCode())
        .isEqualTo(200);

    assertThat(nurse.send("POST", "/api/v1/alerts/" + critical + "/acknowledge", "{}").statusCode())
        .isEqualTo(200);
    assertThat(nurse.json("/api/v1/alerts/" + critical).getBoolean("snoozable")).isFalse();
    assertThat(nurse.send("POST", "/api/v1/alerts/" + critical + "/snooze", snooze).statusCode())
        .isEqualTo(409);
  }

  @Test
  void noiseControlSnoozesAnAlertAndAcknowledgesAPatientsGreenAlertsInOneAction() {
    UUID patientA = hub.provision("clinic-a", "ox-a-noise-1", "COPD");
    UUID steady = hub.provision("clinic-a", "ox-a-noise-2", "COPD");
    UUID yellow =
        raise(
            patientA,
            "clinic-a",
            "pulse.limit",
            Level.YELLOW,
            "Pulse 112 /min is above the YELLOW limit");
    UUID green = raise(steady, "clinic-a", "weight.trend", Level.GREEN, "Weight steady");
    ApiClient nurse = ApiClient.loggedIn(base, "nurse.a@test.dk", PASSWORD);
    String until = Instant.now().plus(2, ChronoUnit.HOURS).toString();
    HttpResponse<String> snoozed =
        nurse.send("POST", "/api/v1/alerts/" + yellow + "/snooze", "{\"until\":\"" + until + "\"}");
    assertThat(snoozed.statusCode()).as(snoozed.body()).isEqualTo(200);
    assertThat(new JsonObject(snoozed.body()).getBoolean("snoozed")).isTrue();

    ApiClient nurseB = ApiClient.loggedIn(base, "nurse.b@test.dk", PASSWORD);
    assertThat(
            nurseB
                .send(
                    "POST",
                    "/api/v1/alerts/acknowledge-green",
                    "{\"patientIds\":[\"" + patientA + "\"]}")
                .statusCode())
        .as("another clinic's patient")
        .isEqualTo(404);
    HttpResponse<String> acked =
        nurse.send(
            "POST",
            "/api/v1/alerts/acknowledge-green",
            "{\"patientIds\":[\"" + patientA + "\",\"" + steady + "\"]}");
    assertThat(acked.statusCode()).as(acked.body()).isEqualTo(200);
    assertThat(new JsonObject(acked.body()).getInteger("acknowledged")).isEqualTo(1);
    assertThat(nurse.json("/api/v1/alerts/" + green).getString("state")).isEqualTo("ACKNOWLEDGED");
    assertThat(nurse.json("/api/v1/alerts/" + yellow).getString("state")).isEqualTo("OPEN");
  }

  @Test
  void resolvingACriticalAlertNeedsAnExplicitOutcomeAndAConfirmation() {
    UUID patient = hub.provision("clinic-a", "ox-a-critical", "COPD");
    UUID alertId =
        raise(
            patient,
            "clinic-a",
            "spo2.limit",
            Level.CRITICAL,
            "SpO2 82% is below the CRITICAL floor");
    ApiClient nurse = ApiClient.loggedIn(base, "nurse.a@test.dk", PASSWORD);
    String path = "/api/v1/alerts/" + alertId + "/resolve";
    assertThat(nurse.send("POST", path, "{}").statusCode())
        .as("no outcome is assumed")
        .isEqualTo(400);
    HttpResponse<String> unconfirmed =
        nurse.send("POST", path, "{\"outcome\":\"ADVICE_BY_PHONE\"}");
    assertThat(unconfirmed.statusCode()).isEqualTo(422);
    assertThat(unconfirmed.body()).contains("confirmCritical");
    assertThat(
            nurse
                .send("POST", path, "{\"outcome\":\"ADVICE_BY_PHONE\",\"confirmCritical\":\"yes\"}")
                .statusCode())
        .as("only a JSON true confirms")
        .isEqualTo(422);
    assertThat(nurse.json("/api/v1/alerts/" + alertId).getString("state")).isNotEqualTo("RESOLVED");
    HttpResponse<String> resolved =
        nurse.send("POST", path, "{\"outcome\":\"ADVICE_BY_PHONE\",\"confirmCritical\":true}");
    assertThat(resolved.statusCode()).as(resolved.body()).isEqualTo(200);
    assertThat(new JsonObject(resolved.body()).getString("outcome")).isEqualTo("ADVICE_BY_PHONE");
  }

  @Test
  void whoIsOnCallNowAndNextIsAnsweredForTheCallersClinicOnly() {
    var schedules = new dk.telemonitoring.alerts.store.ScheduleStore();
    var zone = java.time.ZoneId.of("Europe/Copenhagen");
    schedules
        .addRotation(
            hub.hub().pool(),
            new dk.telemonitoring.alerts.domain.Rotation(
                0,
                "clinic-a",
                dk.telemonitoring.alerts.domain.OnCallRole.ONCALL_DOCTOR,
                zone,
                java.time.LocalDate.now(zone).minusDays(2),
                1,
                java.util.List.of(java.time.LocalTime.of(8, 0)),
                java.util.List.of("dr-one", "dr-two")))
        .await();
    JsonObject onCall =
        ApiClient.loggedIn(base, "nurse.a@test.dk", PASSWORD)
            .json("/api/v1/oncall?clinic=clinic-a");
    JsonObject doctor = onCall.getJsonObject("roles").getJsonObject("ONCALL_DOCTOR");
    assertThat(
            java.util.List.of(
                doctor.getJsonObject("now").getString("personId"),
                doctor.getJsonObject("next").getString("personId")))
        .containsExactlyInAnyOrder("dr-one", "dr-two");
    assertThat(Instant.parse(doctor.getJsonObject("next").getString("from")))
        .isEqualTo(Instant.parse(doctor.getJsonObject("now").getString("until")));
    assertThat(
            ApiClient.loggedIn(base, "nurse.b@test.dk", PASSWORD)
                .get("/api/v1/oncall?clinic=clinic-a")
                .statusCode())
        .isEqualTo(403);
  }
}

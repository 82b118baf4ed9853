package dk.telemonitoring.alerts;

import static dk.telemonitoring.alerts.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.alerts.domain.AlertFinding;
import dk.telemonitoring.alerts.domain.AlertState;
import dk.telemonitoring.alerts.domain.AlertTransition;
import dk.telemonitoring.alerts.domain.CareOutcome;
import dk.telemonitoring.alerts.domain.ClinicFigures;
import dk.telemonitoring.alerts.domain.Level;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Alerts from the time of one alert per (patient, rule) migrate to one open alert per patient: the
 * worst (then oldest) stays open and takes the others' findings; the others are resolved by the
 * system as merged, and the clinic figures do not count them as outcomes.
 */
@Timeout(120)
class OneAlertPerPatientMigrationTest {

  private static final UUID PATIENT = UUID.fromString("00000000-0000-0000-0000-0000000000aa");
  private static final UUID OTHER = UUID.fromString("00000000-0000-0000-0000-0000000000bb");
  private static final UUID YELLOW_OLD = UUID.fromString("00000000-0000-0000-0000-000000000001");
  private static final UUID CRITICAL = UUID.fromString("00000000-0000-0000-0000-000000000002");
  private static final UUID RED = UUID.fromString("00000000-0000-0000-0000-000000000003");
  private static final UUID RESOLVED_EARLIER =
      UUID.fromString("00000000-0000-0000-0000-000000000004");
  private static final UUID OTHERS_ONLY = UUID.fromString("00000000-0000-0000-0000-000000000005");

  @Test
  void severalOpenAlertsOfAPatientMergeIntoTheWorstAndTheFiguresLeaveTheMergedOut()
      throws Exception {
    TestDatabase db = TestDatabase.createEmpty();
    Vertx vertx = Vertx.vertx();
    try {
      String jdbc = db.jdbcUrl(db.name);
      Flyway.configure()
          .dataSource(jdbc, db.user, db.password)
          .table(AlertsMigrations.HISTORY_TABLE)
          .locations(AlertsMigrations.LOCATION)
          .baselineOnMigrate(true)
          .baselineVersion("0")
          .target("3")
          .load()
          .migrate();
      try (Connection c = DriverManager.getConnection(jdbc, db.user, db.password);
          Statement s = c.createStatement()) {
        s.execute(
            insert(YELLOW_OLD, PATIENT, "limit.pulse", "YELLOW", "OPEN", "08:00", "10:00", null));
        s.execute(
            insert(
                CRITICAL,
                PATIENT,
                "limit.spo2",
                "CRITICAL",
                "ACKNOWLEDGED",
                "09:00",
                "09:15",
                null));
        s.execute(
            insert(
                RED,
                PATIENT,
                "news2.single",
                "RED",
                "OPEN",
                "09:00",
                "09:30",
                "'2026-02-02T09:40:00Z'"));
        s.execute(
            insert(
                RESOLVED_EARLIER,
                PATIENT,
                "limit.spo2",
                "RED",
                "RESOLVED",
                "06:00",
                "07:00",
                null));
        s.execute(
            "UPDATE alerts SET resolved_at = '2026-02-02T07:00:00Z', resolved_by = 'nurse-1',"
                + " outcome = 'ADVICE_BY_PHONE' WHERE id = '"
                + RESOLVED_EARLIER
                + "'");
        s.execute(insert(OTHERS_ONLY, OTHER, "limit.spo2", "RED", "OPEN", "09:00", "09:30", null));
        s.execute(
            "INSERT INTO escalation_timers (alert_id, generation, level, phase, step_index, repeat, due_at)"
                + " VALUES ('"
                + RED
                + "', 1, 'RED', 'UNACKNOWLEDGED', 0, 0, '2026-02-02T10:00:00Z')");
      }

      AlertsMigrations.migrate(jdbc, db.user, db.password);

      Pool pool = db.pool(vertx, 2);
      AlertService service =
          new AlertService(
              pool,
              AlertsConfig.defaults(),
              Clock.fixed(Instant.parse("2026-02-03T10:00:00Z"), ZoneOffset.UTC));
      assertThat(await(service.get(CRITICAL)).state())
          .as("the worst stays open")
          .isEqualTo(AlertState.ACKNOWLEDGED);
      assertThat(await(service.get(CRITICAL)).responseDeadline())
          .as("the case's earliest deadline")
          .isEqualTo(Instant.parse("2026-02-02T09:15:00Z"));
      for (UUID merged : List.of(YELLOW_OLD, RED)) {
        var a = await(service.get(merged));
        assertThat(a.state()).isEqualTo(AlertState.RESOLVED);
        assertThat(a.resolvedBy()).isEqualTo(AlertService.SYSTEM_ACTOR);
        assertThat(a.outcome()).isNull();
        List<AlertTransition> history = await(service.history(merged));
        assertThat(history.get(history.size() - 1).note())
            .contains("merged into alert " + CRITICAL);
      }
      assertThat(
              count(
                  jdbc,
                  db,
                  "SELECT count(*) FROM escalation_timers WHERE alert_id = '" + RED + "'"))
          .isZero();
      List<AlertFinding> findings = await(service.findings(List.of(CRITICAL))).get(CRITICAL);
      assertThat(findings)
          .extracting(AlertFinding::ruleId)
          .containsExactlyInAnyOrder("limit.spo2", "news2.single", "limit.pulse");
      assertThat(findings)
          .filteredOn(f -> f.ruleId().equals("news2.single"))
          .singleElement()
          .satisfies(f -> assertThat(f.live()).as("its condition had cleared").isFalse());
      assertThat(await(service.findings(List.of(RESOLVED_EARLIER))).get(RESOLVED_EARLIER))
          .hasSize(1);
      assertThat(await(service.get(OTHERS_ONLY)).state()).isEqualTo(AlertState.OPEN);
      java.util.Set<String> live =
          await(pool.withTransaction(tx -> service.openRules(tx, PATIENT)));
      assertThat(live).containsExactlyInAnyOrder("limit.spo2", "limit.pulse");
      assertThat(count(jdbc, db, "SELECT count(*) FROM alerts WHERE state <> 'RESOLVED'"))
          .isEqualTo(2);

      await(service.resolve(CRITICAL, "dr-a", CareOutcome.ACUTE_HOME_VISIT, null));
      ClinicFigures figures =
          await(
              service.figures(
                  "vios",
                  Instant.parse("2026-02-02T00:00:00Z"),
                  Instant.parse("2026-02-03T00:00:00Z"),
                  10));
      assertThat(figures.mergedAlerts()).isEqualTo(2);
      assertThat(figures.outcomes())
          .containsOnlyKeys(CareOutcome.ACUTE_HOME_VISIT, CareOutcome.ADVICE_BY_PHONE);
      assertThat(figures.acuteContacts()).isEqualTo(1);
      assertThat(
              figures.responseTimes().stream().mapToLong(ClinicFigures.ResponseTimes::alerts).sum())
          .as("the cases, not the merged alerts")
          .isEqualTo(3);
      assertThat(figures.responseTimes()).noneMatch(t -> t.level() == Level.YELLOW);
      assertThat(figures.alertsPerPatientWeek())
          .doesNotContainKey("news2.single")
          .doesNotContainKey("limit.pulse");
    } finally {
      await(vertx.close());
      db.close();
    }
  }

  private static String insert(
      UUID id,
      UUID patient,
      String rule,
      String level,
      String state,
      String opened,
      String deadline,
      String clearedAt) {
    int rank = List.of("GREEN", "YELLOW", "RED", "CRITICAL").indexOf(level);
    String day = "2026-02-02T";
    return "INSERT INTO alerts (id, clinic_id, patient_id, rule_id, kind, level, level_rank, state, explanation,"
        + " reading_ref, first_measured_at, last_measured_at, opened_at, response_deadline, acknowledged_at,"
        + " acknowledged_by, escalated_at, resolved_at, resolved_by, outcome, discharged_on, snoozed_until,"
        + " snoozed_until_clear, condition_cleared_at, updated_at, explanation_da) VALUES ('"
        + id
        + "', 'vios', '"
        + patient
        + "', '"
        + rule
        + "', 'READING', '"
        + level
        + "', "
        + rank
        + ", '"
        + state
        + "', '"
        + rule
        + " at "
        + level
        + "', 'ox/1', '"
        + day
        + opened
        + ":00Z', '"
        + day
        + opened
        + ":00Z', '"
        + day
        + opened
        + ":00Z', '"
        + day
        + deadline
        + ":00Z', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, false, "
        + (clearedAt == null ? "NULL" : clearedAt)
        + ", now(), NULL)";
  }

  private static long count(String jdbc, TestDatabase db, String query) throws Exception {
    try (Connection c = DriverManager.getConnection(jdbc, db.user, db.password);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(query)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}

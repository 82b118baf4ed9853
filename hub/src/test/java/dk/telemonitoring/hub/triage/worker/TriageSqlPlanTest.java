package dk.telemonitoring.hub.triage.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.hub.config.DbUrl;
import dk.telemonitoring.hub.store.SchemaSetup;
import dk.telemonitoring.hub.support.Sql;
import dk.telemonitoring.hub.support.TestServices;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Triage's history query must read spot checks through the partial index {@code
 * readings_spot_checks} (V36): its predicate has to stay the index's expression, or every triage of
 * a patient with a wearable walks a month of nights at 1 Hz. Checked on TimescaleDB (the index on
 * every chunk) and on plain PostgreSQL, with sequential scans switched off so that the answer does
 * not depend on how few rows a test holds.
 */
class TriageSqlPlanTest {

  @ParameterizedTest(name = "timescale {0}")
  @ValueSource(booleans = {true, false})
  void theHistoryQueryReadsSpotChecksThroughTheirPartialIndex(boolean timescale) throws Exception {
    String plan =
        plan(
            timescale,
            "PREPARE history (uuid, timestamptz, timestamptz, timestamptz, text[]) AS "
                + TriageSql.HISTORY,
            patient ->
                "EXPLAIN EXECUTE history ('"
                    + patient
                    + "', now() - interval '90 days',"
                    + " now(), now() - interval '1 hour', ARRAY['spo2', 'pulse'])");
    assertThat(plan).as(plan).contains("readings_spot_checks");
  }

  /**
   * The batch's history query runs the one-patient query per patient (a nested loop over the
   * windows), each through the same index: never one scan over every patient's readings.
   */
  @ParameterizedTest(name = "timescale {0}")
  @ValueSource(booleans = {true, false})
  void theBatchHistoryQueryReadsEachPatientsSpotChecksThroughTheirPartialIndex(boolean timescale)
      throws Exception {
    String plan =
        plan(
            timescale,
            "PREPARE histories (uuid[], timestamptz[], timestamptz[], timestamptz[], text[]) AS "
                + PatientBatchSql.HISTORIES,
            patient ->
                "EXPLAIN EXECUTE histories (ARRAY['"
                    + patient
                    + "', '"
                    + UUID.randomUUID()
                    + "']::uuid[], ARRAY[now() - interval '90 days', now() - interval '90 days'],"
                    + " ARRAY[now(), now()], ARRAY[now() - interval '1 hour', now() - interval '1 hour'],"
                    + " ARRAY['spo2', 'pulse'])");
    assertThat(plan).as(plan).contains("Nested Loop", "readings_spot_checks");
  }

  /**
   * The messages a batch has not triaged yet are found by the outbox's (patient, time) index, so a
   * backlog's later rows are not read for every batch.
   */
  @ParameterizedTest(name = "timescale {0}")
  @ValueSource(booleans = {true, false})
  void theWaitingMessagesQueryReadsTheOutboxByPatientAndTime(boolean timescale) throws Exception {
    String plan =
        plan(
            timescale,
            "PREPARE waiting (uuid[], timestamptz[]) AS " + PatientBatchSql.WAITING,
            patient ->
                "EXPLAIN EXECUTE waiting (ARRAY['"
                    + patient
                    + "', '"
                    + UUID.randomUUID()
                    + "']::uuid[], ARRAY[now(), now()])");
    assertThat(plan).as(plan).contains("triage_outbox_patient_time");
  }

  /** Each waiting message's readings are found by the readings' primary key. */
  @ParameterizedTest(name = "timescale {0}")
  @ValueSource(booleans = {true, false})
  void thePendingReadingsQueryReadsEachMessageByItsKey(boolean timescale) throws Exception {
    String plan =
        plan(
            timescale,
            "PREPARE pending (uuid[], text[], text[], timestamptz) AS " + PatientBatchSql.PENDING,
            patient ->
                "EXPLAIN EXECUTE pending (ARRAY['"
                    + patient
                    + "']::uuid[], ARRAY['ox-1'], ARRAY['m-1'], now() - interval '1 hour')");
    assertThat(plan).as(plan).contains("readings_pkey");
  }

  private static String plan(
      boolean timescale, String prepare, java.util.function.Function<UUID, String> explain)
      throws Exception {
    DbUrl server = timescale ? TestServices.postgres() : TestServices.plainPostgres();
    DbUrl db = TestServices.freshDatabase(server, "plan");
    try {
      SchemaSetup.migrate(db, timescale);
      UUID patient = UUID.randomUUID();
      Sql.exec(
          db,
          "INSERT INTO clinics (id, name, timezone) VALUES ('plan', 'Plan', 'Europe/Copenhagen')");
      Sql.exec(
          db,
          "INSERT INTO patients (id, clinic_id, display_name, condition, language, enrolled_at)"
              + " VALUES (?, 'plan', 'Plan patient', 'COPD', 'da', now() - interval '30 days')",
          patient);
      Instant at = Instant.now().minus(2, ChronoUnit.DAYS);
      Sql.exec(
          db,
          "INSERT INTO readings (measured_at, device_id, msg_id, code, patient_id, clinic_id, value, unit,"
              + " received_at) VALUES (?, 'ox-plan', 'm1', 'spo2', ?, 'plan', 94, '%', ?)",
          at.atOffset(ZoneOffset.UTC),
          patient,
          at.atOffset(ZoneOffset.UTC));
      try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
          Statement s = c.createStatement()) {
        s.execute("SET enable_seqscan = off");
        s.execute(prepare);
        StringBuilder plan = new StringBuilder();
        try (ResultSet rs = s.executeQuery(explain.apply(patient))) {
          while (rs.next()) {
            plan.append(rs.getString(1)).append('\n');
          }
        }
        return plan.toString();
      }
    } finally {
      TestServices.dropDatabase(db, server);
    }
  }
}

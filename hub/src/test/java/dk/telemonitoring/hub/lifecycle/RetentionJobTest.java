package dk.telemonitoring.hub.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.hub.config.DbUrl;
import dk.telemonitoring.hub.store.SchemaSetup;
import dk.telemonitoring.hub.store.StorageMode;
import dk.telemonitoring.hub.support.Sql;
import dk.telemonitoring.hub.support.TestServices;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Retention on real servers: TimescaleDB drops whole chunks, plain PostgreSQL deletes in batches;
 * either way the daily aggregates (reading_daily_stats) afterwards describe exactly the readings
 * that were ever stored, late uploads included, by the clinic's local day.
 */
class RetentionJobTest {

  private static final Instant NOW = Instant.parse("2026-06-15T12:00:00Z");
  private static final ZoneId CPH = ZoneId.of("Europe/Copenhagen");
  private static final UUID PATIENT = UUID.randomUUID();

  record Raw(Instant at, String code, double value) {}

  @Test
  void timescaleDbDropsWholeChunksAndKeepsExactDailyAggregates() throws Exception {
    Assumptions.assumeTrue(
        TestServices.timescaleAvailable(), "needs TimescaleDB (HUB_TEST_PG_URL or Docker)");
    DbUrl server = TestServices.postgres();
    DbUrl db = TestServices.freshDatabase(server, "retention_ts");
    try {
      assertThat(SchemaSetup.migrate(db, true)).isEqualTo(StorageMode.TIMESCALEDB);
      List<Raw> raw = cohort();
      insert(db, raw);
      long chunksBefore = Sql.count(db, "SELECT count(*) FROM show_chunks('readings')");

      RetentionJob job =
          new RetentionJob(db, StorageMode.TIMESCALEDB, new RetentionJob.Settings(30, 2, 10_000));
      RetentionJob.Result result = job.runOnce(NOW);

      assertThat(result.ran()).isTrue();
      assertThat(result.chunksDropped()).isGreaterThan(0);
      assertThat(Sql.count(db, "SELECT count(*) FROM show_chunks('readings')"))
          .isEqualTo(chunksBefore - result.chunksDropped());
      // Whole 7-day chunks: nothing older than the cutoff minus one chunk interval survives.
      assertThat(
              Sql.count(
                  db,
                  "SELECT count(*) FROM readings WHERE measured_at < ?",
                  java.sql.Timestamp.from(NOW.minus(Duration.ofDays(37)))))
          .isZero();
      assertThat(
              Sql.count(
                  db,
                  "SELECT count(*) FROM readings WHERE measured_at >= ?",
                  java.sql.Timestamp.from(NOW.minus(Duration.ofDays(30)))))
          .isEqualTo(
              raw.stream().filter(r -> !r.at().isBefore(NOW.minus(Duration.ofDays(30)))).count());
      assertThat(result.rowsArchived())
          .isEqualTo(raw.size() - Sql.count(db, "SELECT count(*) FROM readings"));
      assertAggregatesMatch(db, raw);

      // A late upload into a day whose raw data is gone: the next run archives it exactly once
      // more.
      Raw late = new Raw(NOW.minus(Duration.ofDays(100)).plusSeconds(600), "spo2", 85);
      insert(db, List.of(late));
      raw.add(late);
      RetentionJob.Result second = job.runOnce(NOW);
      assertThat(second.rowsArchived()).isEqualTo(1);
      assertAggregatesMatch(db, raw);
      assertThat(
              Sql.count(
                  db, "SELECT count(*) FROM retention_runs WHERE storage_mode = 'timescaledb'"))
          .isEqualTo(2);
    } finally {
      TestServices.dropDatabase(db, server);
    }
  }

  @Test
  void plainPostgresDeletesInBatchesAndKeepsExactDailyAggregates() throws Exception {
    DbUrl server = TestServices.plainPostgres();
    DbUrl db = TestServices.freshDatabase(server, "retention_pg");
    try {
      assertThat(SchemaSetup.migrate(db, false)).isEqualTo(StorageMode.PLAIN_POSTGRESQL);
      List<Raw> raw = cohort();
      insert(db, raw);
      Instant cutoff = NOW.minus(Duration.ofDays(30));
      long old = raw.stream().filter(r -> r.at().isBefore(cutoff)).count();

      RetentionJob job =
          new RetentionJob(db, StorageMode.PLAIN_POSTGRESQL, new RetentionJob.Settings(30, 2, 3));
      RetentionJob.Result result = job.runOnce(NOW);

      assertThat(result.rowsArchived()).isEqualTo(old);
      assertThat(
              Sql.count(
                  db,
                  "SELECT count(*) FROM readings WHERE measured_at < ?",
                  java.sql.Timestamp.from(cutoff)))
          .isZero();
      assertThat(Sql.count(db, "SELECT count(*) FROM readings")).isEqualTo(raw.size() - old);
      assertAggregatesMatch(db, raw);
    } finally {
      TestServices.dropDatabase(db, server);
    }
  }

  @Test
  void retentionOffKeepsEveryReadingAndStillRefreshesRecentDays() throws Exception {
    DbUrl server = TestServices.plainPostgres();
    DbUrl db = TestServices.freshDatabase(server, "retention_off");
    try {
      SchemaSetup.migrate(db, false);
      List<Raw> raw = cohort();
      insert(db, raw);
      RetentionJob.Result result =
          new RetentionJob(db, StorageMode.PLAIN_POSTGRESQL, new RetentionJob.Settings(0, 2, 1000))
              .runOnce(NOW);
      assertThat(result.cutoff()).isNull();
      assertThat(result.rowsArchived()).isZero();
      assertThat(Sql.count(db, "SELECT count(*) FROM readings")).isEqualTo(raw.size());
      assertThat(result.daysRefreshed()).isGreaterThan(0);
      assertThat(Sql.count(db, "SELECT count(*) FROM reading_daily WHERE archived_n > 0")).isZero();
      // Only the recent days are aggregated while raw data is kept.
      assertThat(
              Sql.count(
                  db,
                  "SELECT count(*) FROM reading_daily WHERE day < ?",
                  LocalDate.ofInstant(NOW, ZoneOffset.UTC).minusDays(2)))
          .isZero();
    } finally {
      TestServices.dropDatabase(db, server);
    }
  }

  /** Readings 100, 60, 45, 40, 31, 20 and 1 days back, some near local midnight, two codes. */
  private static List<Raw> cohort() {
    List<Raw> raw = new ArrayList<>();
    int[] daysBack = {100, 60, 45, 40, 31, 20, 1};
    for (int d : daysBack) {
      Instant day = NOW.minus(Duration.ofDays(d));
      for (int i = 0; i < 5; i++) {
        raw.add(new Raw(day.plusSeconds(i * 3_600L), "spo2", 90 + i));
        raw.add(new Raw(day.plusSeconds(i * 3_600L), "pulse", 60 + 2 * i + d % 7));
      }
      // 22:30 UTC is already the next day in Copenhagen.
      raw.add(
          new Raw(
              day.atZone(ZoneOffset.UTC).toLocalDate().atTime(22, 30).toInstant(ZoneOffset.UTC),
              "spo2",
              88));
    }
    return raw;
  }

  private static void insert(DbUrl db, List<Raw> raw) throws SQLException {
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
      c.createStatement()
          .execute(
              """
          INSERT INTO clinics (id, name, timezone) VALUES ('ret', 'Retention', 'Europe/Copenhagen') ON CONFLICT DO NOTHING""");
      try (PreparedStatement st =
          c.prepareStatement(
              """
          INSERT INTO patients (id, clinic_id, display_name, condition) VALUES (?, 'ret', 'P', 'COPD')
          ON CONFLICT DO NOTHING""")) {
        st.setObject(1, PATIENT);
        st.executeUpdate();
      }
      try (PreparedStatement st =
          c.prepareStatement(
              """
          INSERT INTO readings (measured_at, device_id, msg_id, code, patient_id, clinic_id, value, unit, received_at)
          VALUES (?, 'dev-r', ?, ?, ?, 'ret', ?, ?, ?)""")) {
        for (Raw r : raw) {
          st.setObject(1, r.at().atOffset(ZoneOffset.UTC));
          st.setString(2, "m-" + r.at().toEpochMilli());
          st.setString(3, r.code());
          st.setObject(4, PATIENT);
          st.setDouble(5, r.value());
          st.setString(6, r.code().equals("spo2") ? "%" : "/min");
          st.setObject(7, r.at().atOffset(ZoneOffset.UTC));
          st.addBatch();
        }
        st.executeBatch();
      }
    }
  }

  /**
   * Every local day that lost raw readings has an aggregate, and every aggregate (archived plus
   * live part) has exactly the count, average, minimum and maximum of all readings ever stored for
   * that day.
   */
  private static void assertAggregatesMatch(DbUrl db, List<Raw> raw) throws SQLException {
    Map<String, double[]> expected = new TreeMap<>();
    for (Raw r : raw) {
      String key = r.code() + " " + LocalDate.ofInstant(r.at(), CPH);
      double[] s =
          expected.computeIfAbsent(
              key, k -> new double[] {0, 0, Double.MAX_VALUE, -Double.MAX_VALUE});
      s[0]++;
      s[1] += r.value();
      s[2] = Math.min(s[2], r.value());
      s[3] = Math.max(s[3], r.value());
    }
    Map<String, double[]> actual = new TreeMap<>();
    java.util.Set<String> remaining = new java.util.HashSet<>();
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
      try (PreparedStatement st =
          c.prepareStatement(
              "SELECT code, day, n, avg, min, max FROM reading_daily_stats WHERE patient_id = ?")) {
        st.setObject(1, PATIENT);
        try (ResultSet rs = st.executeQuery()) {
          while (rs.next()) {
            actual.put(
                rs.getString(1) + " " + rs.getObject(2, LocalDate.class),
                new double[] {rs.getLong(3), rs.getDouble(4), rs.getDouble(5), rs.getDouble(6)});
          }
        }
      }
      try (PreparedStatement st =
          c.prepareStatement("SELECT code, measured_at FROM readings WHERE patient_id = ?")) {
        st.setObject(1, PATIENT);
        try (ResultSet rs = st.executeQuery()) {
          while (rs.next()) {
            remaining.add(
                rs.getString(1)
                    + " "
                    + rs.getObject(2, java.time.OffsetDateTime.class).toInstant());
          }
        }
      }
    }
    long removedDays = 0;
    for (Raw r : raw) {
      String key = r.code() + " " + LocalDate.ofInstant(r.at(), CPH);
      if (!remaining.contains(r.code() + " " + r.at())) {
        assertThat(actual).as("a removed reading's day has an aggregate: " + key).containsKey(key);
        removedDays++;
      }
    }
    assertThat(removedDays).isPositive();
    actual.forEach(
        (key, a) -> {
          double[] s = expected.get(key);
          assertThat(s).as("aggregate without readings: " + key).isNotNull();
          assertThat(a[0]).as("n of " + key).isEqualTo(s[0]);
          assertThat(a[1])
              .as("avg of " + key)
              .isCloseTo(s[1] / s[0], org.assertj.core.data.Offset.offset(1e-9));
          assertThat(a[2]).as("min of " + key).isEqualTo(s[2]);
          assertThat(a[3]).as("max of " + key).isEqualTo(s[3]);
        });
  }
}

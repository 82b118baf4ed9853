package dk.telemonitoring.hub.lifecycle;

import dk.telemonitoring.hub.config.DbUrl;
import dk.telemonitoring.hub.store.StorageMode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Raw-reading retention with daily aggregates that outlive it. One run:
 *
 * <ol>
 *   <li>refreshes the live part of {@code reading_daily} for the last few days (the screens' recent
 *       history);
 *   <li>when retention is on, removes raw readings measured before {@code now - rawDays}: on
 *       TimescaleDB by {@code drop_chunks} (whole 7-day chunks, so up to a chunk more is kept), on
 *       plain PostgreSQL by batched {@code DELETE}s. In the same transaction as each removal, the
 *       removed rows' statistics are added to the archived part of their days and the live part of
 *       those days is recomputed from what remains, so every raw reading is counted exactly once,
 *       late uploads included.
 * </ol>
 *
 * Any number of hubs may run the job: a session advisory lock lets one run at a time. Blocking
 * JDBC: run it off the event loop.
 */
public final class RetentionJob {

  private static final Logger LOG = LoggerFactory.getLogger(RetentionJob.class);
  private static final long LOCK = 0x6c69666563796331L;

  /** What the job is told to do. rawDays 0 keeps raw readings forever. */
  public record Settings(int rawDays, int refreshDays, int deleteBatch) {}

  public record Result(
      boolean ran, Instant cutoff, long rowsArchived, int chunksDropped, int daysRefreshed) {}

  private final DbUrl db;
  private final StorageMode mode;
  private final Settings settings;

  public RetentionJob(DbUrl db, StorageMode mode, Settings settings) {
    this.db = db;
    this.mode = mode;
    this.settings = settings;
  }

  public Result runOnce(Instant now) {
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
      if (!tryLock(c)) {
        return new Result(false, null, 0, 0, 0);
      }
      try {
        int refreshed = refreshRecent(c, now);
        Instant cutoff =
            settings.rawDays() > 0 ? now.minus(Duration.ofDays(settings.rawDays())) : null;
        long archived = 0;
        int chunks = 0;
        if (cutoff != null) {
          if (mode == StorageMode.TIMESCALEDB) {
            long[] done = dropChunks(c, cutoff);
            archived = done[0];
            chunks = (int) done[1];
          } else {
            archived = deleteInBatches(c, cutoff);
          }
        }
        record(c, now, cutoff, archived, chunks, refreshed);
        if (archived > 0 || chunks > 0) {
          LOG.info(
              "retention run [mode: {}, cutoff: {}, rows archived: {}, chunks dropped: {}]",
              mode.label(),
              cutoff,
              archived,
              chunks);
        }
        return new Result(true, cutoff, archived, chunks, refreshed);
      } finally {
        try (Statement st = c.createStatement()) {
          st.execute("SELECT pg_advisory_unlock(" + LOCK + ")");
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("retention run failed: " + e.getMessage(), e);
    }
  }

  private static boolean tryLock(Connection c) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT pg_try_advisory_lock(" + LOCK + ")")) {
      rs.next();
      return rs.getBoolean(1);
    }
  }

  /** Recomputes live statistics for days from {@code refreshDays} ago (UTC date) on. */
  private int refreshRecent(Connection c, Instant now) throws SQLException {
    if (settings.refreshDays() <= 0) {
      return 0;
    }
    LocalDate fromDay = now.atZone(ZoneOffset.UTC).toLocalDate().minusDays(settings.refreshDays());
    c.setAutoCommit(false);
    try {
      try (PreparedStatement zero =
              c.prepareStatement(
                  """
              UPDATE reading_daily SET live_n = 0, live_sum = 0, live_min = NULL, live_max = NULL
              WHERE day >= ? AND live_n > 0""");
          PreparedStatement upsert =
              c.prepareStatement(
                  """
              INSERT INTO reading_daily AS d (patient_id, code, day, clinic_id, unit, live_n, live_sum, live_min, live_max)
              SELECT * FROM (
                SELECT r.patient_id, r.code, (r.measured_at AT TIME ZONE coalesce(cl.timezone, 'UTC'))::date AS day,
                       min(r.clinic_id), min(r.unit), count(*), sum(r.value), min(r.value), max(r.value)
                FROM readings r LEFT JOIN clinics cl ON cl.id = r.clinic_id
                WHERE r.measured_at >= ?
                GROUP BY 1, 2, 3) x
              WHERE x.day >= ?
              ON CONFLICT (patient_id, code, day) DO UPDATE SET live_n = EXCLUDED.live_n, live_sum = EXCLUDED.live_sum,
                live_min = EXCLUDED.live_min, live_max = EXCLUDED.live_max, refreshed_at = clock_timestamp()""")) {
        zero.setObject(1, fromDay);
        zero.executeUpdate();
        // A day east of UTC starts on the previous UTC date: read from a day earlier, keep only
        // whole days.
        upsert.setObject(1, ts(fromDay.minusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC)));
        upsert.setObject(2, fromDay);
        int n = upsert.executeUpdate();
        c.commit();
        return n;
      }
    } catch (SQLException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(true);
    }
  }

  /** TimescaleDB: aggregates of the chunks about to go, then drop_chunks, in one transaction. */
  private long[] dropChunks(Connection c, Instant cutoff) throws SQLException {
    c.setAutoCommit(false);
    try {
      java.time.OffsetDateTime boundary;
      try (PreparedStatement st =
          c.prepareStatement(
              """
          SELECT max(range_end) FROM timescaledb_information.chunks
          WHERE hypertable_name = 'readings' AND range_end <= ?""")) {
        st.setObject(1, ts(cutoff));
        try (ResultSet rs = st.executeQuery()) {
          rs.next();
          boundary = rs.getObject(1, java.time.OffsetDateTime.class);
        }
      }
      if (boundary == null) {
        c.rollback();
        return new long[] {0, 0};
      }
      createGone(c);
      long rows;
      try (PreparedStatement st =
          c.prepareStatement(
              "INSERT INTO lc_gone "
                  + AGGREGATE_FROM
                  + "readings r"
                  + " LEFT JOIN clinics cl ON cl.id = r.clinic_id WHERE r.measured_at < ? GROUP BY 1, 2, 3")) {
        st.setObject(1, boundary);
        st.executeUpdate();
      }
      rows = goneRows(c);
      int chunks = 0;
      try (PreparedStatement st =
          c.prepareStatement(
              "SELECT count(*) FROM drop_chunks('readings', older_than => ?::timestamptz)")) {
        st.setObject(1, ts(cutoff));
        try (ResultSet rs = st.executeQuery()) {
          rs.next();
          chunks = rs.getInt(1);
        }
      }
      mergeGone(c);
      c.commit();
      return new long[] {rows, chunks};
    } catch (SQLException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(true);
    }
  }

  /**
   * Plain PostgreSQL: DELETE ... RETURNING in batches, each batch's aggregates merged in its own
   * transaction.
   */
  private long deleteInBatches(Connection c, Instant cutoff) throws SQLException {
    long total = 0;
    while (true) {
      c.setAutoCommit(false);
      try {
        try (Statement st = c.createStatement()) {
          st.execute(
              "CREATE TEMP TABLE lc_rows (patient_id uuid, code text, measured_at timestamptz, clinic_id text,"
                  + " unit text, value double precision) ON COMMIT DROP");
        }
        int deleted;
        try (PreparedStatement st =
            c.prepareStatement(
                """
            WITH gone AS (
              DELETE FROM readings WHERE ctid = ANY(ARRAY(
                SELECT ctid FROM readings WHERE measured_at < ? LIMIT ?))
              RETURNING patient_id, code, measured_at, clinic_id, unit, value)
            INSERT INTO lc_rows SELECT * FROM gone""")) {
          st.setObject(1, ts(cutoff));
          st.setInt(2, settings.deleteBatch());
          deleted = st.executeUpdate();
        }
        if (deleted > 0) {
          createGone(c);
          try (Statement st = c.createStatement()) {
            st.executeUpdate(
                "INSERT INTO lc_gone "
                    + AGGREGATE_FROM
                    + "lc_rows r LEFT JOIN clinics cl ON cl.id = r.clinic_id GROUP BY 1, 2, 3");
          }
          mergeGone(c);
        }
        c.commit();
        total += deleted;
        if (deleted < settings.deleteBatch()) {
          return total;
        }
      } catch (SQLException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    }
  }

  private static final String AGGREGATE_FROM =
      """
      SELECT r.patient_id, r.code, (r.measured_at AT TIME ZONE coalesce(cl.timezone, 'UTC'))::date,
             min(r.clinic_id), min(r.unit), count(*), sum(r.value), min(r.value), max(r.value)
      FROM\s""";

  private static java.time.OffsetDateTime ts(Instant at) {
    return at.atOffset(ZoneOffset.UTC);
  }

  private static void createGone(Connection c) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute(
          "CREATE TEMP TABLE lc_gone (patient_id uuid, code text, day date, clinic_id text, unit text,"
              + " n bigint, s double precision, mn double precision, mx double precision) ON COMMIT DROP");
    }
  }

  private static long goneRows(Connection c) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT coalesce(sum(n), 0) FROM lc_gone")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /**
   * Adds the removed rows to the archived part; recomputes the live part of the touched days from
   * what remains.
   */
  private static void mergeGone(Connection c) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.executeUpdate(
          """
          INSERT INTO reading_daily AS d (patient_id, code, day, clinic_id, unit, archived_n, archived_sum, archived_min, archived_max)
          SELECT patient_id, code, day, clinic_id, unit, n, s, mn, mx FROM lc_gone
          ON CONFLICT (patient_id, code, day) DO UPDATE SET archived_n = d.archived_n + EXCLUDED.archived_n,
            archived_sum = d.archived_sum + EXCLUDED.archived_sum,
            archived_min = LEAST(d.archived_min, EXCLUDED.archived_min),
            archived_max = GREATEST(d.archived_max, EXCLUDED.archived_max), refreshed_at = clock_timestamp()""");
      st.executeUpdate(
          """
          UPDATE reading_daily d SET live_n = s.n, live_sum = s.s, live_min = s.mn, live_max = s.mx,
                 refreshed_at = clock_timestamp()
          FROM (SELECT g.patient_id, g.code, g.day, count(r.value) AS n, coalesce(sum(r.value), 0) AS s,
                       min(r.value) AS mn, max(r.value) AS mx
                FROM lc_gone g
                LEFT JOIN clinics cl ON cl.id = g.clinic_id
                LEFT JOIN readings r ON r.patient_id = g.patient_id AND r.code = g.code
                  AND r.measured_at >= (g.day::timestamp AT TIME ZONE coalesce(cl.timezone, 'UTC'))
                  AND r.measured_at < ((g.day + 1)::timestamp AT TIME ZONE coalesce(cl.timezone, 'UTC'))
                GROUP BY 1, 2, 3) s
          WHERE d.patient_id = s.patient_id AND d.code = s.code AND d.day = s.day""");
    }
  }

  private void record(
      Connection c, Instant started, Instant cutoff, long archived, int chunks, int refreshed)
      throws SQLException {
    try (PreparedStatement st =
        c.prepareStatement(
            """
        INSERT INTO retention_runs (started_at, storage_mode, cutoff, rows_archived, chunks_dropped, days_refreshed)
        VALUES (?, ?, ?, ?, ?, ?)""")) {
      st.setObject(1, ts(started));
      st.setString(2, mode.label());
      st.setObject(3, cutoff == null ? null : ts(cutoff));
      st.setLong(4, archived);
      st.setInt(5, chunks);
      st.setInt(6, refreshed);
      st.executeUpdate();
    }
  }
}

package dk.telemonitoring.hub.support;

import dk.telemonitoring.hub.config.DbUrl;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.function.LongPredicate;

/** Plain JDBC checks of what is really in the database, and polling until it is. */
public final class Sql {

  private Sql() {}

  public static long count(DbUrl db, String sql, Object... params) {
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
        PreparedStatement st = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        st.setObject(i + 1, params[i]);
      }
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Runs one statement (insert, update) with parameters; returns the update count. */
  public static int exec(DbUrl db, String sql, Object... params) {
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
        PreparedStatement st = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        st.setObject(i + 1, params[i]);
      }
      return st.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String text(DbUrl db, String sql, Object... params) {
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
        PreparedStatement st = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        st.setObject(i + 1, params[i]);
      }
      try (ResultSet rs = st.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Polls a count until it satisfies the condition or the timeout passes; returns the last count.
   */
  public static long awaitCount(
      DbUrl db, Duration timeout, LongPredicate until, String sql, Object... params) {
    long deadline = System.nanoTime() + timeout.toNanos();
    long last;
    do {
      last = count(db, sql, params);
      if (until.test(last)) {
        return last;
      }
      sleep(50);
    } while (System.nanoTime() < deadline);
    return last;
  }

  public static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}

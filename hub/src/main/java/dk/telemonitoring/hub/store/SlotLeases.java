package dk.telemonitoring.hub.store;

import dk.telemonitoring.hub.config.DbUrl;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Leases on the stream's MQTT client ids ({@code mqtt_slots}), blocking JDBC. Every change is one
 * conditional UPDATE judged by the database's clock, so two holders never overlap however the hubs'
 * clocks drift: a slot is taken only when it is free, lapsed, or already the caller's.
 */
public final class SlotLeases {

  private final DbUrl db;
  private final String holder;
  private final Duration ttl;

  public SlotLeases(DbUrl db, String holder, Duration ttl) {
    this.db = db;
    this.holder = holder;
    this.ttl = ttl;
  }

  public String holder() {
    return holder;
  }

  /**
   * Makes sure every configured client id is a slot; existing leases are left alone. A new slot is
   * free at once for a starting hub but is taken over (see {@link #available}) only after one lease
   * time, so hubs starting together each get their own.
   */
  public void declare(List<String> clientIds) throws SQLException {
    try (Connection c = connect();
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO mqtt_slots (client_id, expires_at)"
                    + " VALUES (?, now() + ? * interval '1 millisecond')"
                    + " ON CONFLICT (client_id) DO NOTHING")) {
      for (String id : clientIds) {
        s.setString(1, id);
        s.setLong(2, ttl.toMillis());
        s.addBatch();
      }
      s.executeBatch();
    }
  }

  /**
   * Takes or renews one slot: true when the caller holds it until the database's now + ttl. A slot
   * held by another hub whose lease has not lapsed is refused, and so is a free one another hub has
   * asked for (within three lease times).
   */
  public boolean acquire(String clientId) throws SQLException {
    try (Connection c = connect();
        PreparedStatement s =
            c.prepareStatement(
                "UPDATE mqtt_slots SET"
                    + " taken_over = taken_over + CASE WHEN holder IS NOT NULL AND holder <> ?"
                    + " THEN 1 ELSE 0 END,"
                    + " holder = ?, expires_at = now() + ? * interval '1 millisecond',"
                    + " wanted_by = CASE WHEN wanted_by = ? THEN NULL ELSE wanted_by END,"
                    + " wanted_at = CASE WHEN wanted_by = ? THEN NULL ELSE wanted_at END"
                    + " WHERE client_id = ?"
                    + " AND (holder = ? OR ((holder IS NULL OR expires_at < now())"
                    + " AND (wanted_by IS NULL OR wanted_by = ?"
                    + " OR wanted_at < now() - 3 * ? * interval '1 millisecond')))")) {
      s.setString(1, holder);
      s.setString(2, holder);
      s.setLong(3, ttl.toMillis());
      s.setString(4, holder);
      s.setString(5, holder);
      s.setString(6, clientId);
      s.setString(7, holder);
      s.setString(8, holder);
      s.setLong(9, ttl.toMillis());
      return s.executeUpdate() == 1;
    }
  }

  /**
   * Takes the first free or lapsed slot among the given ones, preferring them in order: the slot a
   * starting hub uses, or a dead hub's slot for a survivor to resume.
   */
  public Optional<String> acquireAny(List<String> clientIds) throws SQLException {
    for (String id : clientIds) {
      if (acquire(id)) {
        return Optional.of(id);
      }
    }
    return Optional.empty();
  }

  /**
   * Slots whose lease lapsed by the database's clock (a dead hub's), or that were released or
   * declared over one lease time ago and nobody took: sessions the broker may be queueing to.
   */
  public List<String> available() throws SQLException {
    try (Connection c = connect();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT client_id FROM mqtt_slots WHERE (expires_at IS NULL OR expires_at < now())"
                    + " AND (wanted_at IS NULL OR wanted_at < now() - 3 * ? * interval '1 millisecond')"
                    + " ORDER BY client_id")) {
      s.setLong(1, ttl.toMillis());
      return ids(s);
    }
  }

  /**
   * Asks for a slot another hub holds (a hub without one, waiting): that hub hands it back if it
   * holds more than one, and no hub takes it over meanwhile.
   */
  public void want(String clientId) throws SQLException {
    try (Connection c = connect();
        PreparedStatement s =
            c.prepareStatement(
                "UPDATE mqtt_slots SET wanted_by = ?, wanted_at = now()"
                    + " WHERE client_id = ? AND holder <> ?"
                    + " AND (wanted_by IS NULL OR wanted_by = ?"
                    + " OR wanted_at < now() - 3 * ? * interval '1 millisecond')")) {
      s.setString(1, holder);
      s.setString(2, clientId);
      s.setString(3, holder);
      s.setString(4, holder);
      s.setLong(5, ttl.toMillis());
      s.executeUpdate();
    }
  }

  /** The caller's slots another hub has asked for within three lease times. */
  public List<String> wanted() throws SQLException {
    try (Connection c = connect();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT client_id FROM mqtt_slots WHERE holder = ?"
                    + " AND wanted_at > now() - 3 * ? * interval '1 millisecond'"
                    + " ORDER BY client_id")) {
      s.setString(1, holder);
      s.setLong(2, ttl.toMillis());
      return ids(s);
    }
  }

  /** Hands one slot back (its connection is gone); free for the hub that asked at once. */
  public void release(String clientId) throws SQLException {
    try (Connection c = connect();
        PreparedStatement s =
            c.prepareStatement(
                "UPDATE mqtt_slots SET holder = NULL, expires_at = now()"
                    + " WHERE client_id = ? AND holder = ?")) {
      s.setString(1, clientId);
      s.setString(2, holder);
      s.executeUpdate();
    }
  }

  /**
   * Renews every slot the caller still holds and returns them; a slot missing from the answer is
   * lost (lapsed and taken by another hub) and its connection must go. A lapsed slot nobody took is
   * still the caller's: no other hub can have connected with it.
   */
  public List<String> renew() throws SQLException {
    try (Connection c = connect();
        PreparedStatement s =
            c.prepareStatement(
                "UPDATE mqtt_slots SET expires_at = now() + ? * interval '1 millisecond'"
                    + " WHERE holder = ? RETURNING client_id")) {
      s.setLong(1, ttl.toMillis());
      s.setString(2, holder);
      return ids(s);
    }
  }

  /**
   * Gives the caller's slots back at a clean stop: a restarting hub may take one at once, and after
   * one lease time a live hub takes over whatever is still free.
   */
  public void releaseAll() throws SQLException {
    try (Connection c = connect();
        PreparedStatement s =
            c.prepareStatement(
                "UPDATE mqtt_slots SET holder = NULL,"
                    + " expires_at = now() + ? * interval '1 millisecond' WHERE holder = ?")) {
      s.setLong(1, ttl.toMillis());
      s.setString(2, holder);
      s.executeUpdate();
    }
  }

  private static List<String> ids(PreparedStatement s) throws SQLException {
    List<String> ids = new ArrayList<>();
    try (ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        ids.add(rs.getString(1));
      }
    }
    return ids;
  }

  private Connection connect() throws SQLException {
    java.util.Properties p = new java.util.Properties();
    p.setProperty("user", db.user());
    p.setProperty("password", db.password());
    // Bounded, so a stalled database cannot hold the heartbeat past the lease's end unnoticed.
    p.setProperty("connectTimeout", "5");
    p.setProperty("socketTimeout", "5");
    p.setProperty("ApplicationName", "hub-slot-leases");
    return DriverManager.getConnection(db.jdbcUrl(), p);
  }
}

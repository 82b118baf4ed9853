package dk.telemonitoring.hub.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Applied migrations whose comments we changed afterwards, and nothing else. Flyway checksums every
 * line, comments included, and refuses to start on a mismatch; for exactly these edits the recorded
 * checksum is moved from the old file's to the new file's, and only where it is still the old one
 * (any other difference still fails validation).
 */
final class CommentOnlyMigrationEdits {

  /** Version, checksum before the edit, checksum after it. */
  private static final long[][] EDITS = {
    // V10's source note named a file outside the repository; it now names
    // docs/clinical-reference.md.
    {10, -874881267L, -305282434L},
  };

  private CommentOnlyMigrationEdits() {}

  static void apply(Connection c) throws SQLException {
    try (Statement st = c.createStatement()) {
      var exists = st.executeQuery("SELECT to_regclass('flyway_schema_history') IS NOT NULL");
      if (!exists.next() || !exists.getBoolean(1)) {
        return;
      }
    }
    for (long[] e : EDITS) {
      try (var ps =
          c.prepareStatement(
              "UPDATE flyway_schema_history SET checksum = ? WHERE version = ? AND checksum = ?")) {
        ps.setInt(1, (int) e[2]);
        ps.setString(2, Long.toString(e[0]));
        ps.setInt(3, (int) e[1]);
        ps.executeUpdate();
      }
    }
  }
}

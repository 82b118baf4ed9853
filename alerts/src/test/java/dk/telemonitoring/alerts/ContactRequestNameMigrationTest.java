package dk.telemonitoring.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * The contact request has one name, the hub's: alerts stored under the module's old name are
 * renamed.
 */
class ContactRequestNameMigrationTest {

  @Test
  void alertsStoredUnderTheOldNameCarryTheHubsNameAfterMigration() throws Exception {
    try (TestDatabase db = TestDatabase.createEmpty()) {
      String url = db.jdbcUrl(db.name);
      Flyway.configure(AlertsMigrations.class.getClassLoader())
          .dataSource(url, db.user, db.password)
          .table(AlertsMigrations.HISTORY_TABLE)
          .locations(AlertsMigrations.LOCATION)
          .target("3")
          .load()
          .migrate();
      try (Connection c = DriverManager.getConnection(url, db.user, db.password);
          Statement s = c.createStatement()) {
        s.execute(
            """
            INSERT INTO alerts (id, clinic_id, patient_id, rule_id, kind, level, level_rank, state, first_measured_at,
                                last_measured_at, opened_at, response_deadline, updated_at)
            VALUES ('00000000-0000-0000-0000-000000000001', 'clinic-r', '00000000-0000-0000-0000-0000000000aa',
                    'patient-contact-request', 'CONTACT_REQUEST', 'YELLOW', 1, 'OPEN', now(), now(), now(),
                    now() + interval '1 hour', now()),
                   ('00000000-0000-0000-0000-000000000002', 'clinic-r', '00000000-0000-0000-0000-0000000000aa',
                    'limit.spo2', 'READING', 'RED', 2, 'OPEN', now(), now(), now(), now() + interval '1 hour', now())""");
      }

      AlertsMigrations.migrate(url, db.user, db.password);

      try (Connection c = DriverManager.getConnection(url, db.user, db.password);
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT rule_id FROM alerts ORDER BY id")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1))
            .isEqualTo(AlertService.CONTACT_REQUEST_RULE)
            .isEqualTo("contact.request");
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("limit.spo2");
      }
    }
  }
}

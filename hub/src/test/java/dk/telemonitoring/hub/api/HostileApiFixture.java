package dk.telemonitoring.hub.api;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.alerts.domain.Level;
import dk.telemonitoring.hub.support.TestHub;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Clinic A and clinic B of {@link TwoClinicApiTest}, seeded for hostile callers: readings and an
 * alert for each clinic's patient, a throwaway user of clinic A, clinic B's patient read by clinic
 * B's nurse (so the audit log holds clinic B rows), and clinic A's admin, doctor and nurse logged
 * in before any test spends the address's failed-login budget. The tests of a class run in their
 * {@link org.junit.jupiter.api.Order}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class HostileApiFixture extends TwoClinicApiTest {

  UUID alertA;
  UUID alertB;
  String throwawayUserId;

  /** Clinic A's patient, alert and throwaway user: what the operations' parameters default to. */
  OpenApiOperation.Targets targets;

  /** Strings that identify clinic B's data in any answer given to clinic A. */
  List<String> clinicBMarkers;

  /**
   * Clinic A's admin, doctor and nurse, logged in before any test spends the address's failed-login
   * budget.
   */
  final Map<String, ApiCaller> callers = new LinkedHashMap<>();

  /** {@code databaseName}: the name the test's fresh database is made from. */
  HostileApiFixture(String databaseName) {
    super(databaseName);
  }

  @BeforeAll
  void seed() {
    ApiClient.createUser(
        base, TestHub.SERVICE_TOKEN, "throwaway.a@test.dk", PASSWORD, "nurse", "clinic-a");
    Instant t = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
    exec(
        """
        INSERT INTO readings (measured_at, device_id, msg_id, code, patient_id, clinic_id, value, unit, received_at)
        SELECT '%1$s'::timestamptz + g * interval '1 minute', d, 'seed-' || g, 'spo2', p::uuid, c, 93, '%%', now()
        FROM generate_series(0, 9) g,
             (VALUES ('ox-a-1', '%2$s', 'clinic-a'), ('ox-b-1', '%3$s', 'clinic-b')) AS x(d, p, c)"""
            .formatted(t, patientA, patientB));
    alertA = raise(patientA, "clinic-a");
    alertB = raise(patientB, "clinic-b");
    // Clinic B's nurse reads clinic B's patient, so the audit log holds clinic B rows an admin of A
    // must not see.
    ApiClient nurseB = ApiClient.loggedIn(base, "nurse.b@test.dk", PASSWORD);
    assertThat(nurseB.get("/api/v1/patients/" + patientB).statusCode()).isEqualTo(200);
    throwawayUserId =
        ApiClient.loggedIn(base, "throwaway.a@test.dk", PASSWORD)
            .json("/api/v1/session")
            .getJsonObject("user")
            .getString("id");
    targets = new OpenApiOperation.Targets(patientA, alertA, throwawayUserId);
    String nurseBId = nurseB.json("/api/v1/session").getJsonObject("user").getString("id");
    for (String who : List.of("admin.a@test.dk", "doctor.a@test.dk", "nurse.a@test.dk")) {
      callers.put(who, ApiCaller.session(who, ApiClient.loggedIn(base, who, PASSWORD)));
    }
    clinicBMarkers =
        List.of(
            patientB.toString(),
            alertB.toString(),
            "clinic-b",
            "ox-b-1",
            "nurse.b@test.dk",
            nurseBId);
  }

  private void exec(String sql) {
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
        Statement st = c.createStatement()) {
      st.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  private UUID raise(UUID patient, String clinic) {
    return raise(patient, clinic, "spo2.limit", Level.YELLOW, "SpO2 91% is below the YELLOW limit");
  }
}

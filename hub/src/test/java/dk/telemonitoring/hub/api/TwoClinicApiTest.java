package dk.telemonitoring.hub.api;

import dk.telemonitoring.alerts.domain.Level;
import dk.telemonitoring.hub.config.DbUrl;
import dk.telemonitoring.hub.support.TestHub;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * The setting most API tests share: a real hub on a database of its own with clinic A (patient A,
 * device ox-a-1) and clinic B (patient B, device ox-b-1), and the two-clinic staff of {@link
 * ApiClient#createTwoClinicStaff}, all with {@link #PASSWORD}. One hub per test class, started
 * before its first test and closed after its last.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class TwoClinicApiTest {

  static final String PASSWORD = "correct horse battery";

  private final String databaseName;
  DbUrl db;
  TestHub hub;
  String base;
  UUID patientA;
  UUID patientB;

  /** {@code databaseName}: the name the test's fresh database is made from. */
  TwoClinicApiTest(String databaseName) {
    this.databaseName = databaseName;
  }

  @BeforeAll
  void startTwoClinicHub() {
    hub = TestHub.inFreshDatabase(databaseName);
    db = hub.db();
    base = hub.httpBase();
    patientA = hub.provision("clinic-a", "ox-a-1", "COPD");
    patientB = hub.provision("clinic-b", "ox-b-1", "COPD");
    ApiClient.createTwoClinicStaff(base, TestHub.SERVICE_TOKEN, PASSWORD);
  }

  @AfterAll
  void stopTwoClinicHub() {
    if (hub != null) {
      hub.close();
    }
  }

  /** An alert raised through the alerts module as the hub's triage raises it. */
  UUID raise(UUID patient, String clinic, String rule, Level level, String explanation) {
    return hub.raise(clinic, patient, rule, level, explanation);
  }
}

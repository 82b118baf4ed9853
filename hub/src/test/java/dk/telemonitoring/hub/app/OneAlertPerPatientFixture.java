package dk.telemonitoring.hub.app;

import dk.telemonitoring.alerts.AlertService;
import dk.telemonitoring.alerts.AlertsMigrations;
import dk.telemonitoring.alerts.domain.Alert;
import dk.telemonitoring.alerts.domain.QueueEntry;
import dk.telemonitoring.hub.config.DbUrl;
import dk.telemonitoring.hub.support.CopdPatients;
import dk.telemonitoring.hub.support.SteppedClock;
import dk.telemonitoring.hub.support.TestPools;
import dk.telemonitoring.hub.support.TestServices;
import dk.telemonitoring.hub.triage.CriticalScreen;
import dk.telemonitoring.hub.triage.engine.CriticalJudgement;
import dk.telemonitoring.hub.triage.engine.TriageEngine;
import dk.telemonitoring.hub.triage.worker.AlertSink;
import dk.telemonitoring.hub.triage.worker.CriticalLane;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * A fresh migrated database with the clinic vios, Vert.x, a pool and a stepped clock, and the hub's
 * pieces the tests of one alert per patient drive on it: a new COPD patient with an oximeter, a
 * reading (SpO2 and pulse of a {@link Kind}) stored as the ingest stores it, the critical lane, and
 * the patient's open alert.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class OneAlertPerPatientFixture {

  static final Instant START = Instant.parse("2026-03-01T08:00:00Z");

  /**
   * Values for a COPD patient under the group defaults: SpO2 limits 90/88/85, pulse 111/131/150.
   */
  enum Kind {
    NORMAL(96, 72),
    YELLOW_SPO2(89, 72),
    YELLOW_PULSE(96, 115),
    RED_SPO2(87, 80),
    RED_PULSE(95, 135),
    CRITICAL_SPO2(82, 90),
    CRITICAL_PULSE(95, 155),
    CRITICAL_BOTH(82, 124);

    final double spo2;
    final double pulse;

    Kind(double spo2, double pulse) {
      this.spo2 = spo2;
      this.pulse = pulse;
    }
  }

  private DbUrl server;
  private DbUrl db;
  Vertx vertx;
  Pool pool;
  final SteppedClock clock = new SteppedClock(START);

  @BeforeAll
  void createDatabase() {
    server = TestServices.postgres();
    db = TestServices.freshDatabase(server, databasePrefix());
    Flyway.configure()
        .dataSource(db.jdbcUrl(), db.user(), db.password())
        .locations("classpath:db/migration")
        .load()
        .migrate();
    AlertsMigrations.migrate(db.jdbcUrl(), db.user(), db.password());
    vertx = Vertx.vertx();
    pool = TestPools.of(vertx, db, 4);
    pool.query("INSERT INTO clinics (id, name) VALUES ('vios', 'Vios') ON CONFLICT DO NOTHING")
        .execute()
        .await();
  }

  @AfterAll
  void dropDatabase() {
    if (pool != null) pool.close().await();
    if (vertx != null) vertx.close().await();
    if (db != null) TestServices.dropDatabase(db, server);
  }

  Optional<Alert> openAlert(AlertService alerts, UUID patient) {
    return alerts.openAlerts(List.of("vios")).await().stream()
        .map(QueueEntry::alert)
        .filter(a -> a.patientId().equals(patient))
        .findFirst();
  }

  CriticalLane lane(AlertSink sink, TriageEngine engine) {
    return new CriticalLane(
        vertx, pool, sink, new CriticalJudgement(engine.config()), Duration.ofHours(1), clock);
  }

  UUID createPatient() {
    UUID id = UUID.randomUUID();
    pool.withTransaction(tx -> CopdPatients.insertWithOximeter(tx, id)).await();
    return id;
  }

  /**
   * Stores the reading (SpO2 and pulse) and its outbox row as the ingest does, in one transaction.
   */
  String reading(UUID patient, Instant at, Kind kind, int step) {
    String msgId = patient.toString().substring(0, 8) + "-" + step;
    String device = "ox-" + patient;
    OffsetDateTime ts = at.atOffset(ZoneOffset.UTC);
    JsonObject context = new JsonObject().put("oxygen", false);
    // Marked for the critical lane as the ingest's screen marks it.
    boolean critical =
        CriticalScreen.mayBeCritical("spo2", kind.spo2)
            || CriticalScreen.mayBeCritical("pulse", kind.pulse);
    pool.withTransaction(
            tx ->
                tx.preparedQuery(
                        "INSERT INTO readings (measured_at, device_id, msg_id, code,"
                            + " patient_id, clinic_id, value, unit, received_at, context) VALUES ($1, $2, $3, $4, $5, 'vios', $6, $7,"
                            + " $1, $8)")
                    .executeBatch(
                        List.of(
                            Tuple.of(ts, device, msgId, "spo2", patient, kind.spo2, "%", context),
                            Tuple.of(
                                ts, device, msgId, "pulse", patient, kind.pulse, "/min", context)))
                    .compose(
                        x ->
                            tx.preparedQuery(
                                    "INSERT INTO triage_outbox (patient_id, device_id, msg_id, measured_at, kind,"
                                        + " critical) VALUES ($1, $2, $3, $4, 'reading', $5)")
                                .execute(Tuple.of(patient, device, msgId, ts, critical))))
        .await();
    return msgId;
  }

  /** The fresh database's name prefix, one per test class. */
  abstract String databasePrefix();
}

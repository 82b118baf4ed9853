package dk.telemonitoring.hub.app;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.alerts.AlertService;
import dk.telemonitoring.alerts.AlertsConfig;
import dk.telemonitoring.alerts.domain.CareOutcome;
import dk.telemonitoring.alerts.domain.Level;
import dk.telemonitoring.hub.triage.TriageConfig;
import dk.telemonitoring.hub.triage.engine.TriageEngine;
import dk.telemonitoring.hub.triage.worker.CriticalLane;
import dk.telemonitoring.hub.triage.worker.TriageWorker;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The failure CI met in {@link OneAlertPerPatientPropertyTest}'s property with the critical lane,
 * replayed step by step on a real PostgreSQL: after the nurse resolved the lane's alert, a CRITICAL
 * reading the lane had not reached, triaged in one batch with the alerted one, must open a new
 * alert.
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class CriticalAfterResolvedLaneAlertTest extends OneAlertPerPatientFixture {

  @Override
  String databasePrefix() {
    return "invariant_lane";
  }

  /**
   * The failure seen in CI, step by step: the lane alerts on a CRITICAL reading, the nurse resolves
   * the alert, and full triage then takes that reading, a normal one and a CRITICAL one the lane
   * has not reached in one batch. The last must open a new alert.
   */
  @Test
  void aCriticalReadingAfterAResolvedLaneAlertOpensANewAlertInTheSameBatch() {
    AlertService alerts = new AlertService(pool, AlertsConfig.defaults(), clock);
    AlertsBridge sink = new AlertsBridge(alerts);
    UUID patient = createPatient();
    TriageEngine engine = new TriageEngine(TriageConfig.full());
    TriageWorker worker =
        new TriageWorker(vertx, pool, sink, engine, 50, Duration.ofHours(1), clock);
    CriticalLane lane = lane(sink, engine);
    Instant t = START.plus(Duration.ofDays(40));
    clock.set(t.plusSeconds(20));
    reading(patient, t, Kind.CRITICAL_SPO2, 0);
    lane.drain().await();
    UUID first = openAlert(alerts, patient).orElseThrow().id();
    alerts.resolve(first, "nurse-p", CareOutcome.ADVICE_BY_PHONE, null).await();

    reading(patient, t.plus(Duration.ofMinutes(10)), Kind.NORMAL, 1);
    String last = reading(patient, t.plus(Duration.ofMinutes(20)), Kind.CRITICAL_SPO2, 2);
    clock.set(t.plus(Duration.ofMinutes(21)));
    worker.drainAll().await();

    assertThat(openAlert(alerts, patient))
        .as("the patient's open alert after the batch")
        .get()
        .satisfies(
            a -> {
              assertThat(a.id()).isNotEqualTo(first);
              assertThat(a.level()).isEqualTo(Level.CRITICAL);
              assertThat(a.readingRef()).endsWith("/" + last);
            });
  }
}

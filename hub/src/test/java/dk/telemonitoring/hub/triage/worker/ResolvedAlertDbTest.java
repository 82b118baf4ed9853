package dk.telemonitoring.hub.triage.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.alerts.domain.Level;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A resolved alert never silences the patient: the worker against a real PostgreSQL. */
class ResolvedAlertDbTest extends TriageDbFixture {

  @Test
  void aCriticalReadingAfterAPersonResolvedTheAlertOpensANewOne() throws Exception {
    LoggingAlertSink sink = new LoggingAlertSink();
    TriageWorker w = worker(sink);
    reading(NOW.minus(Duration.ofHours(3)), "spo2", 80, "{\"oxygen\":false}");
    await(w.drainAll());
    assertThat(sink.signals())
        .filteredOn(s -> s.level() == Level.CRITICAL && s.opened())
        .isNotEmpty();
    int before = sink.signals().size();

    // The nurse advised the patient by phone and resolved every alert while the patient was still
    // low.
    sink.resolve(patient);
    reading(NOW.minus(Duration.ofHours(2)), "spo2", 80, "{\"oxygen\":false}");
    await(w.drainAll());

    assertThat(sink.signals().subList(before, sink.signals().size()))
        .as("the next CRITICAL reading opens a new alert at once")
        .anySatisfy(
            s -> {
              assertThat(s.opened()).isTrue();
              assertThat(s.level()).isEqualTo(Level.CRITICAL);
            });
    assertThat(
            count(
                "SELECT count(*) FROM triage_episodes WHERE patient_id = '"
                    + patient
                    + "' AND rule_id = 'limit.spo2' AND closed_at IS NOT NULL"))
        .as("the resolved episode is closed")
        .isEqualTo(1);
  }

  @Test
  void whileTheAlertStaysOpenTheSameLevelAgainSignalsNothing() throws Exception {
    LoggingAlertSink sink = new LoggingAlertSink();
    TriageWorker w = worker(sink);
    reading(NOW.minus(Duration.ofHours(3)), "spo2", 80, "{\"oxygen\":false}");
    await(w.drainAll());
    int before = sink.signals().size();
    reading(NOW.minus(Duration.ofHours(2)), "spo2", 80, "{\"oxygen\":false}");
    await(w.drainAll());
    assertThat(sink.signals()).hasSize(before);
  }
}

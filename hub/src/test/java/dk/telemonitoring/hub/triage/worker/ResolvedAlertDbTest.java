package dk.telemonitoring.hub.triage.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.alerts.domain.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
  void whileTheAlertStaysOpenTheSameLevelAgainOpensNothingAndJoinsAsTheNewestReading()
      throws Exception {
    LoggingAlertSink sink = new LoggingAlertSink();
    TriageWorker w = worker(sink);
    reading(NOW.minus(Duration.ofHours(3)), "spo2", 80, "{\"oxygen\":false}");
    await(w.drainAll());
    List<String> openedRules = sink.signals().stream().map(AlertSignal::ruleId).toList();
    int before = sink.signals().size();
    Instant again = NOW.minus(Duration.ofHours(2));
    reading(again, "spo2", 80, "{\"oxygen\":false}");
    await(w.drainAll());
    List<AlertSignal> joined = sink.signals().subList(before, sink.signals().size());
    assertThat(joined)
        .extracting(AlertSignal::ruleId)
        .containsExactlyInAnyOrderElementsOf(openedRules);
    assertThat(joined)
        .allSatisfy(
            s -> {
              assertThat(s.opened()).as("a join, not a new alert").isFalse();
              assertThat(s.measuredAt()).isEqualTo(again);
            });
  }
}

package dk.telemonitoring.hub.app;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.alerts.domain.CareOutcome;
import dk.telemonitoring.alerts.domain.QueueEntry;
import dk.telemonitoring.hub.support.Devices;
import dk.telemonitoring.hub.support.Sql;
import dk.telemonitoring.hub.support.TestHub;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A nurse resolves a patient's alerts while the patient is still low; the patient's next abnormal
 * readings must open a new alert. With real Mosquitto, PostgreSQL and the alerts module: once, a
 * resolved alert left the rule's episode open in triage, and the next CRITICAL readings were
 * stored, scored CRITICAL and shown to nobody.
 */
class ResolvingNeverSilencesTest {

  private static final String CLINIC = "silence";

  @Test
  void criticalReadingsAfterTheNurseResolvedOpenANewAlert() throws Exception {
    try (TestHub hub = TestHub.inFreshDatabase("silence");
        Devices devices = new Devices(hub.topicRoot())) {
      hub.provision(CLINIC, "ox-silence-1", "COPD");
      String topic = devices.readingsTopic(CLINIC, "ox-silence-1");
      Instant t = Instant.now().minus(Duration.ofMinutes(30));
      devices.publish(topic, Devices.spo2("low-1", t, 80, 80));
      awaitOpenCritical(hub, 1);
      List<UUID> resolved = resolveEverything(hub);

      devices.publish(topic, Devices.spo2("low-2", t.plus(Duration.ofMinutes(10)), 80, 80));
      devices.publish(topic, Devices.spo2("low-3", t.plus(Duration.ofMinutes(20)), 80, 80));

      awaitOpenCritical(hub, 1);
      assertThat(
              Sql.text(
                  hub.db(),
                  "SELECT string_agg(id::text, ',') FROM alerts WHERE state <> 'RESOLVED'"))
          .as("a new alert, not the resolved one reopened")
          .doesNotContain(resolved.get(0).toString());
    }
  }

  @Test
  void aLowReadingAfterANormalOneFollowingTheResolveStillAlerts() throws Exception {
    try (TestHub hub = TestHub.inFreshDatabase("silence2");
        Devices devices = new Devices(hub.topicRoot())) {
      hub.provision(CLINIC, "ox-silence-2", "COPD");
      String topic = devices.readingsTopic(CLINIC, "ox-silence-2");
      Instant t = Instant.now().minus(Duration.ofMinutes(40));
      devices.publish(topic, Devices.spo2("a-82", t, 82, 80));
      devices.publish(topic, Devices.spo2("a-79", t.plus(Duration.ofMinutes(10)), 79, 80));
      awaitOpenCritical(hub, 1);
      resolveEverything(hub);

      devices.publish(topic, Devices.spo2("a-95", t.plus(Duration.ofMinutes(20)), 95, 80));
      devices.publish(topic, Devices.spo2("a-84", t.plus(Duration.ofMinutes(30)), 84, 80));

      awaitOpenCritical(hub, 1);
    }
  }

  private static void awaitOpenCritical(TestHub hub, int atLeast) {
    assertThat(
            Sql.awaitCount(
                hub.db(),
                Duration.ofSeconds(15),
                n -> n >= atLeast,
                "SELECT count(*) FROM alerts WHERE level = 'CRITICAL' AND state <> 'RESOLVED'"))
        .as("an open CRITICAL alert")
        .isGreaterThanOrEqualTo(atLeast);
  }

  /**
   * As a nurse does after advising the patient by phone: every open alert resolved with that
   * outcome.
   */
  private static List<UUID> resolveEverything(TestHub hub) {
    // Once every reading so far is triaged: a reading judged after the resolve may rightly open a
    // new alert, which would make "everything resolved" below a race.
    assertThat(
            Sql.awaitCount(
                hub.db(),
                Duration.ofSeconds(15),
                n -> n == 0,
                "SELECT count(*) FROM triage_outbox"))
        .isZero();
    List<UUID> ids =
        hub.hub().alerts().openAlerts(List.of(CLINIC)).await().stream()
            .map(QueueEntry::alert)
            .map(a -> a.id())
            .toList();
    assertThat(ids).isNotEmpty();
    for (UUID id : ids) {
      hub.hub()
          .alerts()
          .resolve(id, "nurse-silence", CareOutcome.ADVICE_BY_PHONE, "advised by phone")
          .await();
    }
    assertThat(Sql.count(hub.db(), "SELECT count(*) FROM alerts WHERE state <> 'RESOLVED'"))
        .isZero();
    return ids;
  }
}

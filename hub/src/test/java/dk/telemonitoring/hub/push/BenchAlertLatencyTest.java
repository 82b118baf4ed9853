package dk.telemonitoring.hub.push;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.hub.config.DbUrl;
import dk.telemonitoring.hub.support.TestHub;
import dk.telemonitoring.hub.support.TestServices;
import dk.telemonitoring.sim.bench.BenchPlan;
import dk.telemonitoring.sim.bench.BenchReport;
import dk.telemonitoring.sim.bench.BenchRunner;
import dk.telemonitoring.sim.bench.HubProvisioner;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The bench's publish-to-alert measurement against a real hub, broker and database: the bench logs
 * in as a nurse of its clinic, reads the live stream, and matches every abnormal reading's alert to
 * its publish time. Counts and matching only: how fast is the benchmark's business, not a test's.
 */
@Timeout(300)
class BenchAlertLatencyTest {

  private static final String CLINIC = "benchtest";
  private static final int SAMPLES = 4;

  @Test
  @SuppressWarnings("unchecked")
  void everyAbnormalReadingsAlertArrivesOnTheLiveStreamAndIsTimedFromItsPublish() throws Exception {
    DbUrl server = TestServices.postgres();
    DbUrl db = TestServices.freshDatabase(server, "benchalert");
    String topicRoot = TestServices.uniqueTopicRoot();
    try (TestHub hub =
        TestHub.start(TestHub.settings(db, topicRoot, "hub-benchalert-" + UUID.randomUUID()))) {
      List<String> devices = BenchPlan.deviceIds(5, 7);
      HubProvisioner.Result provisioned =
          new HubProvisioner(hub.httpBase(), TestHub.SERVICE_TOKEN).provision(CLINIC, devices, 7);
      assertThat(provisioned.ok()).as(provisioned.detail()).isTrue();
      String pgUrl = TestHub.postgresUrl(db);
      BenchRunner.Options options =
          new BenchRunner.Options(
              TestServices.mqttUrl(),
              pgUrl,
              topicRoot,
              CLINIC,
              devices.size(),
              7,
              20,
              3,
              1,
              false,
              60_000,
              true,
              0,
              0,
              hub.httpBase(),
              TestHub.SERVICE_TOKEN,
              SAMPLES,
              30,
              0);

      Map<String, Object> result = new BenchRunner(options, line -> {}).run();

      Map<String, Object> step = (Map<String, Object>) ((List<Object>) result.get("steps")).get(0);
      assertThat(step.get("zeroLoss")).isEqualTo(true);
      Map<String, Object> alerts = (Map<String, Object>) step.get("alertOnLiveStream");
      assertThat(alerts.get("abnormalPublished")).isEqualTo((long) SAMPLES);
      assertThat(alerts.get("alertsExpected")).isEqualTo((long) SAMPLES);
      assertThat(alerts.get("alertsArrived")).isEqualTo((long) SAMPLES);
      Map<String, Object> latency = (Map<String, Object>) alerts.get("latencyMs");
      assertThat(latency.get("count")).isEqualTo((long) SAMPLES);
      assertThat((Double) latency.get("p50")).isPositive();
      assertThat((Double) latency.get("max")).isGreaterThanOrEqualTo((Double) latency.get("p50"));
      Map<String, Object> push = (Map<String, Object>) alerts.get("transitionToArrivalMs");
      assertThat(push.get("count")).isEqualTo((long) SAMPLES);
      // The hub runs in this JVM here, so its CPU and the generator's are the same process's.
      Map<String, Object> cpu = (Map<String, Object>) step.get("cpuPerMessage");
      assertThat(cpu.get("triageDrained")).isEqualTo(true);
      assertThat((Double) cpu.get("hubMicrosPerMessage")).isPositive();
      assertThat(BenchReport.markdown(result))
          .contains("alert arriving on the live stream")
          .contains("CPU time per stored message");
    } finally {
      TestServices.dropDatabase(db, server);
    }
  }
}

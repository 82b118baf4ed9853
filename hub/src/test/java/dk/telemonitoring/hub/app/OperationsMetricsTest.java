package dk.telemonitoring.hub.app;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.alerts.domain.Contact;
import dk.telemonitoring.hub.config.Setting;
import dk.telemonitoring.hub.support.Devices;
import dk.telemonitoring.hub.support.OnCallRota;
import dk.telemonitoring.hub.support.Sql;
import dk.telemonitoring.hub.support.TestHub;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * /metrics of a real hub shows what an operator's alert rules need (docker/prometheus/alerts.yml):
 * the JVM, escalations fired, escalation steps with nobody on call, and dead-lettered
 * notifications, after a CRITICAL reading over MQTT escalated and its e-mail page could not be sent
 * (no SMTP server configured); and Vert.x's own: HTTP requests served, the SQL pools, the MQTT
 * client's connection, without a request path among the labels; and every series the ingest
 * dashboard (dashboards/grafana/hub-ingest.json) queries.
 */
@Timeout(120)
class OperationsMetricsTest {

  private static final String CLINIC = "ops";

  @Test
  void escalationsAndDeadLettersOfARealAlertShowOnMetricsBesideTheJvm() throws Exception {
    try (TestHub hub =
            TestHub.inFreshDatabase(
                "opsmetrics", s -> s.put(Setting.ALERTS_DELIVERY_MAX_ATTEMPTS, "1"));
        Devices devices = new Devices(hub.topicRoot())) {
      OnCallRota.doctorAndNurse(
          hub.hub().pool(),
          new Contact(
              "dr-ops", CLINIC, "Dr Ops", "dr-ops@clinic.test", null, null, null, false, true),
          new Contact("nurse-ops", CLINIC, "Nurse Ops", null, null, null, null, true, true));
      hub.provision(CLINIC, "ox-ops", "COPD");

      String before = scrape(hub);
      devices.publish(
          devices.readingsTopic(CLINIC, "ox-ops"),
          Devices.spo2("ops-1", Instant.now().truncatedTo(ChronoUnit.SECONDS), 80, 124));

      String after = awaitMetrics(hub, "hub_alert_escalations", "hub_notifications_dead_lettered");
      assertThat(metric(after, "hub_alert_escalations")).isPositive();
      assertThat(metric(after, "hub_notifications_dead_lettered")).isPositive();
      assertThat(metric(after, "hub_alert_unstaffed_steps")).isNotNaN();
      // The one message, SpO2 80 %, was written ahead of the queue.
      assertThat(metric(after, "hub_urgent_receive_to_commit_seconds_count")).isEqualTo(1);
      for (String jvm :
          new String[] {
            "jvm_memory_used_bytes",
            // The GC pause timer appears only after a first pause: any of the collector's series.
            "jvm_gc_",
            "jvm_threads_live_threads",
            "process_cpu_usage",
            "process_uptime_seconds"
          }) {
        assertThat(before).as(jvm).containsPattern("(?m)^" + jvm);
      }
      assertThat(after)
          .as("the scrapes before this one, counted by Vert.x")
          .containsPattern("(?m)^vertx_http_server_requests_total\\{[^}]*code=\"200\"")
          .containsPattern("(?m)^vertx_pool_")
          .containsPattern("(?m)^vertx_net_client_active_connections");
      assertThat(after).as("no request path as a label").doesNotContain("path=\"");
      // Every series the operators' ingest dashboard queries is one this hub exports.
      Matcher queried =
          Pattern.compile("hub_[a-z0-9_]+")
              .matcher(Files.readString(Path.of("../dashboards/grafana/hub-ingest.json")));
      int series = 0;
      while (queried.find()) {
        assertThat(after).as(queried.group()).containsPattern("(?m)^" + queried.group() + "[ {]");
        series++;
      }
      assertThat(series).isGreaterThan(20);
    }
  }

  private static String scrape(TestHub hub) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(hub.httpBase() + "/metrics")).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  /** Scrapes until every series is above zero (the totals are read every few seconds). */
  private static String awaitMetrics(TestHub hub, String... series) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    String body;
    do {
      body = scrape(hub);
      boolean all = true;
      for (String s : series) {
        all &= body.contains(s + " ") && metric(body, s) > 0;
      }
      if (all) return body;
      Sql.sleep(500);
    } while (System.nanoTime() < deadline);
    return body;
  }

  private static double metric(String body, String series) {
    Matcher m =
        Pattern.compile("(?m)^" + Pattern.quote(series) + "(?:\\{[^}]*})? ([^ \\n]+)$")
            .matcher(body);
    assertThat(m.find()).as(series + " in /metrics").isTrue();
    return Double.parseDouble(m.group(1));
  }
}

package dk.telemonitoring.hub.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dk.telemonitoring.alerts.domain.AlertFinding;
import dk.telemonitoring.alerts.domain.CareOutcome;
import dk.telemonitoring.alerts.domain.Contact;
import dk.telemonitoring.hub.config.DbUrl;
import dk.telemonitoring.hub.config.Setting;
import dk.telemonitoring.hub.support.Devices;
import dk.telemonitoring.hub.support.DoctorPages;
import dk.telemonitoring.hub.support.OnCallRota;
import dk.telemonitoring.hub.support.Sql;
import dk.telemonitoring.hub.support.TestHub;
import dk.telemonitoring.hub.support.TestServices;
import dk.telemonitoring.hub.triage.Condition;
import dk.telemonitoring.hub.triage.PatientLimit;
import dk.telemonitoring.hub.triage.worker.TriageSql;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A critical reading never waits behind the triage outbox (issue 15), with real Mosquitto,
 * PostgreSQL, the alerts module and an SMTP server. A hub with triage paused holds a backlog of
 * queued outbox rows; a CRITICAL reading published over MQTT raises its alert and pages the on-call
 * doctor while every backlog row is still queued, through the critical lane. Then a hub that
 * triages drains the backlog: full triage joins the same alert (its findings added, no second
 * alert, no second page), and an alert a person resolved meanwhile is not opened again for the same
 * reading. {@code /metrics} shows the lane, the lag, the triage rate and the pages.
 */
class CriticalReadingNeverWaitsTest {

  @RegisterExtension
  static GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

  private static final String CLINIC = "lane";
  private static final String DOCTOR = "dr-lane";
  private static final int BACKLOG = 2_000;

  @Test
  void aCriticalReadingRaisesItsAlertAheadOfTheBacklogAndTriageLaterJoinsIt() throws Exception {
    DbUrl server = TestServices.postgres();
    DbUrl db = TestServices.freshDatabase(server, "lane");
    String topicRoot = TestServices.uniqueTopicRoot();
    try (Devices devices = new Devices(topicRoot)) {
      UUID critical;
      UUID red;
      UUID ownLimit;
      Instant now = Instant.now();
      Map<Setting, String> paused = settings(db, topicRoot, "hub-lane-a-");
      paused.put(Setting.TRIAGE_ENABLED, "false");
      try (TestHub a = TestHub.start(paused)) {
        OnCallRota.doctorAndNurse(
            a.hub().pool(),
            new Contact(
                DOCTOR, CLINIC, "Dr Lane", "dr-lane@clinic.test", null, null, null, true, true),
            new Contact("nurse-lane", CLINIC, "Nurse Lane", null, null, null, null, true, true));
        UUID backlogPatient = a.provision(CLINIC, "ox-backlog", "COPD");
        queueBacklog(db, backlogPatient);
        critical = a.provision(CLINIC, "ox-crit", "COPD");
        red = a.provision(CLINIC, "ox-red", "COPD");
        ownLimit = a.provision(CLINIC, "ox-own", "COPD");
        // A doctor's stricter CRITICAL limit: SpO2 90 % (the floor is 84 %).
        a.hub()
            .pool()
            .withTransaction(
                tx ->
                    TriageSql.enrol(tx, ownLimit, Condition.COPD, now.minusSeconds(86_400))
                        .compose(
                            v ->
                                TriageSql.setLimit(
                                    tx,
                                    ownLimit,
                                    new PatientLimit(
                                        "spo2",
                                        90.0,
                                        91.0,
                                        93.0,
                                        null,
                                        null,
                                        null,
                                        "dr-lane",
                                        "low reserve",
                                        now.minusSeconds(3_600),
                                        null,
                                        false))))
            .await();

        devices.publish(
            devices.readingsTopic(CLINIC, "ox-red"), Devices.spo2("red-1", now, 87, 80));
        devices.publish(
            devices.readingsTopic(CLINIC, "ox-crit"), Devices.spo2("crit-1", now, 80, 124));
        devices.publish(
            devices.readingsTopic(CLINIC, "ox-own"), Devices.spo2("own-1", now, 89, 80));

        UUID alert = awaitOneOpenAlert(db, critical);
        UUID ownAlert = awaitOneOpenAlert(db, ownLimit);
        assertThat(Sql.count(db, "SELECT count(*) FROM triage_outbox WHERE msg_id LIKE 'bl-%'"))
            .as("every backlog row still queued when the critical alerts opened")
            .isEqualTo(BACKLOG);
        assertThat(Sql.count(db, "SELECT count(*) FROM triage_findings"))
            .as("nothing triaged yet")
            .isZero();
        assertThat(a.hub().alerts().findings(List.of(alert)).await().get(alert))
            .singleElement()
            .satisfies(
                f -> {
                  assertThat(f.ruleId()).isEqualTo("limit.spo2");
                  assertThat(f.level().name()).isEqualTo("CRITICAL");
                  assertThat(f.readingRef()).isEqualTo("ox-crit/crit-1");
                  assertThat(f.explanation()).contains("for CRITICAL");
                });
        assertThat(a.hub().alerts().findings(List.of(ownAlert)).await().get(ownAlert))
            .singleElement()
            .satisfies(f -> assertThat(f.explanation()).contains("this patient's limit"));
        assertThat(
                Sql.count(
                    db,
                    "SELECT count(*) FROM triage_outbox WHERE msg_id IN ('crit-1', 'own-1')"
                        + " AND NOT critical AND critical_alerted_at IS NOT NULL"))
            .as("alerted by the lane, still queued for full triage")
            .isEqualTo(2);
        assertThat(
                Sql.awaitCount(
                    db,
                    Duration.ofSeconds(10),
                    n -> n == 1,
                    "SELECT count(*) FROM triage_outbox WHERE msg_id = 'red-1'"
                        + " AND NOT critical AND critical_alerted_at IS NULL"))
            .as("a RED reading is not the lane's: it waits for triage")
            .isEqualTo(1);
        assertThat(Sql.count(db, "SELECT count(*) FROM alerts WHERE patient_id = ?", red)).isZero();
        assertThat(DoctorPages.awaitAbout(db, critical, DOCTOR, 1))
            .as("the doctor paged at once")
            .isEqualTo(1);

        String metrics = awaitMetric(a, "hub_alert_pages_total{channel=\"email\",outcome=\"sent\"");
        assertThat(metric(metrics, "hub_critical_lane_alerts_total")).isEqualTo(2.0);
        assertThat(metric(metrics, "hub_critical_lane_latency_seconds_count")).isEqualTo(2.0);
        assertThat(metric(metrics, "hub_critical_lane_latency_seconds_sum")).isPositive();
        // Read from the database once a second: the page may be out before its first read of the
        // backlog.
        assertThat(metric(awaitMetric(a, "hub_triage_lag_seconds"), "hub_triage_lag_seconds"))
            .as("the backlog's age")
            .isPositive();
        assertThat(metric(metrics, "hub_alert_pages_total{channel=\"email\",outcome=\"sent\""))
            .isGreaterThanOrEqualTo(1.0);
        assertThat(metrics).contains("hub_alert_pages_total{channel=\"email\",outcome=\"failed\"");

        // A nurse resolves one of them before triage catches up.
        a.hub()
            .alerts()
            .resolve(ownAlert, "nurse-lane", CareOutcome.ADVICE_BY_PHONE, "called, fine")
            .await();
      }

      try (TestHub b = TestHub.start(settings(db, topicRoot, "hub-lane-b-"))) {
        assertThat(
                Sql.awaitCount(
                    db, Duration.ofSeconds(240), n -> n == 0, "SELECT count(*) FROM triage_outbox"))
            .as("backlog drained by full triage")
            .isZero();
        UUID alert = awaitOneOpenAlert(db, critical);
        assertThat(Sql.count(db, "SELECT count(*) FROM alerts WHERE patient_id = ?", critical))
            .as("triage joined the lane's alert")
            .isEqualTo(1);
        List<AlertFinding> findings = b.hub().alerts().findings(List.of(alert)).await().get(alert);
        assertThat(findings)
            .extracting(AlertFinding::ruleId)
            .contains("limit.spo2", "limit.pulse", "news2.single-parameter");
        assertThat(findings)
            .allSatisfy(f -> assertThat(f.readingRef()).isEqualTo("ox-crit/crit-1"));
        assertThat(
                Sql.count(
                    db,
                    "SELECT count(*) FROM triage_findings WHERE msg_id = 'crit-1' AND level = 'CRITICAL'"))
            .as("full triage evaluated the reading as always")
            .isPositive();
        Sql.sleep(1500);
        assertThat(DoctorPages.about(db, critical, DOCTOR))
            .as("one page for one reading")
            .isEqualTo(1);

        assertThat(Sql.count(db, "SELECT count(*) FROM alerts WHERE patient_id = ?", ownLimit))
            .as("the resolved alert is not opened again for the same reading")
            .isEqualTo(1);
        assertThat(
                Sql.count(
                    db,
                    "SELECT count(*) FROM alerts WHERE patient_id = ? AND state <> 'RESOLVED'",
                    ownLimit))
            .isZero();
        assertThat(
                Sql.count(
                    db,
                    "SELECT count(*) FROM triage_findings WHERE msg_id = 'red-1' AND level = 'RED'"))
            .as("the RED reading judged by full triage (which asks for a repeat first)")
            .isPositive();

        String metrics = scrape(b);
        assertThat(metric(metrics, "hub_triage_messages_total"))
            .isGreaterThanOrEqualTo((double) BACKLOG);
        assertThat(metric(metrics, "hub_critical_lane_waiting")).isZero();
        assertThat(metric(metrics, "hub_triage_memory_lookups_total{result=\"found\""))
            .as("after their first batch the backlog's patients were found in triage's memory")
            .isPositive();
        assertThat(metric(metrics, "hub_triage_memory_lookups_total{result=\"loaded\""))
            .as("a hub starts with an empty memory")
            .isPositive();
        assertThat(metric(metrics, "hub_triage_memory_readings")).isPositive();
      }
    } finally {
      TestServices.dropDatabase(db, server);
    }
  }

  private static Map<Setting, String> settings(DbUrl db, String topicRoot, String prefix) {
    Map<Setting, String> s = TestHub.settings(db, topicRoot, prefix + UUID.randomUUID());
    s.put(Setting.SMTP_HOST, "127.0.0.1");
    s.put(Setting.SMTP_PORT, String.valueOf(smtp.getSmtp().getPort()));
    s.put(Setting.SMTP_STARTTLS, "DISABLED");
    s.put(Setting.SMTP_FROM, "hub@clinic.test");
    return s;
  }

  /** Normal readings of two days ago, stored and queued for triage as the batch writer does. */
  private static void queueBacklog(DbUrl db, UUID patient) {
    Sql.exec(
        db,
        """
        INSERT INTO readings (measured_at, device_id, msg_id, code, patient_id, clinic_id, value, unit, received_at)
        SELECT now() - interval '2 days' + i * interval '20 seconds', 'ox-backlog', 'bl-' || i, c.code, ?, ?,
               c.value, c.unit, now()
        FROM generate_series(1, ?) i, (VALUES ('spo2', 96.0, '%'), ('pulse', 70.0, '/min')) c(code, value, unit)""",
        patient,
        CLINIC,
        BACKLOG);
    Sql.exec(
        db,
        """
        INSERT INTO triage_outbox (patient_id, device_id, msg_id, measured_at, kind)
        SELECT ?, 'ox-backlog', 'bl-' || i, now() - interval '2 days' + i * interval '20 seconds', 'reading'
        FROM generate_series(1, ?) i ORDER BY i""",
        patient,
        BACKLOG);
  }

  private static UUID awaitOneOpenAlert(DbUrl db, UUID patient) {
    assertThat(
            Sql.awaitCount(
                db,
                Duration.ofSeconds(30),
                c -> c == 1,
                "SELECT count(*) FROM alerts WHERE patient_id = ? AND state <> 'RESOLVED'",
                patient))
        .as("one open alert")
        .isEqualTo(1);
    return UUID.fromString(
        Sql.text(
            db,
            "SELECT id::text FROM alerts WHERE patient_id = ? AND state <> 'RESOLVED'",
            patient));
  }

  private static String scrape(TestHub hub) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(hub.httpBase() + "/metrics")).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  /** Scrapes until the series has a value above zero (deliveries finish after the commit). */
  private static String awaitMetric(TestHub hub, String series) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    String body;
    do {
      body = scrape(hub);
      if (body.contains(series) && metric(body, series) > 0) return body;
      Sql.sleep(200);
    } while (System.nanoTime() < deadline);
    return body;
  }

  /** The value of the first sample whose line starts with {@code series} (name and labels). */
  private static double metric(String body, String series) {
    Matcher m =
        Pattern.compile("(?m)^" + Pattern.quote(series) + "[^ ]* ([^ \\n]+)$").matcher(body);
    assertThat(m.find()).as(series + " in /metrics").isTrue();
    return Double.parseDouble(m.group(1));
  }
}

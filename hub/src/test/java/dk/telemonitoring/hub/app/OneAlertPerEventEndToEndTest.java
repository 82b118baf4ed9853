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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One event is one alert and one page per escalation step, with real Mosquitto, PostgreSQL, the
 * alerts module and an SMTP server (GreenMail). Before, one reading (SpO2 82 %, pulse 124) opened
 * four alerts (SpO2 limit, NEWS2, pNEWS2, pulse), each paging the on-call doctor on its own.
 */
class OneAlertPerEventEndToEndTest {

  @RegisterExtension
  static GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

  private static final String CLINIC = "case";
  private static final String DOCTOR = "dr-case";

  @Test
  void
      oneAbnormalReadingIsOneAlertWithItsFindingsAndOnePageARiseRepagesOnceAndResolvingStartsAfresh()
          throws Exception {
    var server = TestServices.postgres();
    var db = TestServices.freshDatabase(server, "case");
    String topicRoot = TestServices.uniqueTopicRoot();
    Map<Setting, String> settings =
        TestHub.settings(db, topicRoot, "hub-case-" + UUID.randomUUID());
    settings.put(Setting.SMTP_HOST, "127.0.0.1");
    settings.put(Setting.SMTP_PORT, String.valueOf(smtp.getSmtp().getPort()));
    settings.put(Setting.SMTP_STARTTLS, "DISABLED");
    settings.put(Setting.SMTP_FROM, "hub@clinic.test");
    // No engine tick during the test: the pages counted are those of the alert's commits (open,
    // raise).
    settings.put(Setting.ALERTS_ENGINE_INTERVAL_MS, "3600000");
    try (TestHub hub = TestHub.start(settings);
        Devices devices = new Devices(topicRoot)) {
      onCallDoctor(hub);

      // One reading, four abnormal findings: one alert, one page to the doctor.
      UUID first = hub.provision(CLINIC, "ox-case-1", "COPD");
      devices.publish(
          devices.readingsTopic(CLINIC, "ox-case-1"),
          Devices.spo2("one-1", Instant.now(), 82, 124));
      UUID alert = awaitOneOpenAlert(db, first, "CRITICAL");
      // The critical lane opens the alert with the SpO2 finding; full triage then adds the rest.
      awaitTriaged(db, "one-1");
      List<AlertFinding> findings = hub.hub().alerts().findings(List.of(alert)).await().get(alert);
      assertThat(findings)
          .extracting(AlertFinding::ruleId)
          .contains("limit.spo2", "limit.pulse", "news2.single-parameter");
      assertThat(findings)
          .filteredOn(f -> f.ruleId().equals("limit.spo2"))
          .singleElement()
          .satisfies(f -> assertThat(f.level().name()).isEqualTo("CRITICAL"));
      assertThat(findings)
          .filteredOn(f -> f.ruleId().equals("limit.pulse"))
          .singleElement()
          .satisfies(f -> assertThat(f.level().name()).isEqualTo("YELLOW"));
      assertThat(findings)
          .allSatisfy(
              f -> {
                assertThat(f.explanation()).isNotBlank();
                assertThat(f.explanationDa()).isNotBlank();
                assertThat(f.readingRef()).isEqualTo("ox-case-1/one-1");
              });
      assertThat(DoctorPages.awaitAbout(db, first, DOCTOR, 1))
          .as("one page to the on-call doctor for one event")
          .isEqualTo(1);
      Sql.sleep(1500);
      assertThat(DoctorPages.about(db, first, DOCTOR)).as("and no more").isEqualTo(1);
      assertThat(
              Sql.count(
                  db,
                  "SELECT count(*) FROM notification_attempts t JOIN notifications n"
                      + " ON n.id = t.notification_id JOIN alerts a ON a.id = n.alert_id WHERE a.patient_id = ?"
                      + " AND n.person_id = ? AND n.channel = 'EMAIL' AND t.status = 'DELIVERED'",
                  first,
                  DOCTOR))
          .as("one e-mail delivered to the doctor")
          .isEqualTo(1);

      // YELLOW pulse only (no page to the doctor), then a CRITICAL SpO2 reading raises the same
      // alert: one page.
      UUID second = hub.provision(CLINIC, "ox-case-2", "COPD");
      String topic = devices.readingsTopic(CLINIC, "ox-case-2");
      Instant t = Instant.now().minus(Duration.ofMinutes(50));
      devices.publish(topic, Devices.spo2("two-1", t, 96, 118));
      UUID rising = awaitOneOpenAlert(db, second, "YELLOW");
      assertThat(DoctorPages.about(db, second, DOCTOR)).isZero();
      devices.publish(topic, Devices.spo2("two-2", t.plus(Duration.ofMinutes(10)), 82, 118));
      assertThat(awaitOneOpenAlert(db, second, "CRITICAL"))
          .as("raised, not a second alert")
          .isEqualTo(rising);
      assertThat(DoctorPages.awaitAbout(db, second, DOCTOR, 1)).isEqualTo(1);
      Sql.sleep(1500);
      assertThat(DoctorPages.about(db, second, DOCTOR)).as("the rise re-paged once").isEqualTo(1);
      assertThat(Sql.count(db, "SELECT count(*) FROM alerts WHERE patient_id = ?", second))
          .isEqualTo(1);

      // A person resolves the case; the next CRITICAL readings open a new alert.
      hub.hub()
          .alerts()
          .resolve(rising, "nurse-case", CareOutcome.ADVICE_BY_PHONE, "advised by phone")
          .await();
      devices.publish(topic, Devices.spo2("two-3", t.plus(Duration.ofMinutes(20)), 82, 90));
      devices.publish(topic, Devices.spo2("two-4", t.plus(Duration.ofMinutes(30)), 81, 90));
      UUID next = awaitOneOpenAlert(db, second, "CRITICAL");
      assertThat(next).isNotEqualTo(rising);
      assertThat(hub.hub().alerts().findings(List.of(next)).await().get(next))
          .extracting(AlertFinding::ruleId)
          .contains("limit.spo2");
      assertThat(Sql.count(db, "SELECT count(*) FROM alerts WHERE patient_id = ?", second))
          .isEqualTo(2);
    } finally {
      TestServices.dropDatabase(db, server);
    }
  }

  private static void awaitTriaged(DbUrl db, String msgId) {
    assertThat(
            Sql.awaitCount(
                db,
                Duration.ofSeconds(15),
                n -> n == 0,
                "SELECT count(*) FROM triage_outbox WHERE msg_id = ?",
                msgId))
        .as("triaged")
        .isZero();
  }

  /**
   * Waits for the patient's one open alert at the level; fails if the patient ever has two open.
   */
  private static UUID awaitOneOpenAlert(DbUrl db, UUID patient, String level) {
    long n =
        Sql.awaitCount(
            db,
            Duration.ofSeconds(15),
            c -> c == 1,
            "SELECT count(*) FROM alerts WHERE patient_id = ? AND state <> 'RESOLVED' AND level = ?",
            patient,
            level);
    assertThat(n).as("one open " + level + " alert").isEqualTo(1);
    assertThat(
            Sql.count(
                db,
                "SELECT count(*) FROM alerts WHERE patient_id = ? AND state <> 'RESOLVED'",
                patient))
        .isEqualTo(1);
    return UUID.fromString(
        Sql.text(
            db,
            "SELECT id::text FROM alerts WHERE patient_id = ? AND state <> 'RESOLVED'",
            patient));
  }

  private static void onCallDoctor(TestHub hub) {
    OnCallRota.doctorAndNurse(
        hub.hub().pool(),
        new Contact(DOCTOR, CLINIC, "Dr Case", "dr-case@clinic.test", null, null, null, true, true),
        new Contact("nurse-case", CLINIC, "Nurse Case", null, null, null, null, true, true));
  }
}

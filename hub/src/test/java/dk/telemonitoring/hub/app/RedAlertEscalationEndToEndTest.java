package dk.telemonitoring.hub.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dk.telemonitoring.hub.config.Setting;
import dk.telemonitoring.hub.support.Devices;
import dk.telemonitoring.hub.support.Sql;
import dk.telemonitoring.hub.support.TestHub;
import dk.telemonitoring.hub.support.TestServices;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A RED reading confirmed by its repeat and left unacknowledged goes to the on-call doctor by
 * e-mail after the policy's delay, not before, naming the patient as the clinic opted in to; no log
 * line of the hub names the patient.
 */
class RedAlertEscalationEndToEndTest extends ClinicLoopFixture {

  @Test
  void aConfirmedRedReadingLeftUnacknowledgedGoesToTheOnCallDoctorAfterThePolicyDelay()
      throws Exception {
    var server = TestServices.postgres();
    var db = TestServices.freshDatabase(server, "red");
    String topicRoot = TestServices.uniqueTopicRoot();
    Map<Setting, String> settings =
        withSmtp(TestHub.settings(db, topicRoot, "hub-red-" + UUID.randomUUID()));
    settings.put(Setting.ALERTS_RED_TO_DOCTOR, "PT3S");
    // Every log line of this hub (INFO and up), to show that none names the patient though the
    // pages do.
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> logLines = new ListAppender<>();
    logLines.start();
    root.addAppender(logLines);
    try (TestHub hub = TestHub.start(settings);
        Devices devices = new Devices(topicRoot)) {
      hub.provision(CLINIC, DEVICE, "COPD");
      Sql.exec(
          db, "INSERT INTO clinic_paging (clinic_id, names_in_pages) VALUES (?, true)", CLINIC);
      onCallDoctor(hub, null, null);
      Instant first = Instant.now().minus(Duration.ofMinutes(8));
      // SpO2 90% scores 3 on NEWS2 scale 1 (RED); the engine asks for a repeat after rest, which
      // confirms it.
      devices.publish(devices.readingsTopic(CLINIC, DEVICE), Devices.spo2("red-1", first, 90, 80));
      devices.publish(
          devices.readingsTopic(CLINIC, DEVICE),
          Devices.spo2("red-2", first.plus(Duration.ofMinutes(6)), 90, 82));

      assertThat(
              Sql.awaitCount(
                  db,
                  Duration.ofSeconds(10),
                  n -> n >= 1,
                  "SELECT count(*) FROM alerts WHERE level = 'RED' AND state = 'OPEN'"))
          .isGreaterThanOrEqualTo(1);
      Instant opened = Instant.now();
      awaitTrue("doctor's e-mail for the RED alert", () -> smtp.getReceivedMessages().length > 0);
      assertThat(Duration.between(opened, Instant.now()))
          .as("not before the policy's delay")
          .isGreaterThanOrEqualTo(Duration.ofSeconds(2));
      // This clinic opted in to names in pages.
      MimeMessage mail = smtp.getReceivedMessages()[0];
      assertThat(mail.getSubject()).startsWith("[RØD] Test patient: ").contains("SpO2 90 %");
      String body = (String) mail.getContent();
      assertThat(body)
          .contains("Patient: Test patient, KOL")
          .contains("Niveau: RØD")
          .contains("Level: RED");
      for (Map<String, String> f : liveFindings(db)) {
        assertThat(body).contains(f.get("explanation_da")).contains(f.get("explanation"));
      }
      assertNothingInternal(mail.getSubject() + "\n" + body, db);
      assertThat(
              Sql.awaitCount(
                  db,
                  Duration.ofSeconds(10),
                  n -> n >= 1,
                  "SELECT count(*) FROM audit_log"
                      + " WHERE action = 'page.disclosed' AND target LIKE 'dr-loop by EMAIL (name)'"))
          .isGreaterThanOrEqualTo(1);
      assertThat(Sql.text(db, "SELECT state FROM alerts WHERE level = 'RED'"))
          .isEqualTo("ESCALATED");
      assertThat(logLines.list).isNotEmpty();
      assertThat(logLines.list).noneMatch(e -> e.getFormattedMessage().contains("Test patient"));
    } finally {
      root.detachAppender(logLines);
      TestServices.dropDatabase(db, server);
    }
  }
}

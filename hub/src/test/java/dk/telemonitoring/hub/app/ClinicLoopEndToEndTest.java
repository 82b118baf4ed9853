package dk.telemonitoring.hub.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dk.telemonitoring.alerts.domain.Contact;
import dk.telemonitoring.alerts.notify.WebhookChannel;
import dk.telemonitoring.hub.config.DbUrl;
import dk.telemonitoring.hub.config.Setting;
import dk.telemonitoring.hub.support.Devices;
import dk.telemonitoring.hub.support.OnCallRota;
import dk.telemonitoring.hub.support.Sql;
import dk.telemonitoring.hub.support.TestHub;
import dk.telemonitoring.hub.support.TestServices;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * The clinic's core loop with real servers: a reading published over MQTT is stored, triaged and
 * alerted; the device is told; the on-call doctor is paged by e-mail (GreenMail, a real SMTP
 * server) and by a signed webhook; the doctor acknowledges through the link in the notification.
 */
class ClinicLoopEndToEndTest {

  @RegisterExtension
  static GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

  private static final String CLINIC = "loop";
  private static final String DEVICE = "ox-loop-1";
  private static final String WEBHOOK_SECRET = "webhook-secret-of-dr-loop";

  @Test
  void aCriticalReadingReachesTheOnCallDoctorByMailAndWebhookAndTheLinkAcknowledgesIt()
      throws Exception {
    var server = TestServices.postgres();
    var db = TestServices.freshDatabase(server, "loop");
    String topicRoot = TestServices.uniqueTopicRoot();
    List<JsonObject> webhooks = new CopyOnWriteArrayList<>();
    List<String> commands = new CopyOnWriteArrayList<>();
    Vertx receiverVertx = Vertx.vertx();
    HttpServer receiver =
        receiverVertx
            .createHttpServer()
            .requestHandler(
                req ->
                    req.body()
                        .onSuccess(
                            body -> {
                              String expected =
                                  WebhookChannel.signature(
                                      WEBHOOK_SECRET,
                                      req.getHeader(WebhookChannel.TIMESTAMP),
                                      body.toString());
                              webhooks.add(
                                  body.toJsonObject()
                                      .put(
                                          "signatureValid",
                                          expected.equals(
                                              req.getHeader(WebhookChannel.SIGNATURE))));
                              req.response().setStatusCode(204).end();
                            }))
            .listen(0, "127.0.0.1")
            .await();

    Map<Setting, String> settings =
        withSmtp(TestHub.settings(db, topicRoot, "hub-loop-" + UUID.randomUUID()));
    // The escalation engine's and dispatcher's timers never tick during this test: CRITICAL pages
    // the on-call doctor
    // at once, so the page must go out on the alert's commit (NOTIFY), not on a poll.
    settings.put(Setting.ALERTS_ENGINE_INTERVAL_MS, "3600000");
    try (TestHub hub = TestHub.start(settings);
        Devices devices = new Devices(topicRoot)) {
      hub.provision(CLINIC, DEVICE, "COPD");
      String pushTopic = topicRoot + "/staff/dr-loop/alerts";
      onCallDoctor(hub, "http://127.0.0.1:" + receiver.actualPort() + "/hook", pushTopic);
      MqttClient listener =
          new MqttClient(
              TestServices.mqttUrl(), "listener-" + UUID.randomUUID(), new MemoryPersistence());
      listener.connect(new MqttConnectOptions());
      listener.subscribe(
          topicRoot + "/" + CLINIC + "/devices/" + DEVICE + "/commands",
          1,
          (topic, message) ->
              commands.add(new String(message.getPayload(), StandardCharsets.UTF_8)));
      List<String> pushes = new CopyOnWriteArrayList<>();
      listener.subscribe(
          pushTopic,
          1,
          (topic, message) -> pushes.add(new String(message.getPayload(), StandardCharsets.UTF_8)));

      devices.publish(
          devices.readingsTopic(CLINIC, DEVICE), Devices.spo2("crit-1", Instant.now(), 82, 124));

      assertThat(
              Sql.awaitCount(
                  db,
                  Duration.ofSeconds(10),
                  n -> n == 1,
                  "SELECT count(*) FROM alerts WHERE level = 'CRITICAL'"))
          .as("one CRITICAL alert opened")
          .isEqualTo(1);
      // The critical lane may open the alert before full triage has stored its result.
      assertThat(
              Sql.awaitCount(
                  db,
                  Duration.ofSeconds(10),
                  n -> n > 0,
                  "SELECT count(*) FROM triage_findings WHERE msg_id = 'crit-1' AND decisive"))
          .isPositive();

      awaitTrue("doctor's e-mail", () -> smtp.getReceivedMessages().length > 0);
      MimeMessage mail = smtp.getReceivedMessages()[0];
      assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("dr-loop@clinic.test");
      // The clinic has not opted in to names: the page names the patient ("Test patient") by the
      // initials.
      assertThat(mail.getSubject()).isEqualTo("[KRITISK] T.P.: SpO2 82 %");
      String body = (String) mail.getContent();
      // The finding that paged, with its level, its values in words and its explanation in both
      // languages. The critical lane pages at once; findings full triage joins later (NEWS2) reach
      // the doctor on the alert page, not in this page.
      List<Map<String, String>> live =
          liveFindings(db).stream().filter(f -> "CRITICAL".equals(f.get("level"))).toList();
      assertThat(live).isNotEmpty();
      assertThat(body)
          .contains("Patient: T.P., KOL")
          .contains("Niveau: KRITISK")
          .contains("Patient: T.P., COPD")
          .contains("Level: CRITICAL")
          .contains("- [KRITISK] SpO2 82 %")
          .contains("- [CRITICAL] SpO2 82%");
      for (Map<String, String> f : live) {
        assertThat(body).contains(f.get("explanation_da")).contains(f.get("explanation"));
      }
      assertThat(body)
          .contains("/alerts/ack?token=")
          .contains("(Europe/Copenhagen)")
          .contains("Søgt som / paged as: vagthavende læge / on-call doctor");
      assertNothingInternal(mail.getSubject() + "\n" + body, db);

      awaitTrue("signed webhook", () -> !webhooks.isEmpty());
      JsonObject hook = webhooks.get(0);
      assertThat(hook.getBoolean("signatureValid")).isTrue();
      assertPageJson(hook, liveFindings(db));
      assertNothingInternal(hook.encode(), db);

      awaitTrue("push to the doctor's app topic", () -> !pushes.isEmpty());
      JsonObject push = new JsonObject(pushes.get(0));
      assertPageJson(push, liveFindings(db));
      assertNothingInternal(pushes.get(0), db);

      // Each delivered page is a disclosure to a person, in the audit log (e-mail, webhook and push
      // at least).
      assertThat(
              Sql.awaitCount(
                  db,
                  Duration.ofSeconds(10),
                  n -> n >= 3,
                  "SELECT count(*) FROM audit_log"
                      + " WHERE action = 'page.disclosed' AND target LIKE 'dr-loop by %(pseudonym)'"))
          .isGreaterThanOrEqualTo(3);

      awaitTrue("receipt and feedback on the command topic", () -> commands.size() >= 2);
      assertThat(commands).anySatisfy(c -> assertThat(c).contains("\"status\":\"stored\""));
      assertThat(commands).anySatisfy(c -> assertThat(c).contains("\"kind\":\"will-call\""));

      // The link names the hub's public address; this test hub listens on an ephemeral port.
      URI link = URI.create(hook.getString("ackUrl"));
      assertThat(link.getPath()).isEqualTo("/alerts/ack");
      URI local = URI.create(hub.httpBase() + link.getRawPath() + "?" + link.getRawQuery());
      assertThat(
              HttpClient.newHttpClient()
                  .send(HttpRequest.newBuilder(local).build(), HttpResponse.BodyHandlers.ofString())
                  .body())
          .as("the link opens the alert page")
          .contains("/alert-page.js");
      assertThat(Sql.text(db, "SELECT state FROM alerts WHERE level = 'CRITICAL'"))
          .as("GET alone does not acknowledge")
          .isNotEqualTo("ACKNOWLEDGED");
      HttpResponse<String> ack =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(local)
                      .header("content-type", "application/x-www-form-urlencoded")
                      .POST(HttpRequest.BodyPublishers.noBody())
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(ack.statusCode()).isEqualTo(200);
      assertThat(Sql.text(db, "SELECT state FROM alerts WHERE level = 'CRITICAL'"))
          .isEqualTo("ACKNOWLEDGED");
      listener.disconnect();
    } finally {
      receiverVertx.close().await();
      TestServices.dropDatabase(db, server);
    }
  }

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

  @Test
  void aPatientsCallMeRequestEntersTheAlertQueue() throws Exception {
    var server = TestServices.postgres();
    var db = TestServices.freshDatabase(server, "contact");
    String topicRoot = TestServices.uniqueTopicRoot();
    try (TestHub hub =
            TestHub.start(TestHub.settings(db, topicRoot, "hub-contact-" + UUID.randomUUID()));
        Devices devices = new Devices(topicRoot)) {
      hub.provision(CLINIC, "tab-loop-1", "HEART_FAILURE");
      callMe(devices, "c-1", "more breathless tonight");
      assertThat(
              Sql.awaitCount(
                  db,
                  Duration.ofSeconds(10),
                  n -> n == 1,
                  "SELECT count(*) FROM alerts WHERE kind = 'CONTACT_REQUEST' AND state = 'OPEN'"))
          .isEqualTo(1);
      // The alerts module words the sentence around the patient's own words, once.
      assertThat(Sql.text(db, "SELECT explanation FROM alerts WHERE kind = 'CONTACT_REQUEST'"))
          .isEqualTo("The patient asks to be called: more breathless tonight (worried)");
      assertThat(Sql.text(db, "SELECT explanation_da FROM alerts WHERE kind = 'CONTACT_REQUEST'"))
          .isEqualTo("Patienten beder om at blive ringet op: more breathless tonight (bekymret)");

      // A second request while the first is open: the newest words first, the first kept.
      callMe(devices, "c-2", "unsure if the device works");
      assertThat(
              Sql.awaitCount(
                  db,
                  Duration.ofSeconds(10),
                  n -> n == 1,
                  "SELECT count(*) FROM alerts WHERE kind = 'CONTACT_REQUEST'"
                      + " AND explanation_da LIKE '%unsure if the device works%'"))
          .isEqualTo(1);
      assertThat(Sql.text(db, "SELECT explanation_da FROM alerts WHERE kind = 'CONTACT_REQUEST'"))
          .startsWith("Patienten beder om at blive ringet op: unsure if the device works")
          .endsWith(". Tidligere i samme alarm: more breathless tonight (bekymret)");
    } finally {
      TestServices.dropDatabase(db, server);
    }
  }

  /** The live findings of the one open alert: rule, level, explanations. */
  private static List<Map<String, String>> liveFindings(DbUrl db) throws Exception {
    List<Map<String, String>> out = new ArrayList<>();
    try (var c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
        var rs =
            c.createStatement()
                .executeQuery(
                    "SELECT f.rule_id, f.level, f.explanation, f.explanation_da"
                        + " FROM alert_findings f JOIN alerts a ON a.id = f.alert_id WHERE a.state <> 'RESOLVED'"
                        + " AND f.cleared_at IS NULL ORDER BY f.level_rank DESC, f.rule_id")) {
      while (rs.next()) {
        out.add(
            Map.of(
                "rule_id",
                rs.getString(1),
                "level",
                rs.getString(2),
                "explanation",
                rs.getString(3),
                "explanation_da",
                rs.getString(4)));
      }
    }
    return out;
  }

  /**
   * A webhook or push body: the pseudonym, the level, each live finding with values and
   * explanations, the link.
   */
  private static void assertPageJson(JsonObject page, List<Map<String, String>> live) {
    assertThat(page.getJsonObject("patient").getString("label")).isEqualTo("T.P.");
    assertThat(page.getJsonObject("patient").getBoolean("isName")).isFalse();
    assertThat(page.getString("level")).isEqualTo("CRITICAL");
    assertThat(page.getJsonObject("levelText").getString("da")).isEqualTo("KRITISK");
    assertThat(page.getString("subject")).isEqualTo("[KRITISK] T.P.: SpO2 82 %");
    // Each finding the page carries is one of the alert's, worded as stored; the CRITICAL ones that
    // paged are all there (findings full triage joins after the page may or may not be).
    var findings = page.getJsonArray("findings");
    List<String> carried = new ArrayList<>();
    for (int i = 0; i < findings.size(); i++) {
      JsonObject f = findings.getJsonObject(i);
      carried.add(
          f.getString("level")
              + "|"
              + f.getJsonObject("explanation").getString("da")
              + "|"
              + f.getJsonObject("explanation").getString("en"));
    }
    List<String> stored =
        live.stream()
            .map(f -> f.get("level") + "|" + f.get("explanation_da") + "|" + f.get("explanation"))
            .toList();
    assertThat(stored).containsAll(carried);
    assertThat(carried)
        .containsAll(stored.stream().filter(k -> k.startsWith("CRITICAL|")).toList());
    assertThat(findings.getJsonObject(0).getJsonObject("values").getString("da"))
        .isEqualTo("SpO2 82 %");
    assertThat(findings.getJsonObject(0).getJsonObject("values").getString("en"))
        .isEqualTo("SpO2 82%");
    assertThat(URI.create(page.getString("ackUrl")).getPath()).isEqualTo("/alerts/ack");
  }

  /**
   * No name where the clinic has not opted in, no rule id, no unit code, no id prefix in what a
   * page shows.
   */
  private static void assertNothingInternal(String page, DbUrl db) {
    String patientId = Sql.text(db, "SELECT id::text FROM patients");
    assertThat(page).doesNotContain("limit.", "news2.", "baseline.", "{score}", "Cel", "mm[Hg]");
    if (!Sql.text(db, "SELECT coalesce(bool_or(names_in_pages), false)::text FROM clinic_paging")
        .equals("true")) {
      assertThat(page).doesNotContain("Test patient");
    }
    // The JSON bodies carry the patient's id as a field for the receiving system; the text never
    // shows a prefix.
    assertThat(page.replace("\"patientId\":\"" + patientId + "\"", ""))
        .doesNotContain(patientId.substring(0, 8));
  }

  /** E-mail through the GreenMail server of this test. */
  private static Map<Setting, String> withSmtp(Map<Setting, String> settings) {
    settings.put(Setting.SMTP_HOST, "127.0.0.1");
    settings.put(Setting.SMTP_PORT, String.valueOf(smtp.getSmtp().getPort()));
    settings.put(Setting.SMTP_STARTTLS, "DISABLED");
    settings.put(Setting.SMTP_FROM, "hub@clinic.test");
    return settings;
  }

  private static void onCallDoctor(TestHub hub, String hookUrl, String pushTopic) {
    OnCallRota.doctorAndNurse(
        hub.hub().pool(),
        new Contact(
            "dr-loop",
            CLINIC,
            "Dr Loop",
            "dr-loop@clinic.test",
            pushTopic,
            hookUrl,
            WEBHOOK_SECRET,
            true,
            true),
        new Contact("nurse-loop", CLINIC, "Nurse Loop", null, null, null, null, true, true));
  }

  private static void awaitTrue(String what, java.util.function.BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Sql.sleep(100);
    }
  }

  /** The patient's tablet asks to be called, worried, in the patient's own words. */
  private static void callMe(Devices devices, String msgId, String text) {
    devices.publish(
        devices.readingsTopic(CLINIC, "tab-loop-1"),
        new io.vertx.core.json.JsonObject()
            .put("v", 1)
            .put("msgId", msgId)
            .put("kind", "contact")
            .put("measuredAt", Instant.now().toString())
            .put("reason", "worried")
            .put("text", text)
            .encode());
  }
}

package dk.telemonitoring.hub.app;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.alerts.notify.WebhookChannel;
import dk.telemonitoring.hub.config.Setting;
import dk.telemonitoring.hub.support.Devices;
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

/**
 * The clinic's core loop with real servers: a CRITICAL reading published over MQTT is stored,
 * triaged and alerted; the device is told; the on-call doctor is paged at once by e-mail
 * (GreenMail, a real SMTP server), by a signed webhook and by an MQTT push; the doctor acknowledges
 * through the link in the notification.
 */
class ClinicLoopEndToEndTest extends ClinicLoopFixture {

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
}

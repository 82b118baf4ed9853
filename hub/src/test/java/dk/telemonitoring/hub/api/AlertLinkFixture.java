package dk.telemonitoring.hub.api;

import dk.telemonitoring.alerts.domain.AckTokens;
import dk.telemonitoring.alerts.domain.Contact;
import dk.telemonitoring.hub.config.DbUrl;
import dk.telemonitoring.hub.config.Setting;
import dk.telemonitoring.hub.support.Devices;
import dk.telemonitoring.hub.support.OnCallRota;
import dk.telemonitoring.hub.support.Sql;
import dk.telemonitoring.hub.support.TestHub;
import dk.telemonitoring.hub.support.TestServices;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * The signed link in a page, against a real hub, broker and database: a CRITICAL reading pages the
 * on-call doctor of clinic "link" (in-app here; the link's token is derived from the notification
 * as the e-mail's is). Opens the link and acts through it as a browser or the page does, and reads
 * what an action would change and what was audited.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AlertLinkFixture {

  static final String CLINIC = "link";
  static final String SECRET = "test-ack-link-secret-0123456789";

  DbUrl server;
  DbUrl db;
  TestHub hub;
  Devices devices;
  String base;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  void start() {
    server = TestServices.postgres();
    db = TestServices.freshDatabase(server, databasePrefix());
    String topicRoot = TestServices.uniqueTopicRoot();
    Map<Setting, String> settings =
        TestHub.settings(db, topicRoot, "hub-" + databasePrefix() + "-" + UUID.randomUUID());
    settings.put(Setting.ALERTS_ACK_SECRET, SECRET);
    hub = TestHub.start(settings);
    devices = new Devices(topicRoot);
    base = hub.httpBase();
    hub.provision(CLINIC, "ox-link-0", "COPD");
    OnCallRota.doctorAndNurse(
        hub.hub().pool(),
        new Contact("dr-link", CLINIC, "Dr Link", null, null, null, null, true, true),
        new Contact("nurse-link", CLINIC, "Nurse Link", null, null, null, null, true, true));
  }

  @AfterAll
  void stop() {
    devices.close();
    hub.close();
    TestServices.dropDatabase(db, server);
  }

  /** A patient with a CRITICAL alert that paged the doctor: the alert's id and the link's token. */
  record Paged(String alertId, String token, String notificationId) {}

  Paged criticalAlert(String device) {
    UUID patient = hub.provision(CLINIC, device, "COPD");
    devices.publish(
        devices.readingsTopic(CLINIC, device),
        Devices.spo2("crit-" + device, Instant.now(), 82, 124));
    Sql.awaitCount(
        db,
        Duration.ofSeconds(20),
        n -> n >= 1,
        "SELECT count(*) FROM notifications n JOIN alerts a ON a.id = n.alert_id"
            + " WHERE a.patient_id = ?::uuid AND n.person_id = 'dr-link'",
        patient.toString());
    // The critical lane pages first; full triage then joins its findings to the alert. Wait for
    // that too, so that nothing but the test's own calls changes the alert afterwards.
    Sql.awaitCount(
        db,
        Duration.ofSeconds(20),
        n -> n >= 1,
        "SELECT count(*) FROM triage_findings WHERE msg_id = ?",
        "crit-" + device);
    String alertId =
        Sql.text(db, "SELECT id::text FROM alerts WHERE patient_id = ?::uuid", patient.toString());
    String notification =
        Sql.text(
            db,
            "SELECT id::text FROM notifications WHERE alert_id = ?::uuid AND person_id = 'dr-link'"
                + " ORDER BY created_at LIMIT 1",
            alertId);
    return new Paged(
        alertId, new AckTokens(SECRET).tokenFor(UUID.fromString(notification)), notification);
  }

  HttpResponse<String> get(String pathAndQuery) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(base + pathAndQuery)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** As a browser opens the link: asking for HTML. */
  HttpResponse<String> open(String pathAndQuery) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(base + pathAndQuery))
            .header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8")
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> post(String action, JsonObject body) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(base + "/alerts/link/" + action))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.encode()))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static String q(String token) {
    return URLEncoder.encode(token, StandardCharsets.UTF_8);
  }

  /** What a person's action would change: the alert row, its history and the links' use. */
  String snapshot(String alertId) {
    return Sql.text(
        db,
        "SELECT a.state || a.updated_at::text || (SELECT count(*) FROM alert_transitions t WHERE t.alert_id = a.id)"
            + " || (SELECT count(*) FROM alert_advice v WHERE v.alert_id = a.id)"
            + " || coalesce((SELECT max(n.ack_token_used_at)::text FROM notifications n WHERE n.alert_id = a.id), '-')"
            + " FROM alerts a WHERE a.id = ?::uuid",
        alertId);
  }

  long audited(String action, String alertId) {
    return Sql.count(
        db,
        "SELECT count(*) FROM audit_log l JOIN alerts a ON a.patient_id = l.patient_id"
            + " WHERE l.action = ? AND a.id = ?::uuid AND l.user_role = 'PAGE_LINK'",
        action,
        alertId);
  }

  /** The fresh database's name prefix, one per test class. */
  abstract String databasePrefix();
}

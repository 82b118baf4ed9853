package dk.telemonitoring.hub.api;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.alerts.domain.AckTokens;
import dk.telemonitoring.alerts.domain.Contact;
import dk.telemonitoring.hub.config.DbUrl;
import dk.telemonitoring.hub.config.Setting;
import dk.telemonitoring.hub.support.Devices;
import dk.telemonitoring.hub.support.OnCallRota;
import dk.telemonitoring.hub.support.Sql;
import dk.telemonitoring.hub.support.TestHub;
import dk.telemonitoring.hub.support.TestServices;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The signed link in a page, against a real hub, broker and database: a CRITICAL reading pages the
 * on-call doctor (in-app here; the link's token is derived from the notification as the e-mail's
 * is). The link opens only its own alert, only until it expires, read-only once the alert is
 * resolved; a GET changes nothing; every use is audited without the token.
 */
class AlertLinkApiTest {

  private static final String CLINIC = "link";
  private static final String SECRET = "test-ack-link-secret-0123456789";

  private static DbUrl server;
  private static DbUrl db;
  private static TestHub hub;
  private static Devices devices;
  private static String base;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    server = TestServices.postgres();
    db = TestServices.freshDatabase(server, "alertlink");
    String topicRoot = TestServices.uniqueTopicRoot();
    Map<Setting, String> settings =
        TestHub.settings(db, topicRoot, "hub-alertlink-" + UUID.randomUUID());
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
  static void stop() {
    devices.close();
    hub.close();
    TestServices.dropDatabase(db, server);
  }

  /** A patient with a CRITICAL alert that paged the doctor: the alert's id and the link's token. */
  private record Paged(String alertId, String token, String notificationId) {}

  private static Paged criticalAlert(String device) {
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

  private static HttpResponse<String> get(String pathAndQuery) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(base + pathAndQuery)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** As a browser opens the link: asking for HTML. */
  private static HttpResponse<String> open(String pathAndQuery) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(base + pathAndQuery))
            .header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8")
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(String action, JsonObject body) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(base + "/alerts/link/" + action))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.encode()))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String q(String token) {
    return URLEncoder.encode(token, StandardCharsets.UTF_8);
  }

  /** What a person's action would change: the alert row, its history and the links' use. */
  private static String snapshot(String alertId) {
    return Sql.text(
        db,
        "SELECT a.state || a.updated_at::text || (SELECT count(*) FROM alert_transitions t WHERE t.alert_id = a.id)"
            + " || (SELECT count(*) FROM alert_advice v WHERE v.alert_id = a.id)"
            + " || coalesce((SELECT max(n.ack_token_used_at)::text FROM notifications n WHERE n.alert_id = a.id), '-')"
            + " FROM alerts a WHERE a.id = ?::uuid",
        alertId);
  }

  private static long audited(String action, String alertId) {
    return Sql.count(
        db,
        "SELECT count(*) FROM audit_log l JOIN alerts a ON a.patient_id = l.patient_id"
            + " WHERE l.action = ? AND a.id = ?::uuid AND l.user_role = 'PAGE_LINK'",
        action,
        alertId);
  }

  @Test
  void getsChangeNothingAndEveryViewIsAuditedWithoutTheToken() throws Exception {
    Paged p = criticalAlert("ox-link-get");
    String before = snapshot(p.alertId());

    HttpResponse<String> page = get("/alerts/ack?token=" + q(p.token()));
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("/alert-page.js").contains("/trend-chart.js");
    assertThat(page.headers().firstValue("Content-Security-Policy").orElse(""))
        .contains("default-src 'self'");
    assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
    HttpResponse<String> data = get("/alerts/link/alert?token=" + q(p.token()));
    assertThat(data.statusCode()).as(data.body()).isEqualTo(200);
    JsonObject json = new JsonObject(data.body());
    assertThat(json.getJsonObject("alert").getString("id")).isEqualTo(p.alertId());
    assertThat(json.getJsonObject("patient").getString("displayName")).isEqualTo("Test patient");
    assertThat(json.getBoolean("readOnly")).isFalse();
    assertThat(
            json.getJsonArray("findings").getJsonObject(0).getJsonObject("values").getString("da"))
        .contains("SpO2 82 %");
    assertThat(json.getJsonArray("charts").getJsonObject(0).getString("code")).isEqualTo("spo2");
    assertThat(json.getJsonArray("charts").getJsonObject(0).getJsonArray("points")).isNotEmpty();

    assertThat(snapshot(p.alertId())).as("a GET changes nothing").isEqualTo(before);
    assertThat(Sql.text(db, "SELECT state FROM alerts WHERE id = ?::uuid", p.alertId()))
        .isNotEqualTo("ACKNOWLEDGED");
    assertThat(audited("alert-link.open", p.alertId())).isEqualTo(1);
    assertThat(audited("alert-link.view", p.alertId())).isEqualTo(1);
    assertThat(
            Sql.count(
                db,
                "SELECT count(*) FROM audit_log WHERE path LIKE '%token%' OR target LIKE ?",
                "%" + p.token() + "%"))
        .as("the token never reaches the audit log")
        .isZero();
  }

  @Test
  void thePageShowsTheClinicsEarlierContactsByNameAndThatThePatientIsAdmitted() throws Exception {
    Paged p = criticalAlert("ox-link-contacts");
    String patient =
        Sql.text(db, "SELECT patient_id::text FROM alerts WHERE id = ?::uuid", p.alertId());
    // Enrolled a month ago (the test hub enrols at once): an admission may start before today.
    Sql.exec(
        db,
        "UPDATE patients SET enrolled_at = now() - interval '30 days' WHERE id = ?::uuid",
        patient);
    ApiClient.createUser(
        base,
        TestHub.SERVICE_TOKEN,
        "nurse.kim@link.test",
        "correct horse battery",
        "nurse",
        CLINIC);
    ApiClient nurse = ApiClient.loggedIn(base, "nurse.kim@link.test", "correct horse battery");
    Instant called = Instant.now().minus(Duration.ofHours(3)).truncatedTo(ChronoUnit.SECONDS);
    for (JsonObject c :
        new JsonObject[] {
          new JsonObject()
              .put("channel", "PHONE")
              .put("durationMinutes", 12)
              .put("contactedAt", called.toString())
              .put("summary", "Breathless on stairs, advised rescue inhaler")
              .put("outcome", "ADVICE_BY_PHONE"),
          new JsonObject()
              .put("channel", "HOME_VISIT")
              .put("durationMinutes", 45)
              .put("contactedAt", called.plus(Duration.ofHours(1)).toString())
              .put("summary", "Visited; sent to hospital")
              .put("outcome", "HOSPITAL_ADMISSION")
        }) {
      HttpResponse<String> r =
          nurse.send("POST", "/api/v1/patients/" + patient + "/contacts", c.encode());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }
    Sql.exec(
        db,
        "INSERT INTO patient_messages (id, patient_id, clinic_id, device_id, language, body, sent_by,"
            + " sent_at, published_at, delivered_at) VALUES (gen_random_uuid(), ?::uuid, ?, 'tab-1', 'da',"
            + " 'Mål igen om en time', 'nurse.kim@link.test', now() - interval '1 hour',"
            + " now() - interval '1 hour', now() - interval '50 minutes')",
        patient,
        CLINIC);
    Instant admitted = Instant.now().minus(Duration.ofMinutes(90)).truncatedTo(ChronoUnit.SECONDS);
    HttpResponse<String> admission =
        nurse.send(
            "POST",
            "/api/v1/patients/" + patient + "/admissions",
            new JsonObject().put("admittedAt", admitted.toString()).encode());
    assertThat(admission.statusCode()).as(admission.body()).isEqualTo(201);
    long viewsBefore = audited("alert-link.view", p.alertId());

    HttpResponse<String> data = get("/alerts/link/alert?token=" + q(p.token()));
    assertThat(data.statusCode()).as(data.body()).isEqualTo(200);
    JsonObject json = new JsonObject(data.body());
    JsonArray contacts = json.getJsonArray("contacts");
    assertThat(contacts).hasSize(2);
    JsonObject newest = contacts.getJsonObject(0);
    assertThat(newest.getString("channel")).isEqualTo("HOME_VISIT");
    assertThat(newest.getInteger("durationMinutes")).isEqualTo(45);
    assertThat(newest.getString("outcome")).isEqualTo("HOSPITAL_ADMISSION");
    assertThat(newest.getString("summary")).isEqualTo("Visited; sent to hospital");
    assertThat(newest.getString("by")).isEqualTo("nurse.kim");
    assertThat(Instant.parse(contacts.getJsonObject(1).getString("contactedAt"))).isEqualTo(called);
    JsonObject message = json.getJsonArray("messages").getJsonObject(0);
    assertThat(message.getString("body")).isEqualTo("Mål igen om en time");
    assertThat(message.getString("by")).isEqualTo("nurse.kim");
    assertThat(message.getString("shownAt")).isNotNull();
    assertThat(contacts.encode() + json.getJsonArray("messages").encode())
        .as("people by name, never by e-mail address")
        .doesNotContain("@");
    JsonObject status = json.getJsonObject("patientStatus");
    assertThat(status.getString("state")).isEqualTo("ADMITTED");
    assertThat(Instant.parse(status.getString("since"))).isEqualTo(admitted);
    // The contacts are read with the page: that read is audited as the page's reads are.
    assertThat(audited("alert-link.view", p.alertId())).isEqualTo(viewsBefore + 1);
  }

  @Test
  void theLinkActsOnlyOnItsOwnAlert() throws Exception {
    Paged mine = criticalAlert("ox-link-own");
    Paged other = criticalAlert("ox-link-other");
    String otherBefore = snapshot(other.alertId());

    HttpResponse<String> read =
        get("/alerts/link/alert?token=" + q(mine.token()) + "&alert=" + other.alertId());
    assertThat(read.statusCode()).isEqualTo(403);
    assertThat(new JsonObject(read.body()).getString("error")).contains("only the alert");
    for (String action : new String[] {"acknowledge", "advise", "resolve"}) {
      HttpResponse<String> r =
          post(
              action,
              new JsonObject()
                  .put("token", mine.token())
                  .put("alertId", other.alertId())
                  .put("instruction", "NO_ACTION")
                  .put("outcome", "NO_ACTION_NEEDED")
                  .put("confirmCritical", true));
      assertThat(r.statusCode()).as(action).isEqualTo(403);
    }
    assertThat(snapshot(other.alertId())).isEqualTo(otherBefore);
    assertThat(
            Sql.count(
                db,
                "SELECT count(*) FROM audit_log WHERE action = 'alert-link.refused' AND target LIKE ?",
                "%another alert " + other.alertId()))
        .isEqualTo(4);
  }

  @Test
  void anExpiredLinkIsRefusedWithAClearPage() throws Exception {
    Paged p = criticalAlert("ox-link-expired");
    Sql.exec(
        db,
        "UPDATE notifications SET ack_token_expires_at = now() - interval '1 minute' WHERE id = ?::uuid",
        p.notificationId());
    String before = snapshot(p.alertId());

    HttpResponse<String> page = open("/alerts/ack?token=" + q(p.token()));
    assertThat(page.statusCode()).isEqualTo(410);
    assertThat(page.headers().firstValue("content-type").orElse("")).startsWith("text/html");
    assertThat(page.body()).contains("Linket er udløbet").contains("This link has expired");
    assertThat(get("/alerts/link/alert?token=" + q(p.token())).statusCode()).isEqualTo(410);
    HttpResponse<String> ack =
        post("acknowledge", new JsonObject().put("token", p.token()).put("alertId", p.alertId()));
    assertThat(ack.statusCode()).isEqualTo(410);
    assertThat(snapshot(p.alertId())).isEqualTo(before);
    assertThat(audited("alert-link.refused", p.alertId())).isEqualTo(3);

    // An unknown link is refused as well, with its own words.
    HttpResponse<String> unknown = open("/alerts/ack?token=not-a-real-token");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.body()).contains("Linket er ukendt");
    // Any other client gets the JSON error every route answers with.
    HttpResponse<String> api = get("/alerts/ack?token=" + q(p.token()));
    assertThat(api.statusCode()).isEqualTo(410);
    assertThat(new JsonObject(api.body()).getString("error")).contains("expired");
  }

  @Test
  void actionsAreAuditedAndAResolvedAlertsPageIsReadOnly() throws Exception {
    Paged p = criticalAlert("ox-link-resolve");
    JsonObject link = new JsonObject().put("token", p.token()).put("alertId", p.alertId());

    HttpResponse<String> ack = post("acknowledge", link.copy());
    assertThat(ack.statusCode()).as(ack.body()).isEqualTo(200);
    assertThat(Sql.text(db, "SELECT acknowledged_by FROM alerts WHERE id = ?::uuid", p.alertId()))
        .isEqualTo("dr-link");
    HttpResponse<String> noText =
        post("advise", link.copy().put("instruction", "START_RESCUE_PACK"));
    assertThat(noText.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(noText.body()).getString("error")).contains("rescue pack");
    HttpResponse<String> advise =
        post(
            "advise",
            link.copy().put("instruction", "CALL_PATIENT_TODAY").put("note", "Spørg til feber"));
    assertThat(advise.statusCode()).as(advise.body()).isEqualTo(200);
    assertThat(
            new JsonObject(advise.body()).getJsonArray("advice").getJsonObject(0).getString("by"))
        .isEqualTo("Dr Link");
    HttpResponse<String> unconfirmed =
        post("resolve", link.copy().put("outcome", "ADVICE_BY_PHONE"));
    assertThat(unconfirmed.statusCode()).isEqualTo(422);
    HttpResponse<String> resolve =
        post("resolve", link.copy().put("outcome", "ADVICE_BY_PHONE").put("confirmCritical", true));
    assertThat(resolve.statusCode()).as(resolve.body()).isEqualTo(200);
    assertThat(new JsonObject(resolve.body()).getBoolean("readOnly")).isTrue();
    assertThat(Sql.text(db, "SELECT outcome FROM alerts WHERE id = ?::uuid", p.alertId()))
        .isEqualTo("ADVICE_BY_PHONE");

    // Read-only from now on: the page still opens, every action is refused and changes nothing.
    String before = snapshot(p.alertId());
    HttpResponse<String> data = get("/alerts/link/alert?token=" + q(p.token()));
    assertThat(data.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(data.body()).getBoolean("readOnly")).isTrue();
    for (String action : new String[] {"acknowledge", "advise", "resolve"}) {
      HttpResponse<String> r =
          post(
              action,
              link.copy()
                  .put("instruction", "NO_ACTION")
                  .put("outcome", "NO_ACTION_NEEDED")
                  .put("confirmCritical", true));
      assertThat(r.statusCode()).as(action).isEqualTo(409);
      assertThat(new JsonObject(r.body()).getString("error")).contains("read-only");
    }
    assertThat(snapshot(p.alertId())).isEqualTo(before);
    assertThat(audited("alert-link.acknowledge", p.alertId())).isEqualTo(1);
    // Each use is audited, the advice refused for want of text as well.
    assertThat(audited("alert-link.advise", p.alertId())).isEqualTo(2);
    assertThat(audited("alert-link.resolve", p.alertId())).isEqualTo(1);
  }

  @Test
  void actionsComeOnlyAsJsonFromThePageItself() throws Exception {
    Paged p = criticalAlert("ox-link-csrf");
    String before = snapshot(p.alertId());
    HttpResponse<String> form =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(base + "/alerts/link/acknowledge"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "token=" + q(p.token()) + "&alertId=" + p.alertId()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(form.statusCode()).isEqualTo(415);
    HttpResponse<String> foreign =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(base + "/alerts/link/acknowledge"))
                .header("Content-Type", "application/json")
                .header("Origin", "https://evil.example")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        new JsonObject()
                            .put("token", p.token())
                            .put("alertId", p.alertId())
                            .encode()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(foreign.statusCode()).isEqualTo(403);
    HttpResponse<String> noToken =
        post("acknowledge", new JsonObject().put("alertId", p.alertId()));
    assertThat(noToken.statusCode()).isEqualTo(400);
    assertThat(snapshot(p.alertId())).isEqualTo(before);
  }
}

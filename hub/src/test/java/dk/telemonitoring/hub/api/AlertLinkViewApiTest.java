package dk.telemonitoring.hub.api;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.hub.support.Sql;
import dk.telemonitoring.hub.support.TestHub;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/**
 * What the signed link shows: a GET changes nothing and every view is audited without the token;
 * the page names the clinic's earlier contacts and messages by person and says the patient is
 * admitted.
 */
class AlertLinkViewApiTest extends AlertLinkFixture {

  @Override
  String databasePrefix() {
    return "alertlinkview";
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
}

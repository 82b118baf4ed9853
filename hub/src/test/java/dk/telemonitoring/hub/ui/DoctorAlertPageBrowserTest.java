package dk.telemonitoring.hub.ui;

import static dk.telemonitoring.hub.ui.Browsers.createUser;
import static dk.telemonitoring.hub.ui.Browsers.screenshot;
import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.hub.api.ApiClient;
import dk.telemonitoring.hub.config.DbUrl;
import dk.telemonitoring.hub.support.Devices;
import dk.telemonitoring.hub.support.Sql;
import dk.telemonitoring.hub.support.TestHub;
import dk.telemonitoring.hub.support.TestServices;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The on-call doctor signed in on her phone (390 x 844), with no e-mail and no link: the nurse
 * escalated a patient, the doctor opens the patient's alert page from her board's "escalated"
 * section, sees name, age, values and the chart, acknowledges and advises; the nurse's board at
 * 1400 px shows the advice. The session authorises: a nurse may read the page but not advise, a
 * doctor of another clinic does not find the alert, and without a session the page asks for a
 * login. Screenshots go to hub/target/screenshots/doctor-page-*.png.
 */
class DoctorAlertPageBrowserTest {

  private static final String CLINIC = "vios";
  private static final String DEVICE = "ox-doctor-page";
  private static final int WIDTH = 390;
  private static final int HEIGHT = 844;

  @Test
  void theSignedInDoctorOpensTheEscalatedAlertFromHerBoardAndAdvisesTheNurse() throws Exception {
    Browsers.Chromium installed = Browsers.chromiumOrSkip();
    String chromium = installed.binary();
    String chromedriver = installed.driver();
    DbUrl server = TestServices.postgres();
    DbUrl db = TestServices.freshDatabase(server, "doctorpage");
    String topicRoot = TestServices.uniqueTopicRoot();
    Path shots = Browsers.screenshots();
    try (TestHub hub =
            TestHub.start(TestHub.settings(db, topicRoot, "hub-doctorpage-" + UUID.randomUUID()));
        Devices devices = new Devices(topicRoot)) {
      UUID patient = hub.provision(CLINIC, DEVICE, "COPD");
      hub.provision("elsewhere", "ox-elsewhere", "COPD");
      Sql.exec(
          db,
          "UPDATE patients SET display_name = 'Karen Jensen', birth_date = (current_date - interval '75 years 2 months')::date,"
              + " phone = '+45 20 30 40 50' WHERE id = ?::uuid",
          patient.toString());
      createUser(hub.httpBase(), "nurse@vios.test", "Nurse Nora", "nurse", CLINIC);
      createUser(hub.httpBase(), "doctor@vios.test", "Doctor Dina", "doctor", CLINIC);
      createUser(hub.httpBase(), "doctor@elsewhere.test", "Doctor Else", "doctor", "elsewhere");
      // The patient's contact nurse, with her work phone.
      Sql.exec(
          db, "UPDATE app_users SET phone = '+45 30 40 50 60' WHERE email = 'nurse@vios.test'");
      Sql.exec(
          db,
          "INSERT INTO patient_care (patient_id, contact_nurse_id, updated_by)"
              + " SELECT ?::uuid, id, 'test' FROM app_users WHERE email = 'nurse@vios.test'",
          patient.toString());
      // A few ordinary days, then SpO2 87 % twice: RED for a COPD patient.
      Instant now = Instant.now();
      double[] days = {93, 92, 94};
      for (int i = 0; i < days.length; i++) {
        devices.publish(
            devices.readingsTopic(CLINIC, DEVICE),
            Devices.spo2("day-" + i, now.minus(Duration.ofDays(3 - i)), days[i], 76));
      }
      devices.publish(
          devices.readingsTopic(CLINIC, DEVICE),
          Devices.spo2("red-a", now.minusSeconds(120), 87, 70));
      Sql.awaitCount(
          db,
          Duration.ofSeconds(30),
          n -> n == 4,
          "SELECT count(*) FROM readings WHERE code = 'spo2'");
      devices.publish(
          devices.readingsTopic(CLINIC, DEVICE),
          Devices.spo2("red-b", now.minusSeconds(30), 87, 70));
      assertThat(
              Sql.awaitCount(
                  db,
                  Duration.ofSeconds(30),
                  n -> n == 1,
                  "SELECT count(*) FROM alerts WHERE level = 'RED' AND state = 'OPEN'"))
          .isEqualTo(1);
      ApiClient nurse = ApiClient.loggedIn(hub.httpBase(), "nurse@vios.test", Browsers.PASSWORD);
      JsonArray rows = new JsonObject(nurse.get("/api/v1/board").body()).getJsonArray("patients");
      String alertId =
          rows.getJsonObject(0).getJsonArray("alerts").getJsonObject(0).getString("id");
      HttpResponse<String> r =
          nurse.send(
              "POST",
              "/api/v1/alerts/" + alertId + "/escalate",
              "{\"note\":\"SpO2 87 % i dag, vil du se på hende?\"}");
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);

      // What the session may do: a nurse reads the page (audited) but gives no advice; a doctor of
      // another clinic does not find the alert.
      HttpResponse<String> nursePage = nurse.get("/api/v1/alerts/" + alertId + "/page");
      assertThat(nursePage.statusCode()).as(nursePage.body()).isEqualTo(200);
      assertThat(new JsonObject(nursePage.body()).getBoolean("canAdvise")).isFalse();
      assertThat(new JsonObject(nursePage.body()).getString("expiresAt")).isNull();
      HttpResponse<String> nurseAdvice =
          nurse.send(
              "POST",
              "/api/v1/alerts/" + alertId + "/advise",
              "{\"instruction\":\"CALL_PATIENT_NOW\"}");
      assertThat(nurseAdvice.statusCode()).as(nurseAdvice.body()).isEqualTo(403);
      ApiClient stranger =
          ApiClient.loggedIn(hub.httpBase(), "doctor@elsewhere.test", Browsers.PASSWORD);
      assertThat(stranger.get("/api/v1/alerts/" + alertId + "/page").statusCode()).isEqualTo(404);
      assertThat(
              stranger
                  .send(
                      "POST",
                      "/api/v1/alerts/" + alertId + "/advise",
                      "{\"instruction\":\"CALL_PATIENT_NOW\"}")
                  .statusCode())
          .isEqualTo(404);
      assertThat(
              Sql.text(
                  db,
                  "SELECT string_agg(action, ',' ORDER BY at) FROM audit_log"
                      + " WHERE action LIKE '%alert.page.read' OR action LIKE '%alert.advise'"))
          .as("the nurse's read is audited; the refusals are answered before any patient data")
          .isEqualTo("alert.page.read");

      WebDriver phone = Browsers.phone(chromium, chromedriver, WIDTH, HEIGHT);
      try {
        // The doctor's phone speaks Danish. Without a session the page asks for a login.
        phone.get(hub.httpBase() + "/");
        js(phone, "localStorage.setItem('lang', 'da')");
        phone.get(hub.httpBase() + "/alert-page.html?alert=" + alertId);
        WebDriverWait wait = new WebDriverWait(phone, Duration.ofSeconds(20));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("load-error")));
        assertThat(phone.findElement(By.id("load-error")).getText())
            .contains("Du er ikke logget ind")
            .contains("Log ind");
        screenshot(phone, shots.resolve("doctor-page-0-no-session.png"));

        Browsers.login(phone, hub.httpBase(), "doctor@vios.test", By.id("escalated"));
        By open =
            By.cssSelector(
                "#escalated .alert-row[data-patient='" + patient + "'] button.alert-page");
        wait.until(ExpectedConditions.visibilityOfElementLocated(open));
        screenshot(phone, shots.resolve("doctor-page-1-board.png"));
        WebElement button = phone.findElement(open);
        assertThat(button.getText()).isEqualTo("Åbn alarmen");
        assertThat(button.getRect().getHeight()).isGreaterThanOrEqualTo(44);
        button.click();

        wait.until(ExpectedConditions.textToBe(By.id("patient-name"), "Karen Jensen"));
        assertThat(phone.getCurrentUrl()).endsWith("/alert-page.html?alert=" + alertId);
        assertThat(phone.findElement(By.cssSelector("#patient .facts")).getText())
            .isEqualTo("75 år · KOL · Patientens side");
        // Signed in, the patient's record is one tap away.
        assertThat(phone.findElement(By.id("patient-page")).getDomAttribute("href"))
            .isEqualTo("/#/patient/" + patient);
        assertThat(phone.findElement(By.id("patient-page")).getRect().getHeight())
            .as("a link to tap")
            .isGreaterThanOrEqualTo(44);
        assertThat(phone.findElement(By.id("call-patient")).getAttribute("href"))
            .isEqualTo("tel:+4520304050");
        WebElement callNurse = phone.findElement(By.id("call-contact-nurse"));
        assertThat(callNurse.getAttribute("href")).isEqualTo("tel:+4530405060");
        assertThat(callNurse.getText())
            .contains("Ring til kontaktsygeplejersken")
            .contains("Nurse Nora");
        assertThat(phone.findElement(By.id("level")).getText()).isEqualTo("RØD");
        // Why the nurse sent it, before the findings: the doctor reads her question first.
        assertThat(phone.findElement(By.id("notes")).getText())
            .contains("SpO2 87 % i dag, vil du se på hende?")
            .contains("Sendt til lægen");
        assertThat(phone.findElement(By.id("findings")).getText())
            .contains("SpO2 87 %")
            .as("the condition in the page's words")
            .doesNotContain("COPD");
        WebElement chart = phone.findElement(By.cssSelector(".chart[data-code='spo2']"));
        wait.until(d -> !chart.findElements(By.cssSelector("canvas")).isEmpty());
        assertThat(phone.findElement(By.id("back")).getText()).isEqualTo("‹ Tavlen");
        assertThat(phone.findElement(By.id("page")).getText())
            .contains("Du er Doctor Dina")
            .doesNotContain("Linket virker");
        assertNothingWiderThanTheScreen(phone);
        screenshot(phone, shots.resolve("doctor-page-2-alert.png"));

        WebElement ack = phone.findElement(By.id("ack-button"));
        js(phone, "arguments[0].scrollIntoView({block: 'center'})", ack);
        ack.click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("acked")));
        assertThat(phone.findElement(By.id("acked")).getText()).contains("Doctor Dina");
        // The message that says so neither covers nor takes the tap of the next button, even one at
        // the bottom of the screen (it lay over "Send råd" for four seconds).
        assertThat(phone.findElement(By.id("flash")).isDisplayed()).isTrue();
        WebElement next = phone.findElement(By.id("advice-send"));
        js(phone, "arguments[0].scrollIntoView({block: 'end'})", next);
        assertThat(
                js(
                    phone,
                    "const r = arguments[0].getBoundingClientRect();"
                        + " const e = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);"
                        + " return e === arguments[0] || arguments[0].contains(e);",
                    next))
            .as(
                "the button at the bottom of the screen is what a tap there reaches: %s",
                js(
                    phone,
                    "const r = arguments[0].getBoundingClientRect();"
                        + " const f = document.getElementById('flash').getBoundingClientRect();"
                        + " return JSON.stringify({b: r, f: f, h: window.innerHeight});",
                    next))
            .isEqualTo(true);

        WebElement choice =
            phone.findElement(By.cssSelector("input[name=instruction][value=CALL_PATIENT_NOW]"));
        js(phone, "arguments[0].scrollIntoView({block: 'center'})", choice);
        choice.click();
        phone.findElement(By.id("advice-text")).sendKeys("Spørg til åndenød og feber");
        WebElement send = phone.findElement(By.id("advice-send"));
        wait.until(ExpectedConditions.elementToBeClickable(send));
        js(phone, "arguments[0].scrollIntoView({block: 'center'})", send);
        send.click();
        wait.until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("advice-given"), "Spørg til åndenød og feber"));
        assertThat(phone.findElement(By.id("advice-given")).getText())
            .contains("Ring til patienten nu")
            .contains("Doctor Dina");
        assertNothingWiderThanTheScreen(phone);
        js(phone, "document.getElementById('advice').scrollIntoView()");
        screenshot(phone, shots.resolve("doctor-page-3-advice.png"));
      } finally {
        phone.quit();
      }
      assertThat(
              Sql.text(
                  db,
                  "SELECT a.state || ' ' || v.instruction || ' ' || v.note FROM alerts a"
                      + " JOIN alert_advice v ON v.alert_id = a.id"))
          .isEqualTo("ACKNOWLEDGED CALL_PATIENT_NOW Spørg til åndenød og feber");

      // The nurse's board shows the doctor's advice on the patient's row.
      WebDriver desktop = Browsers.desktop(chromium, chromedriver, 1400, 900);
      try {
        Browsers.login(desktop, hub.httpBase(), "nurse@vios.test", By.cssSelector(".alert-row"));
        By advice = By.cssSelector(".alert-row[data-patient='" + patient + "'] .doctor-advice");
        new WebDriverWait(desktop, Duration.ofSeconds(15))
            .until(ExpectedConditions.visibilityOfElementLocated(advice));
        assertThat(desktop.findElement(advice).getText())
            .contains("Lægens råd")
            .contains("Ring til patienten nu")
            .contains("Spørg til åndenød og feber")
            .contains("Doctor Dina");
        screenshot(desktop, shots.resolve("doctor-page-4-nurse-board.png"));
      } finally {
        desktop.quit();
      }
    } finally {
      TestServices.dropDatabase(db, server);
    }
  }

  private static void assertNothingWiderThanTheScreen(WebDriver driver) {
    assertThat((Long) js(driver, "return document.documentElement.scrollWidth"))
        .as("page width at " + WIDTH + " px")
        .isLessThanOrEqualTo((long) WIDTH);
  }

  private static Object js(WebDriver driver, String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }
}

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
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The patient's own view in Chromium: the nurse issues a code on the patient's page in the staff
 * screen, the patient types it in and sees their own values (published over MQTT), never another
 * patient's, their measuring plan in words and the clinic's number; presses "call me", and the
 * nurse's board has the contact request. On a phone (390 x 844, signed in from the clinic's link)
 * and a tablet (1024 px) nothing is wider than the screen. The visible text, in Danish and in
 * English, holds no enum name, UCUM code or triage word. Screenshots go to
 * hub/target/screenshots/patient-view-*.png.
 */
class PatientViewBrowserTest {

  private static final String CLINIC = "vios-pv";

  /** What must never reach the patient's screen, in either language. */
  private static final List<String> NEVER =
      List.of(
          "\\b[A-Z]{2,}_[A-Z_]+\\b",
          "\\bDAILY\\b",
          "\\bWEEKLY\\b",
          "\\bGREEN\\b",
          "\\bYELLOW\\b",
          "\\bRED\\b",
          "\\bCRITICAL\\b",
          "NEWS2",
          "\\bCOPD\\b",
          "\\bKOL\\b",
          "\\{[a-z]+\\}",
          "\\bCel\\b",
          "mm\\[Hg\\]",
          "(?<![a-zæøå])/min",
          "\\bspo2\\b",
          "\\bresp_rate\\b",
          "\\bnull\\b",
          "undefined",
          "\\bNaN\\b",
          "receipt",
          "will-call",
          "call-requested");

  @Test
  void thePatientSignsInWithTheClinicsCodeSeesOnlyTheirOwnValuesAndPlanAndCallMeReachesTheNurse()
      throws Exception {
    Browsers.Chromium installed = Browsers.chromiumOrSkip();
    String chromium = installed.binary();
    String chromedriver = installed.driver();
    DbUrl server = TestServices.postgres();
    DbUrl db = TestServices.freshDatabase(server, "patientview");
    String topicRoot = TestServices.uniqueTopicRoot();
    Path shots = Browsers.screenshots();
    try (TestHub hub =
            TestHub.start(TestHub.settings(db, topicRoot, "hub-pv-" + UUID.randomUUID()));
        Devices devices = new Devices(topicRoot)) {
      UUID karen = hub.provision(CLINIC, "ox-pv-karen", "COPD");
      UUID other = hub.provision(CLINIC, "ox-pv-other", "COPD");
      Sql.exec(db, "UPDATE patients SET display_name = 'Karen Hansen' WHERE id = ?", karen);
      Sql.exec(db, "UPDATE patients SET display_name = 'Ole Olsen' WHERE id = ?", other);
      Sql.exec(db, "UPDATE clinics SET phone = '70 20 30 40' WHERE id = ?", CLINIC);
      Sql.exec(
          db,
          "INSERT INTO patient_schedules (patient_id, code, start_date, phases, created_by) VALUES "
              + "(?, 'spo2', current_date - 3, 'TWICE_DAILY:0-14,TWICE_WEEKLY:14-', 'test'), "
              + "(?, 'pulse', current_date - 3, 'TWICE_DAILY:0-14,TWICE_WEEKLY:14-', 'test')",
          karen,
          karen);
      createUser(hub.httpBase(), "nurse@pv.test", "Nurse Nora", "nurse", CLINIC);

      // Karen's values over three days and another patient's, over real MQTT.
      Instant now = Instant.now();
      double[][] karens = {{95, 70}, {93, 76}, {94, 72}};
      for (int i = 0; i < karens.length; i++) {
        devices.publish(
            devices.readingsTopic(CLINIC, "ox-pv-karen"),
            Devices.spo2(
                "k-" + i, now.minus(Duration.ofHours(48 - 23L * i)), karens[i][0], karens[i][1]));
      }
      devices.publish(
          devices.readingsTopic(CLINIC, "ox-pv-other"),
          Devices.spo2("o-1", now.minus(Duration.ofHours(1)), 89, 101));
      assertThat(
              Sql.awaitCount(
                  db,
                  Duration.ofSeconds(30),
                  n -> n == 4,
                  "SELECT count(DISTINCT msg_id) FROM triage_findings"))
          .isEqualTo(4);

      ApiClient nurse = ApiClient.loggedIn(hub.httpBase(), "nurse@pv.test", Browsers.PASSWORD);
      // The nurse issues Karen's code on Karen's page in the staff screen.
      String code;
      WebDriver clinic = Browsers.desktop(chromium, chromedriver, 1400, 1000);
      try {
        Browsers.login(clinic, hub.httpBase(), "nurse@pv.test", By.id("alerts"));
        clinic.get(hub.httpBase() + "/#/patient/" + karen);
        WebDriverWait wait = new WebDriverWait(clinic, Duration.ofSeconds(15));
        wait.until(ExpectedConditions.elementToBeClickable(By.id("issue-code"))).click();
        code =
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("issued-code")))
                .getText();
        assertThat(code).matches("[A-Z2-9]{4}-[A-Z2-9]{4}");
        assertThat(text(clinic, "#issued-link"))
            .endsWith("/patient.html#code=" + code.replace("-", ""));
        js(clinic, "document.getElementById('patient-view-codes').scrollIntoView()");
        screenshot(clinic, shots.resolve("patient-view-staff-code-1400.png"));
      } finally {
        clinic.quit();
      }

      WebDriver desktop = Browsers.desktop(chromium, chromedriver, 1400, 1000);
      try {
        desktop.get(hub.httpBase() + "/patient.html");
        WebDriverWait wait = new WebDriverWait(desktop, Duration.ofSeconds(15));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("code"))).sendKeys(code);
        desktop.findElement(By.id("signin-button")).click();
        wait.until(
            ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector(".pv-measure[data-code='spo2']")));
        assertThat(text(desktop, ".pv-measure[data-code='spo2'] .value")).isEqualTo("94 %");
        assertThat(text(desktop, ".pv-measure[data-code='pulse'] .value")).isEqualTo("72 slag/min");
        assertThat(text(desktop, "#pv-title")).isEqualTo("Karen Hansen");
        String page = body(desktop);
        assertThat(page)
            .contains("Mål iltmætning og puls to gange dagligt.")
            .contains("to gange om ugen")
            .contains("70 20 30 40")
            .contains("ring 112")
            .contains("Tak, din måling er modtaget.")
            .doesNotContain("Ole Olsen")
            .doesNotContain("89 %")
            .doesNotContain("101");
        assertThat(desktop.findElement(By.id("clinic-phone")).getAttribute("href"))
            .isEqualTo("tel:70203040");
        assertNothingRaw(page, "da");
        assertNoWiderThanTheScreen(desktop);
        screenshot(desktop, shots.resolve("patient-view-1400-da.png"));

        desktop.findElement(By.id("lang")).click();
        wait.until(ExpectedConditions.textToBe(By.id("latest-title"), "Your latest measurements"));
        String english = body(desktop);
        assertThat(english)
            .contains("Measure oxygen saturation and pulse twice a day.")
            .contains("72 beats/min")
            .contains("call 112")
            .contains("Thank you, your measurement was received.");
        assertNothingRaw(english, "en");
        screenshot(desktop, shots.resolve("patient-view-1400-en.png"));
        desktop.findElement(By.id("lang")).click();

        // "Call me": the nurse's board has Karen's contact request.
        desktop.findElement(By.id("call-me")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("call-text")))
            .sendKeys("Mere forpustet i aften");
        desktop.findElement(By.id("call-send")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("call-done")));
        assertThat(text(desktop, "#call-done")).contains("ringer til dig");
        wait.until(
            ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#told li[data-kind='call-requested']")));
        screenshot(desktop, shots.resolve("patient-view-1400-called.png"));
      } finally {
        desktop.quit();
      }
      assertThat(
              Sql.awaitCount(
                  db,
                  Duration.ofSeconds(30),
                  n -> n == 1,
                  "SELECT count(*) FROM alerts WHERE kind = 'CONTACT_REQUEST' AND state = 'OPEN'"))
          .isEqualTo(1);
      JsonArray board = new JsonObject(nurse.get("/api/v1/board").body()).getJsonArray("patients");
      JsonObject row =
          board.stream()
              .map(JsonObject.class::cast)
              .filter(r -> r.getJsonObject("patient").getString("id").equals(karen.toString()))
              .findFirst()
              .orElseThrow();
      assertThat(row.getJsonArray("alerts").encode())
          .contains("CONTACT_REQUEST")
          .contains("Mere forpustet i aften");
      assertThat(
              Sql.count(
                  db,
                  "SELECT count(*) FROM audit_log WHERE user_role = 'PATIENT' AND patient_id = ? "
                      + "AND action = 'patient-view.read'",
                  karen))
          .isGreaterThanOrEqualTo(2);
      assertThat(
              Sql.count(
                  db,
                  "SELECT count(*) FROM audit_log WHERE user_role = 'PATIENT' AND patient_id <> ?",
                  karen))
          .isZero();

      // On her phone, from the clinic's link; and on a tablet.
      String link = issueLink(nurse, karen);
      WebDriver phone = Browsers.phone(chromium, chromedriver, 390, 844);
      try {
        phone.get(link.replaceFirst("^https?://[^/]+", hub.httpBase()));
        new WebDriverWait(phone, Duration.ofSeconds(15))
            .until(
                ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector(".pv-measure[data-code='spo2']")));
        assertThat((String) js(phone, "return location.hash")).isEmpty();
        assertThat((Long) js(phone, "return innerWidth")).isEqualTo(390L);
        assertNoWiderThanTheScreen(phone);
        // The call button is a large target, on the first screen.
        assertThat(
                (Long)
                    js(
                        phone,
                        "return Math.round(document.getElementById('call-me').getBoundingClientRect().height)"))
            .isGreaterThanOrEqualTo(56L);
        assertThat(
                (Long)
                    js(
                        phone,
                        "return Math.round(document.getElementById('call-me').getBoundingClientRect().width)"))
            .isGreaterThanOrEqualTo(300L);
        assertThat(
                (Long)
                    js(
                        phone,
                        "return Math.round(document.getElementById('call-me').getBoundingClientRect().bottom)"))
            .isLessThan(844L);
        assertNothingRaw(body(phone), "da");
        screenshot(phone, shots.resolve("patient-view-390x844-da.png"));
      } finally {
        phone.quit();
      }
      WebDriver tablet = Browsers.desktop(chromium, chromedriver, 1024, 768);
      try {
        tablet.get(issueLink(nurse, karen).replaceFirst("^https?://[^/]+", hub.httpBase()));
        new WebDriverWait(tablet, Duration.ofSeconds(15))
            .until(
                ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector(".pv-measure[data-code='spo2']")));
        assertNoWiderThanTheScreen(tablet);
        screenshot(tablet, shots.resolve("patient-view-1024-da.png"));
      } finally {
        tablet.quit();
      }
    } finally {
      TestServices.dropDatabase(db, server);
    }
  }

  private static String issueLink(ApiClient nurse, UUID patient) {
    return issue(nurse, patient).getString("link");
  }

  private static JsonObject issue(ApiClient nurse, UUID patient) {
    HttpResponse<String> r =
        nurse.send("POST", "/api/v1/patients/" + patient + "/patient-view/codes", "{}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return new JsonObject(r.body());
  }

  private static void assertNothingRaw(String text, String language) {
    for (String never : NEVER) {
      assertThat(Pattern.compile(never).matcher(text).find())
          .as(language + ": " + never + " in\n" + text)
          .isFalse();
    }
  }

  private static void assertNoWiderThanTheScreen(WebDriver driver) {
    assertThat((Long) js(driver, "return document.documentElement.scrollWidth - window.innerWidth"))
        .isLessThanOrEqualTo(0L);
  }

  private static String text(WebDriver driver, String css) {
    return driver.findElement(By.cssSelector(css)).getText();
  }

  private static String body(WebDriver driver) {
    return driver.findElement(By.tagName("body")).getText();
  }

  private static Object js(WebDriver driver, String script) {
    return ((JavascriptExecutor) driver).executeScript(script);
  }
}

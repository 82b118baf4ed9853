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
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The triage screen on the on-call doctor's phone (390 x 844 CSS pixels, Chromium's device
 * emulation): five patients have a RED alert and the nurse escalated the one the board lists last;
 * the doctor signs in and sees that patient in the first screen height, in a section of its own.
 * Board, patient page and clinic overview are no wider than the screen, and their visible text
 * holds no enum name, UCUM code or word of the other language, in Danish and in English.
 * Screenshots go to hub/target/screenshots/phone-*.png.
 */
class PhoneBoardBrowserTest {

  private static final String CLINIC = "vios";
  private static final int WIDTH = 390;
  private static final int HEIGHT = 844;
  private static final int PATIENTS = 5;

  @Test
  void
      theOnCallDoctorSeesTheEscalatedPatientInTheFirstScreenOfHerPhoneAndEveryScreenSpeaksItsLanguage()
          throws Exception {
    Browsers.Chromium installed = Browsers.chromiumOrSkip();
    String chromium = installed.binary();
    String chromedriver = installed.driver();
    DbUrl server = TestServices.postgres();
    DbUrl db = TestServices.freshDatabase(server, "phone");
    String topicRoot = TestServices.uniqueTopicRoot();
    Path shots = Browsers.screenshots();
    try (TestHub hub =
            TestHub.start(TestHub.settings(db, topicRoot, "hub-phone-" + UUID.randomUUID()));
        Devices devices = new Devices(topicRoot)) {
      List<UUID> patients = new ArrayList<>();
      for (int i = 0; i < PATIENTS; i++) {
        patients.add(hub.provision(CLINIC, "ox-phone-" + i, "COPD"));
      }
      createUser(hub.httpBase(), "nurse@vios.test", "Nurse Nora", "nurse", CLINIC);
      createUser(hub.httpBase(), "doctor@vios.test", "Doctor Dina", "doctor", CLINIC);
      // Every unit and answer kind for the first patient's page: %, /min, °C, points, yes/no, the
      // sputum scale.
      Instant now = Instant.now();
      String first = "ox-phone-0";
      devices.publish(
          devices.readingsTopic(CLINIC, first),
          Devices.spo2("hist-1", now.minus(Duration.ofHours(20)), 95, 72));
      devices.publish(
          devices.readingsTopic(CLINIC, first),
          """
          {"v":1,"msgId":"temp-1","kind":"measurement","measuredAt":"%s",
           "values":[{"code":"temperature","value":37.4,"unit":"Cel"}]}"""
              .formatted(now.minus(Duration.ofHours(10))));
      devices.publish(
          devices.readingsTopic(CLINIC, first),
          """
          {"v":1,"msgId":"q-1","kind":"questionnaire","measuredAt":"%s","answers":{"cat":18,"breathless_more":true,
           "sputum_more":false,"sputum_colour":"green","fever":false}}"""
              .formatted(now.minus(Duration.ofHours(9))));
      // SpO2 87% is RED for a COPD patient, confirmed by a repeat (a CRITICAL alert would page the
      // doctor by itself).
      for (int i = 0; i < patients.size(); i++) {
        devices.publish(
            devices.readingsTopic(CLINIC, "ox-phone-" + i),
            Devices.spo2("red-a-" + i, now.minusSeconds(120), 87, 70));
      }
      assertThat(
              Sql.awaitCount(
                  db,
                  Duration.ofSeconds(30),
                  n -> n == patients.size(),
                  "SELECT count(*) FROM readings WHERE msg_id LIKE 'red-a-%' AND code = 'spo2'"))
          .isEqualTo(patients.size());
      for (int i = 0; i < patients.size(); i++) {
        devices.publish(
            devices.readingsTopic(CLINIC, "ox-phone-" + i),
            Devices.spo2("red-b-" + i, now.minusSeconds(30 - i), 87, 70));
      }
      assertThat(
              Sql.awaitCount(
                  db,
                  Duration.ofSeconds(30),
                  n -> n == patients.size(),
                  "SELECT count(DISTINCT patient_id) FROM alerts WHERE level = 'RED' AND state = 'OPEN'"))
          .isEqualTo(patients.size());

      // The nurse escalates the patient the board lists last, so without its own section it would
      // be far down.
      ApiClient nurse = ApiClient.loggedIn(hub.httpBase(), "nurse@vios.test", Browsers.PASSWORD);
      JsonArray rows = new JsonObject(nurse.get("/api/v1/board").body()).getJsonArray("patients");
      JsonObject last = rows.getJsonObject(rows.size() - 1);
      String escalated = last.getJsonObject("patient").getString("id");
      String alertId = last.getJsonArray("alerts").getJsonObject(0).getString("id");
      HttpResponse<String> r =
          nurse.send(
              "POST", "/api/v1/alerts/" + alertId + "/escalate", "{\"note\":\"Ring venligst\"}");
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);

      WebDriver phone = Browsers.phone(chromium, chromedriver, WIDTH, HEIGHT);
      try {
        Browsers.login(phone, hub.httpBase(), "doctor@vios.test", By.id("escalated"));
        By row = By.cssSelector("#escalated .alert-row[data-patient='" + escalated + "']");
        new WebDriverWait(phone, Duration.ofSeconds(15))
            .until(ExpectedConditions.visibilityOfElementLocated(row));
        assertThat(js(phone, "return innerWidth")).isEqualTo((long) WIDTH);
        // Its name and its reason are on the first screen, without scrolling.
        WebElement reason =
            phone.findElement(
                By.cssSelector(
                    "#escalated .alert-row[data-patient='" + escalated + "'] .reasons li"));
        assertThat(
                (Long)
                    js(
                        phone,
                        "return Math.round(arguments[0].getBoundingClientRect().bottom)",
                        reason))
            .isLessThanOrEqualTo((long) HEIGHT);
        assertThat(phone.findElements(By.cssSelector("#alerts .alert-row")))
            .hasSize(patients.size() - 1);
        assertFitsTheScreen(phone, "board");
        assertTouchTargets(phone);
        screenshot(phone, shots.resolve("phone-board-doctor.png"));

        for (String lang : List.of("da", "en")) {
          boolean da = lang.equals("da");
          phone.get(hub.httpBase() + "/#/board");
          awaitText(phone, "#escalated h2", da ? "Eskaleret" : "Escalated");
          assertOneLanguage(phone, da, "board");
          // The first patient's row draws its worst parameter's last 7 days, said in the screen's
          // language.
          WebElement spark =
              new WebDriverWait(phone, Duration.ofSeconds(15))
                  .until(
                      ExpectedConditions.presenceOfElementLocated(
                          By.cssSelector(
                              ".alert-row[data-patient='"
                                  + patients.get(0)
                                  + "'] svg.sparkline[data-code='spo2']")));
          assertThat(spark.getAttribute("aria-label"))
              .isEqualTo(
                  da
                      ? "SpO2 de seneste 7 dage: 87-95 %, seneste 87 %"
                      : "SpO2 last 7 days: 87-95%, latest 87%");
          assertThat(spark.findElements(By.cssSelector("polyline, circle.last"))).hasSize(2);
          phone.get(hub.httpBase() + "/#/patient/" + patients.get(0));
          // On a phone the table's head is hidden (each message is a block); its words are
          // still the screen's language.
          Browsers.awaitTextContent(phone, "#readings thead", da ? "Måling" : "Measurement");
          new WebDriverWait(phone, Duration.ofSeconds(15))
              .until(
                  ExpectedConditions.presenceOfElementLocated(
                      By.cssSelector(".pchart[data-code='spo2'] .uplot")));
          assertThat(phone.findElement(By.id("readings")).getText())
              .contains(da ? "37,4 °C" : "37.4 °C")
              .contains(da ? "18 point" : "18 points");
          assertFitsTheScreen(phone, "patient page");
          assertOneLanguage(phone, da, "patient page");
          screenshot(phone, shots.resolve("phone-patient-" + lang + ".png"));
          phone.get(hub.httpBase() + "/#/overview");
          awaitText(phone, "#overview h2", da ? "Klinikoverblik" : "Clinic overview");
          assertFitsTheScreen(phone, "overview");
          assertOneLanguage(phone, da, "overview");
          screenshot(phone, shots.resolve("phone-overview-" + lang + ".png"));
          if (da) {
            phone.findElement(By.id("lang")).click();
            new WebDriverWait(phone, Duration.ofSeconds(5))
                .until(d -> "en".equals(js(d, "return document.documentElement.lang")));
          }
        }
      } finally {
        phone.quit();
      }
    } finally {
      TestServices.dropDatabase(db, server);
    }
  }

  private static Object js(WebDriver driver, String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  /**
   * Waits until the view has been drawn again with the expected words (a live repaint replaces
   * elements).
   */
  private static void awaitText(WebDriver driver, String css, String text) {
    new WebDriverWait(driver, Duration.ofSeconds(15))
        .until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(css), text));
  }

  private static void assertFitsTheScreen(WebDriver driver, String page) {
    assertThat((Long) js(driver, "return document.documentElement.scrollWidth"))
        .as(page + " is no wider than the screen")
        .isLessThanOrEqualTo((Long) js(driver, "return innerWidth"));
  }

  /**
   * Every visible button and link in the board's rows is at least 44 px high (a finger, not a mouse
   * pointer).
   */
  private static void assertTouchTargets(WebDriver driver) {
    Object small =
        js(
            driver,
            """
        return [...document.querySelectorAll('.alert-row button, header button:not([hidden]), header a')]
          .filter(e => e.offsetParent !== null && e.getBoundingClientRect().height < 44).map(e => e.textContent)""");
    assertThat((List<?>) small).as("touch targets under 44 px").isEmpty();
  }

  private static void assertOneLanguage(WebDriver driver, boolean danish, String page) {
    ScreenText.assertSpeaks(driver, danish, page);
  }
}

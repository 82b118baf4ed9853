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
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A nurse walks the staff screens (board, patient page, clinic overview, patient list) in Danish
 * and in English, at 1400 x 1000 and on a 390 x 844 phone, with a clinic's realistic data sent over
 * MQTT: three patients (COPD, heart failure, pulmonary fibrosis) in two municipalities, one living
 * alone who rarely measures, a RED alert resolved with a hospital admission and one still open. No
 * screen shows an enum name, UCUM code, field name, null, e-mail address or id; the readings table
 * has one row per message with the message's own level (a normal temperature sent alone is not
 * RED); the overview starts with its title, then the equality panel, which says that groups of a
 * few days' patients are too few to compare, and warns beside the per-patient-year figures; an
 * error from the API reads in the screen's language. Screenshots:
 * hub/target/screenshots/words-*.png.
 */
class StaffScreensSpeakTheirLanguageBrowserTest {

  private static final String CLINIC = "vios";

  @Test
  void everyStaffScreenSpeaksDanishOrEnglishAndShowsEachMessageOnceWithItsOwnLevel()
      throws Exception {
    Browsers.Chromium installed = Browsers.chromiumOrSkip();
    String chromium = installed.binary();
    String chromedriver = installed.driver();
    DbUrl server = TestServices.postgres();
    DbUrl db = TestServices.freshDatabase(server, "words");
    String topicRoot = TestServices.uniqueTopicRoot();
    Path shots = Browsers.screenshots();
    try (TestHub hub =
            TestHub.start(TestHub.settings(db, topicRoot, "hub-words-" + UUID.randomUUID()));
        Devices devices = new Devices(topicRoot)) {
      UUID karen = hub.provision(CLINIC, "ox-w-karen", "COPD");
      UUID ole = hub.provision(CLINIC, "ox-w-ole", "HEART_FAILURE");
      UUID birthe = hub.provision(CLINIC, "ox-w-birthe", "FIBROSIS");
      Sql.exec(db, "UPDATE patients SET display_name = 'Karen Hansen' WHERE id = ?", karen);
      Sql.exec(db, "UPDATE patients SET display_name = 'Ole Olsen' WHERE id = ?", ole);
      Sql.exec(db, "UPDATE patients SET display_name = 'Birthe Madsen' WHERE id = ?", birthe);
      for (UUID p : List.of(karen, ole)) {
        // Enrolled three days ago, when their schedules began: slots before enrolment are not due.
        Sql.exec(db, "UPDATE patients SET enrolled_at = current_date - 3 WHERE id = ?", p);
        Sql.exec(
            db,
            "INSERT INTO patient_schedules (patient_id, code, start_date, phases, created_by) VALUES "
                + "(?, 'spo2', current_date - 3, 'TWICE_DAILY:0-14,TWICE_WEEKLY:14-', 'test')",
            p);
      }
      createUser(hub.httpBase(), "nurse@words.test", "Nurse Nora", "nurse", CLINIC);
      ApiClient nurse = ApiClient.loggedIn(hub.httpBase(), "nurse@words.test", Browsers.PASSWORD);
      care(nurse, karen, "Odense", true, false, 2, 9);
      care(nurse, ole, "Aarhus", false, false, 1, 4);
      care(nurse, birthe, "Odense", true, true, 0, 0);

      Instant now = Instant.now();
      // Ole measures every four hours (every slot met); Karen once in three days.
      for (int i = 1; i <= 18; i++) {
        devices.publish(
            devices.readingsTopic(CLINIC, "ox-w-ole"),
            Devices.spo2("ole-" + i, now.minus(Duration.ofHours(4L * i)), 96, 68));
      }
      String karens = devices.readingsTopic(CLINIC, "ox-w-karen");
      devices.publish(karens, Devices.spo2("k-1", now.minus(Duration.ofHours(40)), 94, 74));
      // A normal temperature sent on its own, and a questionnaire.
      devices.publish(
          karens,
          """
          {"v":1,"msgId":"k-temp","kind":"measurement","measuredAt":"%s",
           "values":[{"code":"temperature","value":37.1,"unit":"Cel"}]}"""
              .formatted(now.minus(Duration.ofHours(3))));
      devices.publish(
          karens,
          """
          {"v":1,"msgId":"k-q","kind":"questionnaire","measuredAt":"%s","answers":{"cat":21,"breathless_more":true,
           "sputum_more":false,"sputum_colour":"yellow","fever":false}}"""
              .formatted(now.minus(Duration.ofHours(2))));
      // SpO2 87 % twice (RED for COPD, confirmed by the repeat); the nurse resolves it with an
      // admission.
      devices.publish(karens, Devices.spo2("k-red-a", now.minusSeconds(3600), 87, 72));
      Sql.awaitCount(
          db,
          Duration.ofSeconds(30),
          n -> n == 1,
          "SELECT count(*) FROM readings WHERE msg_id = 'k-red-a' AND code = 'spo2'");
      devices.publish(karens, Devices.spo2("k-red-b", now.minusSeconds(3000), 87, 72));
      String karensAlert = awaitOpenAlert(nurse, karen);
      HttpResponse<String> acked =
          nurse.send("POST", "/api/v1/alerts/" + karensAlert + "/acknowledge", "{}");
      assertThat(acked.statusCode()).as(acked.body()).isBetween(200, 299);
      HttpResponse<String> resolved =
          nurse.send(
              "POST",
              "/api/v1/alerts/" + karensAlert + "/resolve",
              "{\"outcome\":\"HOSPITAL_ADMISSION\",\"note\":\"Indlagt på OUH\"}");
      assertThat(resolved.statusCode()).as(resolved.body()).isBetween(200, 299);
      // Birthe's RED alert stays open for the board.
      String birthes = devices.readingsTopic(CLINIC, "ox-w-birthe");
      devices.publish(birthes, Devices.spo2("b-red-a", now.minusSeconds(600), 86, 90));
      Sql.awaitCount(
          db,
          Duration.ofSeconds(30),
          n -> n == 1,
          "SELECT count(*) FROM readings WHERE msg_id = 'b-red-a' AND code = 'spo2'");
      devices.publish(birthes, Devices.spo2("b-red-b", now.minusSeconds(300), 86, 90));
      awaitOpenAlert(nurse, birthe);
      assertThat(
              Sql.awaitCount(
                  db,
                  Duration.ofSeconds(30),
                  n -> n == 18,
                  "SELECT count(DISTINCT msg_id) FROM readings WHERE patient_id = ?",
                  ole))
          .isEqualTo(18);

      for (boolean phone : new boolean[] {false, true}) {
        String size = phone ? "390" : "1400";
        WebDriver browser =
            phone
                ? Browsers.phone(chromium, chromedriver, 390, 844)
                : Browsers.desktop(chromium, chromedriver, 1400, 1000);
        try {
          Browsers.login(browser, hub.httpBase(), "nurse@words.test", By.cssSelector(".alert-row"));
          for (String lang : List.of("da", "en")) {
            boolean da = lang.equals("da");
            if (!da) {
              browser.findElement(By.id("lang")).click();
              new WebDriverWait(browser, Duration.ofSeconds(5))
                  .until(d -> "en".equals(js(d, "return document.documentElement.lang")));
            }
            browser.get(hub.httpBase() + "/#/board");
            awaitText(browser, "#view", "Birthe Madsen");
            check(browser, da, "board " + size);

            browser.get(hub.httpBase() + "/#/patient/" + karen);
            Browsers.awaitTextContent(
                browser, "#readings thead", da ? "Forklaring" : "Explanation");
            awaitText(browser, "#history", da ? "Indlæggelse" : "Hospital admission");
            assertReadingsOnePerMessage(browser, da);
            // The history lines (who did what) are checked opened.
            js(
                browser,
                "document.querySelectorAll('#history details').forEach(d => d.open = true)");
            assertThat(browser.findElement(By.id("history")).getText())
                .contains("Nurse Nora")
                .contains(da ? "kvitteret af Nurse Nora" : "acknowledged by Nurse Nora");
            check(browser, da, "patient page " + size);
            screenshot(browser, shots.resolve("words-patient-" + lang + "-" + size + ".png"));
            js(browser, "document.getElementById('readings').scrollIntoView()");
            screenshot(browser, shots.resolve("words-readings-" + lang + "-" + size + ".png"));

            browser.get(hub.httpBase() + "/#/overview");
            awaitText(browser, "#overview h2", da ? "Klinikoverblik" : "Clinic overview");
            assertTitleThenEquality(browser, da);
            check(browser, da, "overview " + size);
            screenshot(browser, shots.resolve("words-overview-" + lang + "-" + size + ".png"));

            browser.get(hub.httpBase() + "/#/patients");
            awaitText(browser, "#view", "Ole Olsen");
            check(browser, da, "patient list " + size);

            // An error from the API reads in the screen's language (an unknown patient).
            browser.get(hub.httpBase() + "/#/patient/" + UUID.randomUUID());
            new WebDriverWait(browser, Duration.ofSeconds(15))
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("view-error")));
            String error = browser.findElement(By.id("view-error")).getText();
            List<String> sentences =
                da
                    ? List.of("Findes ikke (eller er fjernet)", "Du har ikke adgang til dette")
                    : List.of("Not found (or removed)", "You do not have access to this");
            // The Danish screen says the sentence only; the English one may add the API's reason.
            assertThat(
                    da ? sentences.contains(error) : sentences.stream().anyMatch(error::startsWith))
                .as("error shown: %s", error)
                .isTrue();
            check(browser, da, "error " + size);
          }
        } finally {
          browser.quit();
        }
      }
    } finally {
      TestServices.dropDatabase(db, server);
    }
  }

  private static void care(
      ApiClient nurse,
      UUID patient,
      String municipality,
      boolean livesAlone,
      boolean needsTabletHelp,
      int acuteBefore,
      int bedDaysBefore) {
    JsonObject body =
        new JsonObject()
            .put("municipality", municipality)
            .put("noOwnGp", false)
            .put("livesAlone", livesAlone)
            .put("needsTabletHelp", needsTabletHelp)
            .put("acuteContactsYearBefore", acuteBefore)
            .put("bedDaysYearBefore", bedDaysBefore);
    HttpResponse<String> r =
        nurse.send("PUT", "/api/v1/patients/" + patient + "/care", body.encode());
    assertThat(r.statusCode()).as(r.body()).isBetween(200, 299);
  }

  private static String awaitOpenAlert(ApiClient nurse, UUID patient) {
    long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < until) {
      JsonArray alerts =
          new JsonObject(nurse.get("/api/v1/patients/" + patient + "/alerts").body())
              .getJsonArray("alerts");
      for (int i = 0; i < alerts.size(); i++) {
        JsonObject a = alerts.getJsonObject(i);
        if (!"RESOLVED".equals(a.getString("state"))) {
          return a.getString("id");
        }
      }
      Sql.sleep(200);
    }
    throw new AssertionError("no open alert for " + patient);
  }

  /**
   * One row per message: the RED SpO2 message shows SpO2 and pulse together with its explanation
   * once; the temperature sent alone keeps its own (green) level.
   */
  private static void assertReadingsOnePerMessage(WebDriver browser, boolean da) {
    @SuppressWarnings("unchecked")
    List<Object> rows =
        (List<Object>)
            js(
                browser,
                """
                return [...document.querySelectorAll('#readings tbody tr')].map(tr => ({
                  codes: [...tr.querySelectorAll('[data-code]')].map(e => e.dataset.code).join(','),
                  level: tr.dataset.level || '',
                  explanations: [...tr.cells[3].querySelectorAll('div')].map(d => d.textContent),
                  text: tr.innerText }))""");
    assertThat(rows).as("Karen's five messages").hasSize(5);
    var temperature =
        rows.stream()
            .map(r -> (Map<?, ?>) r)
            .filter(r -> "temperature".equals(r.get("codes")))
            .toList();
    assertThat(temperature).hasSize(1);
    assertThat(temperature.get(0).get("level"))
        .as("a normal temperature sent alone")
        .isIn("GREEN", "");
    assertThat((String) temperature.get(0).get("text")).contains(da ? "37,1 °C" : "37.1 °C");
    var oximeter =
        rows.stream()
            .map(r -> (Map<?, ?>) r)
            .filter(r -> "pulse,spo2".equals(r.get("codes")))
            .toList();
    assertThat(oximeter).as("three oximeter messages, SpO2 and pulse in one row each").hasSize(3);
    assertThat(oximeter.stream().filter(r -> "RED".equals(r.get("level"))))
        .as("SpO2 87 %% is RED")
        .isNotEmpty();
    for (var r : oximeter) {
      @SuppressWarnings("unchecked")
      List<Object> explanations = (List<Object>) r.get("explanations");
      // The message's explanation, said once (not once per value).
      assertThat(explanations).as("%s", r.get("text")).doesNotHaveDuplicates();
      if ("RED".equals(r.get("level"))) {
        // Danish writes "87 %", English "87%".
        assertThat((String) r.get("text")).contains(da ? "87 %" : "87%").contains("72 /min");
        assertThat(explanations).isNotEmpty();
      }
    }
  }

  /**
   * The overview starts with its title, then the equality panel; three patients of three days are
   * too few to compare groups of, and the headline says so instead of naming a gap.
   */
  @SuppressWarnings("unchecked")
  private static void assertTitleThenEquality(WebDriver browser, boolean da) {
    assertThat(
            (List<Object>)
                js(
                    browser,
                    "return [...document.querySelectorAll('#view > section')].map(s => s.id)"))
        .startsWith("overview", "equality");
    String headline = browser.findElement(By.id("equality-largest")).getText();
    assertThat(headline)
        .startsWith(
            da
                ? "For få patienter til at sammenligne grupperne endnu"
                : "Too few patients to compare the groups yet");
    assertThat(browser.findElements(By.cssSelector("#equality .equality-factor[data-factor]")))
        .hasSize(4);
    // The municipalities' table (a clinic has many) takes the panel's whole width, not a third.
    Number municipality =
        (Number)
            js(
                browser,
                "return document.querySelector(\".equality-factor[data-factor='municipality']\")"
                    + ".getBoundingClientRect().width"
                    + " / document.querySelector('.equality-grid').getBoundingClientRect().width");
    assertThat(municipality.doubleValue()).isGreaterThan(0.95);
    // Rates per patient-year carry their denominator, and the warning beside them.
    String acute = browser.findElement(By.cssSelector(".kpi[data-kpi='acute']")).getText();
    assertThat(acute)
        .contains(da ? "patientår" : "patient-years")
        .contains(da ? "patienter" : "patients");
    assertThat(acute).contains(da ? "for få til at sammenligne" : "too few to compare");
  }

  private static Object js(WebDriver driver, String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  private static void awaitText(WebDriver driver, String css, String text) {
    new WebDriverWait(driver, Duration.ofSeconds(15))
        .until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(css), text));
  }

  private static void check(WebDriver driver, boolean da, String page) {
    assertThat((Long) js(driver, "return document.documentElement.scrollWidth"))
        .as(page + " is no wider than the screen")
        .isLessThanOrEqualTo((Long) js(driver, "return innerWidth"));
    ScreenText.assertSpeaks(driver, da, page);
  }
}

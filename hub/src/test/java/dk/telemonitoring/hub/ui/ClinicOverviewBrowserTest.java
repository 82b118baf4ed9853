package dk.telemonitoring.hub.ui;

import static dk.telemonitoring.hub.ui.Browsers.createUser;
import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.hub.support.Sql;
import dk.telemonitoring.hub.support.TestHub;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The clinic overview read by a nurse at 1400 x 1000 and a doctor on a 390 x 844 phone, on two
 * clinics built in the database. An established one: eleven patients enrolled four months ago with
 * a daily SpO2 schedule, five living alone who measure every other day, five who measure every day,
 * and one in another municipality without an own GP who never measures (a group of one patient,
 * under one patient-year in the 90 days), with two RED alerts opened today that nobody has answered
 * yet. A new one: two patients enrolled ten days ago, one measuring daily, one never. The page
 * starts with its title and shows each group's figures once; a median without data says so in
 * words; the equality headline compares only groups with enough patient-years (the rows' own
 * threshold) and says plainly when no two groups have them; the warnings wrap inside the phone.
 * Screenshots: hub/target/screenshots/overview-*.png.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClinicOverviewBrowserTest {

  private static final String ESTABLISHED = "ovb";
  private static final String NEW = "ovb-new";
  private static final ZoneId ZONE = ZoneId.of("Europe/Copenhagen");

  TestHub hub;
  Browsers.Chromium chromium;
  Path shots;

  @BeforeAll
  void buildTwoClinics() throws Exception {
    chromium = Browsers.chromiumOrSkip();
    shots = Browsers.screenshots();
    hub = TestHub.inFreshDatabase("clinicoverview");
    Sql.exec(
        hub.db(),
        "INSERT INTO clinics (id, name, timezone) VALUES (?, 'Klinik Fyn', 'Europe/Copenhagen'),"
            + " (?, 'Klinik Nord', 'Europe/Copenhagen')",
        ESTABLISHED,
        NEW);
    UUID daily = null;
    for (int i = 0; i < 5; i++) {
      patient(ESTABLISHED, 120, "Odense", true, false, 2);
      daily = patient(ESTABLISHED, 120, "Odense", false, false, 1);
    }
    UUID aarhus = patient(ESTABLISHED, 120, "Aarhus", false, true, 0);
    // Two RED alerts opened today (the clinic's day), neither answered: no median response time.
    Instant now = Instant.now();
    Instant midnight = LocalDate.now(ZONE).atStartOfDay(ZONE).toInstant();
    Instant opened = midnight.plus(Duration.between(midnight, now).dividedBy(2));
    for (UUID patient : List.of(daily, aarhus)) {
      Sql.exec(
          hub.db(),
          """
          INSERT INTO alerts (id, clinic_id, patient_id, rule_id, kind, level, level_rank, state, explanation,
                              first_measured_at, last_measured_at, opened_at, response_deadline, updated_at)
          VALUES (?, ?, ?, ?, 'READING', 'RED', 2, 'OPEN', 'constructed', ?, ?, ?, ?, now())""",
          UUID.randomUUID(),
          ESTABLISHED,
          patient,
          "spo2.limit",
          opened.atOffset(ZoneOffset.UTC),
          opened.atOffset(ZoneOffset.UTC),
          opened.atOffset(ZoneOffset.UTC),
          opened.plus(Duration.ofHours(1)).atOffset(ZoneOffset.UTC));
    }
    patient(NEW, 10, "Svendborg", true, false, 0);
    patient(NEW, 10, "Svendborg", false, false, 1);
    createUser(hub.httpBase(), "nurse@ovb.test", "Sygeplejerske Sofie", "nurse", ESTABLISHED);
    createUser(hub.httpBase(), "doctor@ovb.test", "Doktor Dorte", "doctor", ESTABLISHED);
    createUser(hub.httpBase(), "nurse@ovb-new.test", "Sygeplejerske Nanna", "nurse", NEW);
    createUser(hub.httpBase(), "doctor@ovb-new.test", "Doktor Dan", "doctor", NEW);
  }

  @AfterAll
  void close() {
    if (hub != null) {
      hub.close();
    }
  }

  @Test
  void thePageStartsWithItsTitleAndShowsEachGroupsFiguresOnce() throws Exception {
    WebDriver browser = desktop("nurse@ovb.test");
    try {
      overview(browser, true);
      assertThat(js(browser, "return document.querySelector('#view h2').textContent"))
          .as("the page's first heading")
          .asString()
          .startsWith("Klinikoverblik · Klinik Fyn");
      JsonObject o = api(browser);
      int groups = o.getJsonArray("byMunicipality").size();
      for (String factor : o.getJsonObject("byEquality").fieldNames()) {
        groups += o.getJsonObject("byEquality").getJsonArray(factor).size();
      }
      assertThat(js(browser, "return document.querySelectorAll('#view tr[data-group]').length"))
          .as("one row per group the API sends (municipalities and equality factors)")
          .isEqualTo((long) groups);
      Browsers.fullPageScreenshot(browser, shots.resolve("overview-established-da-1400.png"));
    } finally {
      browser.quit();
    }
  }

  @Test
  void aMedianWithoutDataSaysSoInTheScreensLanguage() throws Exception {
    WebDriver browser = desktop("nurse@ovb.test");
    try {
      for (boolean da : new boolean[] {true, false}) {
        overview(browser, da);
        assertThat(browser.findElement(By.cssSelector("#response-today tr[data-level]")).getText())
            .as("today's RED alerts, none answered yet")
            .contains(da ? "RØD" : "RED")
            .contains(da ? "ingen data" : "no data");
        String page = (String) js(browser, "return document.body.innerText");
        assertThat(page).doesNotContainPattern("–\\s*min").doesNotContainPattern("median\\s*–");
      }
    } finally {
      browser.quit();
    }
  }

  @Test
  void theEqualityHeadlineComparesOnlyGroupsWithEnoughPatientYears() throws Exception {
    WebDriver browser = desktop("nurse@ovb.test");
    try {
      overview(browser, true);
      // Aarhus and "no own GP" are one patient each, never measuring: the widest gaps, but a
      // group of one says nothing yet. Living alone or not are five and six patients.
      assertThat(browser.findElement(By.id("equality-largest")).getDomAttribute("data-factor"))
          .isEqualTo("livesAlone");
      assertThat(browser.findElement(By.id("equality-largest")).getText())
          .startsWith("Største forskel i måleadhærens")
          .contains("Bor alene: ja (5 patienter)")
          .contains("Bor alene: nej (6 patienter)");
      List<?> compared =
          (List<?>)
              js(
                  browser,
                  "return [...document.querySelectorAll('#equality tr.gap-low, #equality tr.gap-high')]"
                      + ".map((tr) => tr.innerText)");
      assertThat(compared).hasSize(2);
      assertThat(compared)
          .as("neither compared group says it has too few patient-years")
          .noneMatch(row -> row.toString().contains("for få"));
    } finally {
      browser.quit();
    }
  }

  @Test
  void theEqualityHeadlineSaysSoWhenNoTwoGroupsHaveEnoughData() throws Exception {
    WebDriver browser = desktop("nurse@ovb-new.test");
    try {
      for (boolean da : new boolean[] {true, false}) {
        overview(browser, da);
        String headline = browser.findElement(By.id("equality-largest")).getText();
        assertThat(headline)
            .startsWith(
                da
                    ? "For få patienter til at sammenligne grupperne endnu"
                    : "Too few patients to compare the groups yet");
        assertThat(
                browser.findElements(By.cssSelector("#equality tr.gap-low, #equality tr.gap-high")))
            .isEmpty();
        // No alert answered yet, none today: the cards say so rather than stand blank.
        assertThat(browser.findElement(By.id("outcomes")).getText())
            .endsWith(da ? "Ingen" : "None");
        assertThat(browser.findElement(By.id("response-today")).getText())
            .endsWith(da ? "Ingen" : "None");
        ScreenText.assertSpeaks(browser, da, "new clinic's overview");
        Browsers.fullPageScreenshot(
            browser, shots.resolve("overview-new-" + (da ? "da" : "en") + "-1400.png"));
      }
    } finally {
      browser.quit();
    }
  }

  @Test
  void onAPhoneTheWarningsWrapInsideTheScreen() throws Exception {
    for (String clinic : List.of(NEW, ESTABLISHED)) {
      WebDriver phone = Browsers.phone(chromium.binary(), chromium.driver(), 390, 844);
      try {
        Browsers.login(phone, hub.httpBase(), "doctor@" + clinic + ".test", By.id("view"));
        for (boolean da : new boolean[] {true, false}) {
          overview(phone, da);
          String page = clinic + " overview 390 " + (da ? "da" : "en");
          Long warnings =
              (Long)
                  js(
                      phone,
                      "return document.querySelectorAll('#view .warn-note, #view .status-warning').length");
          if (clinic.equals(NEW)) {
            assertThat(warnings).as("%s: warnings shown", page).isPositive();
          }
          // A warning is whole when it lies inside the screen and its text does not run past its
          // own box (a table cell scrolled sideways, or a word cut).
          List<?> cut =
              (List<?>)
                  js(
                      phone,
                      """
                      const limit = document.documentElement.clientWidth + 1;
                      return [...document.querySelectorAll('#view .warn-note, #view .status-warning, #equality-largest')]
                        .filter((el) => {
                          const r = el.getBoundingClientRect();
                          return r.left < -1 || r.right > limit || el.scrollWidth > el.clientWidth + 1;
                        })
                        .map((el) => el.textContent.trim() + ' at ' + Math.round(el.getBoundingClientRect().left)
                          + '-' + Math.round(el.getBoundingClientRect().right));""");
          assertThat(cut).as("%s: warnings cut off", page).isEmpty();
          // "Before and after enrolment" and today's response times read as blocks too: no figure
          // in a column scrolled away.
          List<?> hidden =
              (List<?>)
                  js(
                      phone,
                      """
                      const limit = document.documentElement.clientWidth + 1;
                      return [...document.querySelectorAll('#before-after td, #response-today td')]
                        .filter((td) => td.getBoundingClientRect().right > limit)
                        .map((td) => td.dataset.col);""");
          assertThat(hidden).as("%s: before-and-after figures off the screen", page).isEmpty();
          Browsers.assertFitsTheWidth(phone, page);
          ScreenText.assertSpeaks(phone, da, page);
          Browsers.fullPageScreenshot(
              phone,
              shots.resolve(
                  "overview-"
                      + (clinic.equals(NEW) ? "new" : "established")
                      + "-"
                      + (da ? "da" : "en")
                      + "-390.png"));
        }
      } finally {
        phone.quit();
      }
    }
  }

  private WebDriver desktop(String email) throws Exception {
    WebDriver browser = Browsers.desktop(chromium.binary(), chromium.driver(), 1400, 1000);
    Browsers.login(browser, hub.httpBase(), email, By.id("view"));
    return browser;
  }

  /** Opens the overview in Danish or English and waits for its figures. */
  private void overview(WebDriver browser, boolean da) {
    String lang = da ? "da" : "en";
    if (!lang.equals(js(browser, "return document.documentElement.lang"))) {
      browser.findElement(By.id("lang")).click();
      new WebDriverWait(browser, Duration.ofSeconds(5))
          .until(d -> lang.equals(js(d, "return document.documentElement.lang")));
    }
    browser.get(hub.httpBase() + "/#/overview");
    new WebDriverWait(browser, Duration.ofSeconds(15))
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("#overview h2"), da ? "Klinikoverblik" : "Clinic overview"));
    new WebDriverWait(browser, Duration.ofSeconds(15))
        .until(ExpectedConditions.presenceOfElementLocated(By.id("equality-largest")));
  }

  /** The overview as the API gives it to the signed-in person. */
  private static JsonObject api(WebDriver browser) {
    return new JsonObject(
        (String)
            ((JavascriptExecutor) browser)
                .executeAsyncScript(
                    "const done = arguments[arguments.length - 1];"
                        + "fetch('/api/v1/overview?days=90').then(r => r.text()).then(done, e => done(String(e)));"));
  }

  /**
   * A patient enrolled {@code daysAgo} with a daily SpO2 schedule from then, the care facts given,
   * and an SpO2 reading at 08:00 every {@code everyDays} days (0: never).
   */
  private UUID patient(
      String clinic,
      int daysAgo,
      String municipality,
      boolean livesAlone,
      boolean noOwnGp,
      int everyDays) {
    UUID id = UUID.randomUUID();
    Sql.exec(
        hub.db(),
        "INSERT INTO patients (id, clinic_id, display_name, condition, language, enrolled_at)"
            + " VALUES (?, ?, ?, 'COPD', 'da', now() - make_interval(days => ?))",
        id,
        clinic,
        "Patient " + id.toString().substring(0, 4),
        daysAgo);
    Sql.exec(
        hub.db(),
        "INSERT INTO patient_care (patient_id, municipality, lives_alone, no_own_gp, updated_by)"
            + " VALUES (?, ?, ?, ?, 'test')",
        id,
        municipality,
        livesAlone,
        noOwnGp);
    Sql.exec(
        hub.db(),
        "INSERT INTO patient_schedules (patient_id, code, start_date, phases, created_by)"
            + " VALUES (?, 'spo2', current_date - ?, 'DAILY:0-', 'test')",
        id,
        daysAgo);
    if (everyDays > 0) {
      Sql.exec(
          hub.db(),
          """
          INSERT INTO readings (measured_at, device_id, msg_id, code, patient_id, clinic_id, value, unit, received_at)
          SELECT (d::date + time '08:00') AT TIME ZONE 'Europe/Copenhagen', 'ox-ovb', 'm-' || ? || '-' || d::date,
                 'spo2', ?, ?, 95, '%', now()
          FROM generate_series(current_date - ?, current_date - 1, make_interval(days => ?)) d""",
          id.toString(),
          id,
          clinic,
          daysAgo - 1,
          everyDays);
    }
    return id;
  }

  private static Object js(WebDriver driver, String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }
}

package dk.telemonitoring.hub.ui;

import static dk.telemonitoring.hub.ui.Browsers.createUser;
import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.hub.api.ApiClient;
import dk.telemonitoring.hub.support.Devices;
import dk.telemonitoring.hub.support.Sql;
import dk.telemonitoring.hub.support.TestHub;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The staff patient page's readings and questionnaire, as a nurse reads them at 1400 px (Danish)
 * and a doctor on a 390 x 844 phone (English), from messages published over MQTT: an SpO2 of 90 %
 * with its pulse, and two minutes later a normal temperature sent on its own. NEWS2 scores the
 * whole observation set, so the temperature's message is RED by the SpO2's 3 points; its row says
 * that the score took the SpO2 and pulse measured at that time, so it does not read as if the
 * temperature was abnormal. FEV1/FVC reads as a whole percent, as spirometry reports print it; the
 * questionnaire's columns all lie inside its card. Screenshots: hub/target/screenshots/
 * patient-readings-*.png.
 */
class PatientReadingsBrowserTest {

  private static final String CLINIC = "pr";
  private static final ZoneId CPH = ZoneId.of("Europe/Copenhagen");

  @Test
  void aTemperatureRedByTheNews2SetSaysWhichValuesMadeItAndTheTablesFit() throws Exception {
    Browsers.Chromium installed = Browsers.chromiumOrSkip();
    Path shots = Browsers.screenshots();
    try (TestHub hub = TestHub.inFreshDatabase("patientreadings");
        Devices devices = new Devices(hub.topicRoot())) {
      UUID karen = hub.provision(CLINIC, "ox-pr-1", "COPD");
      Sql.exec(hub.db(), "UPDATE patients SET display_name = 'Karen Kol' WHERE id = ?", karen);
      String topic = devices.readingsTopic(CLINIC, "ox-pr-1");
      Instant oximetry = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MINUTES);
      devices.publish(topic, Devices.spo2("pr-ox", oximetry, 90, 80));
      awaitTriaged(hub, "pr-ox");
      // A spirometry in the same quarter of an hour is in the set, but NEWS2 does not score it.
      devices.publish(
          topic,
          """
          {"v":1,"msgId":"pr-spiro-near","kind":"spirometry","measuredAt":"%s",
           "units":{"fev1":"L","fvc":"L","fev6":"L","pef":"L/min"},
           "blows":[{"fev1":1.52,"fvc":2.61,"fev6":2.40,"pef":312},
                    {"fev1":1.48,"fvc":2.55,"fev6":2.35,"pef":305},
                    {"fev1":1.55,"fvc":2.66,"fev6":2.44,"pef":318}]}"""
              .formatted(oximetry.plus(Duration.ofMinutes(1))));
      awaitTriaged(hub, "pr-spiro-near");
      // The temperature is judged with the SpO2 already stored: one observation set.
      devices.publish(
          topic,
          """
          {"v":1,"msgId":"pr-temp","kind":"measurement","measuredAt":"%s",
           "values":[{"code":"temperature","value":36.8,"unit":"Cel"}]}"""
              .formatted(oximetry.plus(Duration.ofMinutes(2))));
      awaitTriaged(hub, "pr-temp");
      // Best FEV1 1.55 L of best FVC 2.66 L: 58.27 %.
      devices.publish(
          topic,
          """
          {"v":1,"msgId":"pr-spiro","kind":"spirometry","measuredAt":"%s",
           "units":{"fev1":"L","fvc":"L","fev6":"L","pef":"L/min"},
           "blows":[{"fev1":1.52,"fvc":2.61,"fev6":2.40,"pef":312},
                    {"fev1":1.48,"fvc":2.55,"fev6":2.35,"pef":305},
                    {"fev1":1.55,"fvc":2.66,"fev6":2.44,"pef":318}]}"""
              .formatted(oximetry.minus(Duration.ofHours(3))));
      for (int i = 0; i < 3; i++) {
        devices.publish(
            topic,
            """
            {"v":1,"msgId":"pr-q-%d","kind":"questionnaire","measuredAt":"%s","answers":{"cat":%d,
             "breathless_more":true,"sputum_more":false,"sputum_colour":"yellow","fever":false}}"""
                .formatted(i, oximetry.minus(Duration.ofHours(24L * (i + 1))), 18 + i));
      }
      Sql.awaitCount(
          hub.db(),
          Duration.ofSeconds(30),
          n -> n == 3,
          "SELECT count(DISTINCT msg_id) FROM readings WHERE msg_id LIKE 'pr-q-%'");
      Sql.awaitCount(
          hub.db(),
          Duration.ofSeconds(30),
          n -> n == 1,
          "SELECT count(*) FROM readings WHERE msg_id = 'pr-spiro' AND code = 'fev1_fvc'");
      createUser(hub.httpBase(), "nurse@pr.test", "Sygeplejerske Sand", "nurse", CLINIC);
      createUser(hub.httpBase(), "doctor@pr.test", "Doktor Dahl", "doctor", CLINIC);

      assertApiNamesTheValuesTheTemperatureWasScoredWith(hub, karen, oximetry);
      // A NEWS2 finding stored before its inputs held only the scored values still names only
      // those.
      assertThat(
              Sql.exec(
                  hub.db(),
                  "UPDATE triage_results SET inputs = inputs || '{\"fev1\": 1.55, \"fvc\": 2.66}'"
                      + " WHERE msg_id = 'pr-temp' AND rule_id = 'news2.aggregate'"))
          .isEqualTo(1);
      assertApiNamesTheValuesTheTemperatureWasScoredWith(hub, karen, oximetry);

      WebDriver nurse = Browsers.desktop(installed.binary(), installed.driver(), 1400, 1000);
      try {
        inCopenhagen(nurse);
        Browsers.login(nurse, hub.httpBase(), "nurse@pr.test", By.id("alerts"));
        nurse.get(hub.httpBase() + "/#/patient/" + karen);
        awaitReadings(nurse);
        Browsers.fullPageScreenshot(nurse, shots.resolve("patient-readings-1400-da.png"));
        assertTemperatureNamesTheSpo2ItWasScoredWith(
            nurse, "90 %", "målt kl. " + clock(oximetry, "HH.mm"));
        assertThat(row(nurse, "fev1_fvc").getText()).contains("FEV1/FVC: 58 %");
        assertQuestionnaireFits(nurse, "Spørgeskema");
        Browsers.assertFitsTheWidth(nurse, "patient page at 1400 px");
      } finally {
        nurse.quit();
      }

      WebDriver phone = Browsers.phone(installed.binary(), installed.driver(), 390, 844);
      try {
        inCopenhagen(phone);
        Browsers.login(phone, hub.httpBase(), "doctor@pr.test", By.id("escalated"));
        phone.findElement(By.id("lang")).click();
        phone.get(hub.httpBase() + "/#/patient/" + karen);
        awaitReadings(phone);
        Browsers.awaitTextContent(phone, "#readings thead", "Explanation");
        Browsers.fullPageScreenshot(phone, shots.resolve("patient-readings-390-en.png"));
        assertTemperatureNamesTheSpo2ItWasScoredWith(
            phone, "90%", "measured at " + clock(oximetry, "HH:mm"));
        assertThat(row(phone, "fev1_fvc").getText()).contains("FEV1/FVC: 58%");
        assertQuestionnaireFits(phone, "Questionnaire");
        Browsers.assertFitsTheWidth(phone, "patient page at 390 px");
        ScreenText.assertSpeaks(phone, false, "patient page at 390 px");
      } finally {
        phone.quit();
      }
    }
  }

  /**
   * The temperature's row keeps its message's RED (the NEWS2 rule's level) and says it is the score
   * of the set with the SpO2 of the other message, naming its value and time; the SpO2's own row,
   * whose score took nothing from another message, says no such thing.
   */
  private static void assertTemperatureNamesTheSpo2ItWasScoredWith(
      WebDriver browser, String spo2, String measuredAt) {
    WebElement temperature = row(browser, "temperature");
    assertThat(temperature.getDomAttribute("data-level")).isEqualTo("RED");
    String why = temperature.findElements(By.tagName("td")).get(3).getText();
    assertThat(why).contains("NEWS2").contains("SpO2 " + spo2).contains(measuredAt);
    assertThat(row(browser, "spo2").findElements(By.tagName("td")).get(3).getText())
        .doesNotContain(measuredAt);
  }

  /**
   * The readings API gives the temperature the SpO2 and pulse of the other message its NEWS2 score
   * took, with their time; the oximeter's own readings took nothing from another message.
   */
  private static void assertApiNamesTheValuesTheTemperatureWasScoredWith(
      TestHub hub, UUID patient, Instant oximetry) {
    ApiClient nurse = ApiClient.loggedIn(hub.httpBase(), "nurse@pr.test", Browsers.PASSWORD);
    JsonArray readings =
        nurse
            .json("/api/v1/patients/" + patient + "/readings?bucket=none")
            .getJsonArray("readings");
    for (Object o : readings) {
      JsonObject r = (JsonObject) o;
      JsonArray scoredWith = r.getJsonArray("scoredWith");
      if (r.getString("code").equals("temperature")) {
        assertThat(scoredWith.stream().map(JsonObject.class::cast).map(v -> v.getString("code")))
            .containsExactlyInAnyOrder("spo2", "pulse");
        for (Object v : scoredWith) {
          JsonObject value = (JsonObject) v;
          assertThat(value.getDouble("value"))
              .isEqualTo(value.getString("code").equals("spo2") ? 90.0 : 80.0);
          assertThat(Instant.parse(value.getString("measuredAt"))).isEqualTo(oximetry);
        }
      } else {
        assertThat(scoredWith).as("%s", r.getString("code")).isEmpty();
      }
    }
  }

  /** Every cell of the questionnaire lies inside its card: no column cut off unseen. */
  private static void assertQuestionnaireFits(WebDriver browser, String heading) {
    WebElement card =
        browser.findElement(By.xpath("//section[h2[normalize-space(.)='" + heading + "']]"));
    assertThat(card.findElements(By.cssSelector("tbody tr"))).hasSize(3);
    List<?> outside =
        (List<?>)
            ((JavascriptExecutor) browser)
                .executeScript(
                    """
                    const card = arguments[0].getBoundingClientRect();
                    return [...arguments[0].querySelectorAll('th, td')]
                      .filter((c) => c.getBoundingClientRect().right > card.right + 1)
                      .map((c) => c.textContent.trim() + ' right ' + Math.round(c.getBoundingClientRect().right)
                        + ' of ' + Math.round(card.right));""",
                    card);
    assertThat(outside).as("questionnaire cells beyond its card").isEmpty();
  }

  private static WebElement row(WebDriver browser, String code) {
    return browser.findElement(
        By.xpath("//table[@id='readings']//tr[.//div[@data-code='" + code + "']]"));
  }

  private static void awaitReadings(WebDriver browser) {
    new WebDriverWait(browser, Duration.ofSeconds(20))
        .until(
            ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#readings div[data-code='temperature']")));
  }

  private static void awaitTriaged(TestHub hub, String msgId) {
    Sql.awaitCount(
        hub.db(),
        Duration.ofSeconds(30),
        n -> n > 0,
        "SELECT count(*) FROM triage_findings WHERE msg_id = ?",
        msgId);
  }

  /** The browser reads times in the clinic's zone, as the expected texts do. */
  private static void inCopenhagen(WebDriver browser) {
    ((ChromeDriver) browser)
        .executeCdpCommand("Emulation.setTimezoneOverride", Map.of("timezoneId", CPH.getId()));
  }

  private static String clock(Instant at, String pattern) {
    return DateTimeFormatter.ofPattern(pattern).withZone(CPH).format(at);
  }
}

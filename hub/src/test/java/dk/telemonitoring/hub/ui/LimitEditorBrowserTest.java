package dk.telemonitoring.hub.ui;

import static dk.telemonitoring.hub.ui.Browsers.createUser;
import static dk.telemonitoring.hub.ui.Browsers.screenshot;
import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.hub.api.ApiClient;
import dk.telemonitoring.hub.support.Devices;
import dk.telemonitoring.hub.support.Sql;
import dk.telemonitoring.hub.support.TestHub;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A doctor changes a patient's temperature limit on her phone (390 px, Danish screen, a browser of
 * its own locale): "38,4" with a Danish decimal comma is saved as 38.4 and shown as "38,4"; "384"
 * (the comma forgotten) and "abc" are refused on the page with the field named, and nothing is
 * sent. Before, a number field read "38,4" by the browser's locale, as 384. The audit screen then
 * says what the change set, from what. Screenshots of the refusal and the audit row go to
 * hub/target/screenshots/.
 */
class LimitEditorBrowserTest {

  private static final String CLINIC = "lim";

  @Test
  void aDoctorTypesADanishDecimalAndAnImpossibleLimitIsRefusedOnThePage() throws Exception {
    Browsers.Chromium installed = Browsers.chromiumOrSkip();
    Path shots = Browsers.screenshots();
    try (TestHub hub = TestHub.inFreshDatabase("limbrowser");
        Devices devices = new Devices(hub.topicRoot())) {
      UUID patient = hub.provision(CLINIC, "ox-lim-1", "COPD");
      // Triage enrols the patient at its first reading: the group's default limits.
      devices.publish(
          devices.readingsTopic(CLINIC, "ox-lim-1"), Devices.spo2("first", Instant.now(), 95, 72));
      Sql.awaitCount(
          hub.db(),
          Duration.ofSeconds(30),
          n -> n > 0,
          "SELECT count(*) FROM patient_limits WHERE patient_id = ? AND code = 'temperature'",
          patient);
      createUser(hub.httpBase(), "doctor@lim.test", "Doktor Dahl", "doctor", CLINIC);
      createUser(hub.httpBase(), "admin@lim.test", "Ada Admin", "admin", CLINIC);
      WebDriver phone = Browsers.phone(installed.binary(), installed.driver(), 390, 844);
      try {
        Browsers.login(phone, hub.httpBase(), "doctor@lim.test", By.id("escalated"));
        phone.get(hub.httpBase() + "/#/patient/" + patient);
        // The page draws itself again on live events: an input found a moment ago may be gone.
        WebDriverWait wait = new WebDriverWait(phone, Duration.ofSeconds(15));
        wait.ignoring(StaleElementReferenceException.class);
        By yellowHigh =
            By.cssSelector("fieldset.limit[data-code='temperature'] input[name='yellowHigh']");
        wait.until(ExpectedConditions.attributeToBe(yellowHigh, "value", "38,1"));

        // Without a reason the hub refuses, and the page says why in its language.
        save(phone, yellowHigh, "38,4", "");
        wait.until(
            ExpectedConditions.textToBe(
                By.cssSelector("fieldset.limit[data-code='temperature'] .limit-problem"),
                "Skriv en begrundelse"));

        save(phone, yellowHigh, "38,4", "let feber er vanlig for patienten");
        wait.until(ExpectedConditions.attributeToBe(yellowHigh, "value", "38,4"));
        wait.until(
            ExpectedConditions.textToBe(
                By.cssSelector("fieldset.limit[data-code='temperature'] .limit-saved"), "Gemt"));
        assertThat(yellowHigh(hub, patient)).isEqualTo("38.4");
        // Her own limit says who set it and why, where the next nurse or doctor reads it.
        By setBy = By.cssSelector("fieldset.limit[data-code='temperature'] .limit-by");
        wait.until(ExpectedConditions.visibilityOfElementLocated(setBy));
        assertThat(phone.findElement(setBy).getText())
            .startsWith("Sat af Doktor Dahl, ")
            .contains(": let feber er vanlig for patienten · revurderes senest ");
        assertThat(phone.findElements(By.cssSelector("fieldset.limit[data-code='spo2'] .limit-by")))
            .as("a group default has no author")
            .isEmpty();

        save(phone, yellowHigh, "384", "tastefejl");
        WebElement problem =
            phone.findElement(
                By.cssSelector("fieldset.limit[data-code='temperature'] .limit-problem"));
        wait.until(ExpectedConditions.textToBePresentInElement(problem, "uden for"));
        assertThat(problem.getText())
            .isEqualTo("Gul øvre grænse: 384 ligger uden for, hvad en måling kan være (25-45)");
        assertThat(phone.findElement(yellowHigh).getAttribute("aria-invalid")).isEqualTo("true");
        screenshot(phone, shots.resolve("limit-refused-390.png"));
        Sql.sleep(500);
        assertThat(yellowHigh(hub, patient)).as("nothing sent").isEqualTo("38.4");

        save(phone, yellowHigh, "abc", "tastefejl");
        wait.until(ExpectedConditions.textToBePresentInElement(problem, "er ikke et tal"));
        assertThat(problem.getText()).isEqualTo("Gul øvre grænse: »abc« er ikke et tal");

        // The hub refuses what the page would (a client of its own): 400, and the audit log has
        // one "limits changed" row, the saved one, saying what it changed from what.
        ApiClient api = ApiClient.loggedIn(hub.httpBase(), "doctor@lim.test", Browsers.PASSWORD);
        var refused =
            api.send(
                "PUT",
                "/api/v1/patients/" + patient + "/limits/temperature",
                "{\"criticalLow\":34,\"redLow\":35,\"yellowHigh\":384,\"redHigh\":39.1,"
                    + "\"criticalHigh\":40.5,\"reason\":\"tastefejl\"}");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("yellowHigh 384.0 is outside what a reading can be");
        assertThat(
                Sql.text(
                    hub.db(),
                    "SELECT string_agg(target, ' | ') FROM audit_log"
                        + " WHERE patient_id = ? AND action = 'limits.change'",
                    patient))
            .isEqualTo(
                "temperature: criticalLow=34.0 redLow=35.0 yellowHigh=38.1->38.4 redHigh=39.1"
                    + " criticalHigh=40.5");

        // The audit screen says it in words and the screen's numbers, old to new.
        phone.manage().deleteAllCookies();
        Browsers.login(phone, hub.httpBase(), "admin@lim.test", By.id("admin-home"));
        phone.get(hub.httpBase() + "/#/admin/audit?action=limits.change");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("audit"), "38,4"));
        assertThat(phone.findElement(By.id("audit")).getText())
            .contains(
                "Temperatur: kritisk nedre grænse 34 · rød nedre grænse 35 · gul øvre grænse"
                    + " 38,1 → 38,4 · rød øvre grænse 39,1 · kritisk øvre grænse 40,5");
        screenshot(phone, shots.resolve("limit-audit-390.png"));
      } finally {
        phone.quit();
      }
    }
  }

  private static void save(WebDriver browser, By field, String value, String reason) {
    WebElement input = browser.findElement(field);
    input.clear();
    input.sendKeys(value);
    WebElement card =
        browser.findElement(By.cssSelector("fieldset.limit[data-code='temperature']"));
    WebElement why = card.findElement(By.cssSelector(".limit-save input"));
    why.clear();
    why.sendKeys(reason);
    card.findElement(By.cssSelector(".limit-save button")).click();
  }

  private static String yellowHigh(TestHub hub, UUID patient) {
    return Sql.text(
        hub.db(),
        "SELECT yellow_high::text FROM patient_limits WHERE patient_id = ? AND code = 'temperature'",
        patient);
  }
}

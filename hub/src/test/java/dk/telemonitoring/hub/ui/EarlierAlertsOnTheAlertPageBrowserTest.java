package dk.telemonitoring.hub.ui;

import static dk.telemonitoring.hub.ui.Browsers.createUser;
import static dk.telemonitoring.hub.ui.Browsers.screenshot;
import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.alerts.domain.Level;
import dk.telemonitoring.hub.api.ApiClient;
import dk.telemonitoring.hub.support.TestHub;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The doctor paged about a patient's new alert reads on her phone what was done about the last one:
 * the advice she gave, who closed it, how, and the nurse's words from the call. "Råd pr. telefon"
 * alone would not say that the nurse called or what the patient said.
 */
class EarlierAlertsOnTheAlertPageBrowserTest {

  private static final String CLINIC = "ea";

  @Test
  void theNextAlertsPageSaysHowTheLastOneEnded() throws Exception {
    Browsers.Chromium installed = Browsers.chromiumOrSkip();
    Path shots = Browsers.screenshots();
    try (TestHub hub = TestHub.inFreshDatabase("earlieralerts")) {
      UUID patient = hub.provision(CLINIC, "ox-ea-1", "COPD", "Karen Jensen");
      createUser(hub.httpBase(), "nurse@ea.test", "Nora Holm", "nurse", CLINIC);
      createUser(hub.httpBase(), "doctor@ea.test", "Lars Berg", "doctor", CLINIC);
      ApiClient doctorApi = ApiClient.loggedIn(hub.httpBase(), "doctor@ea.test", Browsers.PASSWORD);
      ApiClient nurseApi = ApiClient.loggedIn(hub.httpBase(), "nurse@ea.test", Browsers.PASSWORD);
      UUID first = hub.raise(CLINIC, patient, "spo2.limit", Level.RED, "SpO2 87 % below 88 %");
      ok(
          doctorApi.send(
              "POST",
              "/api/v1/alerts/" + first + "/advise",
              new JsonObject()
                  .put("instruction", "CALL_PATIENT_NOW")
                  .put("note", "Spørg til åndenøden")
                  .encode()),
          201);
      ok(
          nurseApi.send(
              "POST",
              "/api/v1/alerts/" + first + "/resolve",
              new JsonObject()
                  .put("outcome", "ADVICE_BY_PHONE")
                  .put("note", "Ringet op: har det bedre, måler igen i aften")
                  .encode()),
          200);
      UUID next = hub.raise(CLINIC, patient, "spo2.critical", Level.CRITICAL, "SpO2 79 %");

      WebDriver phone = Browsers.phone(installed.binary(), installed.driver(), 390, 844);
      try {
        Browsers.login(phone, hub.httpBase(), "doctor@ea.test", By.id("alerts"));
        phone.get(hub.httpBase() + "/alert-page.html?alert=" + next);
        new WebDriverWait(phone, Duration.ofSeconds(20))
            .until(
                ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector("#earlier .earlier-alert")));
        String earlier = phone.findElement(By.cssSelector("#earlier .earlier-alert")).getText();
        assertThat(earlier)
            .startsWith("RØD")
            .contains("· Råd pr. telefon · Nora Holm")
            .contains("Lægens råd: Ring til patienten nu · Spørg til åndenøden (Lars Berg, ")
            .contains("Ringet op: har det bedre, måler igen i aften")
            .doesNotContain("ADVICE_BY_PHONE")
            .doesNotContain("CALL_PATIENT_NOW");
        assertThat(phone.findElements(By.cssSelector("#earlier .earlier-alert"))).hasSize(1);
        ((org.openqa.selenium.JavascriptExecutor) phone)
            .executeScript("document.getElementById('earlier').scrollIntoView()");
        Browsers.assertFitsTheWidth(phone, "the alert page with an earlier alert");
        screenshot(phone, shots.resolve("alert-page-earlier-alert-390.png"));
      } finally {
        phone.quit();
      }
    }
  }

  private static void ok(HttpResponse<String> response, int status) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
  }
}

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
 * The doctor advised "Ring til patienten nu" on a CRITICAL alert. The advice took the alert in the
 * doctor's name, yet the board must not tell the nurses the doctor "has it": the advice is theirs
 * to carry out. The nurse who closes the alert reads the advice in the close dialog itself, so she
 * never closes it over advice she has not seen.
 */
class AdviceInTheResolveDialogBrowserTest {

  private static final String CLINIC = "ard";

  @Test
  void theCloseDialogShowsTheDoctorsAdvice() throws Exception {
    Browsers.Chromium installed = Browsers.chromiumOrSkip();
    Path shots = Browsers.screenshots();
    try (TestHub hub = TestHub.inFreshDatabase("adviceresolve")) {
      UUID patient = hub.provision(CLINIC, "ox-ard-1", "COPD", "Inge Hansen");
      createUser(hub.httpBase(), "nurse@ard.test", "Nora Holm", "nurse", CLINIC);
      createUser(hub.httpBase(), "doctor@ard.test", "Lars Berg", "doctor", CLINIC);
      UUID alert = hub.raise(CLINIC, patient, "spo2.critical", Level.CRITICAL, "SpO2 79 %");
      ApiClient doctor = ApiClient.loggedIn(hub.httpBase(), "doctor@ard.test", Browsers.PASSWORD);
      HttpResponse<String> advised =
          doctor.send(
              "POST",
              "/api/v1/alerts/" + alert + "/advise",
              new JsonObject()
                  .put("instruction", "CALL_PATIENT_NOW")
                  .put("note", "Spørg til ilten")
                  .encode());
      assertThat(advised.statusCode()).as(advised.body()).isEqualTo(201);

      WebDriver nurse = Browsers.desktop(installed.binary(), installed.driver(), 1400, 1000);
      try {
        WebDriverWait wait = new WebDriverWait(nurse, Duration.ofSeconds(15));
        Browsers.login(nurse, hub.httpBase(), "nurse@ard.test", By.id("alerts"));
        String row = ".alert-row[data-patient='" + patient + "']";
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(row + " .holder")));
        assertThat(nurse.findElement(By.cssSelector(row + " .holder")).getText())
            .startsWith("Råd givet af Lars Berg – en sygeplejerske skal udføre det")
            .doesNotContain("Har den");
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(row + " button.resolve")))
            .click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("dialog.resolve")));
        assertThat(nurse.findElement(By.cssSelector("dialog.resolve .doctor-advice")).getText())
            .startsWith("Lægens råd: Ring til patienten nu · Spørg til ilten (Lars Berg, ");
        screenshot(nurse, shots.resolve("resolve-dialog-with-advice-1400.png"));
      } finally {
        nurse.quit();
      }
    }
  }
}

package dk.telemonitoring.hub.ui;

import static dk.telemonitoring.hub.ui.Browsers.createUser;
import static dk.telemonitoring.hub.ui.Browsers.screenshot;
import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.hub.support.TestHub;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A doctor on her phone scrolls down the patient list and opens a patient: the patient's page opens
 * at its top, with the name in view. It used to keep the list's scroll, so the page opened hundreds
 * of pixels down with the name off the screen.
 */
class NewPageOpensAtItsTopBrowserTest {

  private static final String CLINIC = "top";

  @Test
  void aPatientOpenedFromFarDownTheListOpensAtTheTop() throws Exception {
    Browsers.Chromium installed = Browsers.chromiumOrSkip();
    Path shots = Browsers.screenshots();
    try (TestHub hub = TestHub.inFreshDatabase("pagetop")) {
      UUID last = null;
      for (int i = 1; i <= 14; i++) {
        last = hub.provision(CLINIC, "ox-top-" + i, "COPD", String.format("Patient %02d", i));
      }
      createUser(hub.httpBase(), "doctor@top.test", "Lars Berg", "doctor", CLINIC);
      WebDriver phone = Browsers.phone(installed.binary(), installed.driver(), 390, 844);
      try {
        WebDriverWait wait = new WebDriverWait(phone, Duration.ofSeconds(20));
        Browsers.login(phone, hub.httpBase(), "doctor@top.test", By.id("alerts"));
        phone.get(hub.httpBase() + "/#/patients");
        By link = By.cssSelector("#patients tr[data-patient='" + last + "'] a");
        wait.until(ExpectedConditions.visibilityOfElementLocated(link));
        js(phone, "arguments[0].scrollIntoView({block: 'end'})", phone.findElement(link));
        assertThat(scrollY(phone)).as("the list scrolled down to its last patient").isPositive();
        phone.findElement(link).click();
        wait.until(ExpectedConditions.urlContains("#/patient/" + last));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("view"), "Patient"));
        wait.withMessage("the patient's page at its top").until(d -> scrollY(d) == 0);
        screenshot(phone, shots.resolve("patient-opened-at-top-390.png"));
      } finally {
        phone.quit();
      }
    }
  }

  private static long scrollY(WebDriver driver) {
    return ((Number) js(driver, "return Math.round(window.scrollY)")).longValue();
  }

  private static Object js(WebDriver driver, String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }
}

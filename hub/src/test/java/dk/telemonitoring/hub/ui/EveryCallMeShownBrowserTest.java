package dk.telemonitoring.hub.ui;

import static dk.telemonitoring.hub.ui.Browsers.createUser;
import static dk.telemonitoring.hub.ui.Browsers.screenshot;
import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.alerts.domain.Level;
import dk.telemonitoring.hub.support.TestHub;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A patient who asks twice to be called, first "more breathless tonight", then "unsure if the
 * device works": the board and the alert page show both requests, newest first, so the nurse does
 * not call back about the device alone. The alert page says when a request was sent, not
 * "measured".
 */
class EveryCallMeShownBrowserTest {

  private static final String CLINIC = "cm";

  @Test
  void theBoardAndTheAlertPageShowEveryRequest() throws Exception {
    Browsers.Chromium installed = Browsers.chromiumOrSkip();
    Path shots = Browsers.screenshots();
    try (TestHub hub = TestHub.inFreshDatabase("everycallme")) {
      UUID patient = hub.provision(CLINIC, "ox-cm-1", "COPD", "Inge Hansen");
      createUser(hub.httpBase(), "nurse@cm.test", "Nora Holm", "nurse", CLINIC);
      UUID alert = hub.raise(CLINIC, patient, "spo2.limit", Level.RED, "SpO2 87 % below 88 %");
      hub.callMe(CLINIC, patient, "more breathless tonight");
      hub.callMe(CLINIC, patient, "unsure if the device works");

      WebDriver nurse = Browsers.desktop(installed.binary(), installed.driver(), 1400, 1000);
      try {
        WebDriverWait wait = new WebDriverWait(nurse, Duration.ofSeconds(15));
        Browsers.login(nurse, hub.httpBase(), "nurse@cm.test", By.id("alerts"));
        By row = By.cssSelector(".alert-row[data-patient='" + patient + "']");
        wait.until(ExpectedConditions.visibilityOfElementLocated(row));
        assertThat(nurse.findElement(row).getText())
            .contains(
                "Patienten beder om at blive ringet op: unsure if the device works."
                    + " Tidligere i samme alarm: more breathless tonight");
        screenshot(nurse, shots.resolve("board-every-call-me-1400.png"));

        nurse.get(hub.httpBase() + "/alert-page.html?alert=" + alert);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("findings")));
        String findings = nurse.findElement(By.id("findings")).getText();
        assertThat(findings)
            .contains("Tidligere i samme alarm: more breathless tonight")
            .containsPattern("unsure if the device works\\.[^\\n]*\\nsendt [a-zæøå]+\\. ")
            .containsPattern("SpO2 87 % below 88 %\\nmålt [a-zæøå]+\\. ");
        screenshot(nurse, shots.resolve("alert-page-every-call-me-1400.png"));
      } finally {
        nurse.quit();
      }
    }
  }
}

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
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A nurse who has scrolled down a long board does not see the top, where a new CRITICAL alert
 * arrives: a bar at the top of the window names the patient until the row is in view, "Vis alarmen"
 * brings it there, and the tab's title counts the unacknowledged CRITICAL alerts.
 */
class CriticalOutOfViewBrowserTest {

  private static final String CLINIC = "oov";
  private static final int YELLOW_PATIENTS = 14;

  @Test
  void aCriticalAlertOutOfViewIsNamedAtTheTopOfTheWindow() throws Exception {
    Browsers.Chromium installed = Browsers.chromiumOrSkip();
    Path shots = Browsers.screenshots();
    try (TestHub hub = TestHub.inFreshDatabase("criticaloutofview")) {
      for (int i = 0; i < YELLOW_PATIENTS; i++) {
        UUID p = hub.provision(CLINIC, "ox-oov-" + i, "COPD");
        hub.raise(CLINIC, p, "pulse.limit", Level.YELLOW, "Pulse 112 /min");
      }
      UUID critical = hub.provision(CLINIC, "ox-oov-crit", "COPD", "Inge Hansen");
      createUser(hub.httpBase(), "nurse@oov.test", "Nora Holm", "nurse", CLINIC);
      WebDriver nurse = Browsers.desktop(installed.binary(), installed.driver(), 1400, 700);
      try {
        WebDriverWait wait = new WebDriverWait(nurse, Duration.ofSeconds(15));
        Browsers.login(nurse, hub.httpBase(), "nurse@oov.test", By.id("alerts"));
        wait.until(
            d -> d.findElements(By.cssSelector("#alerts .alert-row")).size() == YELLOW_PATIENTS);
        Browsers.awaitLive(nurse);
        assertThat(nurse.getTitle()).isEqualTo("Telemonitorering · triage");
        ((JavascriptExecutor) nurse)
            .executeScript("window.scrollTo(0, document.body.scrollHeight)");
        WebElement bar = nurse.findElement(By.id("critical-out-of-sight"));
        assertThat(bar.isDisplayed()).as("nothing CRITICAL yet").isFalse();

        hub.raise(CLINIC, critical, "spo2.critical", Level.CRITICAL, "SpO2 79 % is critical");

        wait.until(ExpectedConditions.visibilityOf(bar));
        assertThat(bar.getText()).contains("KRITISK alarm hos Inge Hansen").contains("Vis alarmen");
        assertThat(nurse.getTitle()).isEqualTo("(1) KRITISK · Telemonitorering · triage");
        WebElement row =
            nurse.findElement(
                By.cssSelector(".alert-row[data-patient=\"" + critical + "\"].CRITICAL"));
        assertThat(inView(nurse, row)).as("the row is above the window").isFalse();
        assertThat(inView(nurse, bar)).as("the bar is where she looks").isTrue();
        screenshot(nurse, shots.resolve("board-critical-out-of-view-1400.png"));

        bar.findElement(By.tagName("button")).click();
        wait.until(ExpectedConditions.invisibilityOf(bar));
        assertThat(inView(nurse, row)).as("brought into view").isTrue();
        screenshot(nurse, shots.resolve("board-critical-brought-into-view-1400.png"));

        nurse.findElement(By.id("lang")).click();
        wait.until(d -> d.getTitle().equals("(1) CRITICAL · Telemonitoring · triage"));
        ((JavascriptExecutor) nurse)
            .executeScript("window.scrollTo(0, document.body.scrollHeight)");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("critical-out-of-sight")));
        assertThat(nurse.findElement(By.id("critical-out-of-sight")).getText())
            .contains("CRITICAL alert for Inge Hansen")
            .contains("Show the alert");
        nurse.findElement(By.id("lang")).click();

        // On another page the bar and the count go: there is no row to bring into view.
        nurse.get(hub.httpBase() + "/#/overview");
        wait.until(d -> d.getTitle().equals("Telemonitorering · triage"));
        assertThat(nurse.findElement(By.id("critical-out-of-sight")).isDisplayed()).isFalse();
      } finally {
        nurse.quit();
      }
    }
  }

  private static boolean inView(WebDriver driver, WebElement element) {
    return (Boolean)
        ((JavascriptExecutor) driver)
            .executeScript(
                "const r = arguments[0].getBoundingClientRect();"
                    + " return r.bottom > 0 && r.top < window.innerHeight;",
                element);
  }
}

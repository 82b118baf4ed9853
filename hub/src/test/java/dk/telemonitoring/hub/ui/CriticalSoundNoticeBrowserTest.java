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
 * A nurse's board reloaded while she is signed in has had no click, so the browser keeps its sound
 * off and a CRITICAL alert would arrive in silence: the page says so until she clicks. And a screen
 * reader's last announcement does not stay in Danish after she switches to English, and an alert
 * raised to CRITICAL is announced as raised, not as new.
 */
class CriticalSoundNoticeBrowserTest {

  private static final String CLINIC = "snd";

  @Test
  void aReloadedBoardSaysItsSoundIsOffUntilAClickAndAnnouncementsFollowTheLanguage()
      throws Exception {
    Browsers.Chromium installed = Browsers.chromiumOrSkip();
    Path shots = Browsers.screenshots();
    try (TestHub hub = TestHub.inFreshDatabase("soundnotice")) {
      UUID patient = hub.provision(CLINIC, "ox-snd-1", "COPD");
      createUser(hub.httpBase(), "nurse@snd.test", "Nora Holm", "nurse", CLINIC);
      WebDriver nurse =
          Browsers.desktopWithSoundAfterAClick(installed.binary(), installed.driver(), 1400, 1000);
      try {
        WebDriverWait wait = new WebDriverWait(nurse, Duration.ofSeconds(15));
        // Before signing in there is no live board to be offline from: no red "Offline".
        nurse.get(hub.httpBase() + "/");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("email")));
        assertThat(nurse.findElement(By.id("live")).isDisplayed()).isFalse();
        Browsers.login(nurse, hub.httpBase(), "nurse@snd.test", By.id("alerts"));
        assertThat(nurse.findElement(By.id("live")).isDisplayed()).isTrue();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("sound-off")));

        nurse.navigate().refresh();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("sound-off")));
        assertThat(nurse.findElement(By.id("sound-off")).getText())
            .contains("Lyden for KRITISKE alarmer er slået fra, til du klikker på siden.")
            .contains("Slå lyd til");
        screenshot(nurse, shots.resolve("board-sound-off-after-reload.png"));

        Browsers.awaitLive(nurse);
        hub.raise(CLINIC, patient, "pulse.limit", Level.YELLOW, "Pulse 112 /min");
        Browsers.awaitTextContent(nurse, "#announce", "Ny alarm: GUL");
        // The same patient's alert raised to CRITICAL is announced as raised, not as a new alert.
        hub.raise(CLINIC, patient, "spo2.critical", Level.CRITICAL, "SpO2 82 % is critical");
        Browsers.awaitTextContent(nurse, "#announce-critical", "Alarm hævet: KRITISK");

        nurse.findElement(By.id("lang")).click();
        assertThat(Browsers.textContent(nurse, By.id("announce-critical")))
            .as("the Danish announcement is not left for a screen reader on the English page")
            .isEmpty();
        // The language button was a click, so the sound is on by now; the notice has gone.
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("sound-off")));

        nurse.navigate().refresh(); // in English now
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("sound-off")));
        assertThat(nurse.findElement(By.id("sound-off")).getText())
            .contains("The sound of CRITICAL alerts is off until you click on the page.");
        nurse.findElement(By.id("sound-on")).click();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("sound-off")));
      } finally {
        nurse.quit();
      }
    }
  }
}

package dk.telemonitoring.hub.ui;

import static dk.telemonitoring.hub.ui.Browsers.createUser;
import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.alerts.domain.Level;
import dk.telemonitoring.hub.api.ApiClient;
import dk.telemonitoring.hub.support.Sql;
import dk.telemonitoring.hub.support.TestHub;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The board's "waited · deadline" counts on while nobody touches the board (it once stood still
 * between reads, so "deadline 2 min" never turned into "overdue"), reads whole hours as "4 t" (not
 * "3 t 60 min"), and once the alert is acknowledged says after how long instead of counting an
 * overdue deadline the nurse has met, counted from when the alert reached its level. A snoozed row
 * says until when, in its timing too, and counts no deadline down.
 */
class BoardTimesCountOnBrowserTest {

  private static final String CLINIC = "tick";

  @Test
  void theDeadlineCountsDownTurnsOverdueAndStopsOnceAcknowledged() throws Exception {
    Browsers.Chromium installed = Browsers.chromiumOrSkip();
    try (TestHub hub = TestHub.inFreshDatabase("boardtimes")) {
      UUID patient = hub.provision(CLINIC, "ox-tick-1", "COPD");
      createUser(hub.httpBase(), "nurse@tick.test", "Nora Holm", "nurse", CLINIC);
      UUID alert = hub.raise(CLINIC, patient, "pulse.limit", Level.YELLOW, "Pulse 112 /min");
      WebDriver nurse = Browsers.desktop(installed.binary(), installed.driver(), 1400, 1000);
      try {
        Browsers.login(nurse, hub.httpBase(), "nurse@tick.test", By.id("alerts"));
        By timing = By.cssSelector(".alert-row[data-patient='" + patient + "'] .timing");
        WebDriverWait wait = new WebDriverWait(nurse, Duration.ofSeconds(25));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(timing, "frist 4 t"));
        assertThat(nurse.findElement(timing).getText()).doesNotContain("60 min");

        // Five hours on this browser's clock, and no read of the board: the next tick says overdue.
        ((JavascriptExecutor) nurse)
            .executeScript("const real = Date.now; Date.now = () => real() + 5 * 3600e3;");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(timing, "over fristen 1 t"));
        assertThat(nurse.findElement(timing).getAttribute("class")).contains("overdue");

        ApiClient api = ApiClient.loggedIn(hub.httpBase(), "nurse@tick.test", Browsers.PASSWORD);
        assertThat(api.send("POST", "/api/v1/alerts/" + alert + "/acknowledge", "{}").statusCode())
            .isEqualTo(200);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(timing, "kvitteret efter"));
        assertThat(nurse.findElement(timing).getAttribute("class")).doesNotContain("overdue");
        // Acknowledged within seconds of the alert's opening: not "0 min".
        assertThat(nurse.findElement(timing).getText()).isEqualTo("kvitteret efter under 1 min");

        // Snoozed: the row says until when, not only "snoozed".
        String until = java.time.Instant.now().plus(Duration.ofHours(2)).toString();
        assertThat(
                api.send(
                        "POST",
                        "/api/v1/alerts/" + alert + "/snooze",
                        "{\"until\":\"" + until + "\"}")
                    .statusCode())
            .isEqualTo(200);
        wait.until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector(".alert-row[data-patient='" + patient + "'] .holder"),
                "udsat til "));

        // A YELLOW alert snoozed before anyone acknowledged it: its row says until when instead of
        // counting a deadline down to "over fristen", and stands apart from the rows that wait.
        UUID later = hub.provision(CLINIC, "ox-tick-2", "COPD");
        UUID waiting = hub.raise(CLINIC, later, "pulse.limit", Level.YELLOW, "Pulse 115 /min");
        By row = By.cssSelector(".alert-row[data-patient='" + later + "']");
        By laterTiming = By.cssSelector(".alert-row[data-patient='" + later + "'] .timing");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(laterTiming, "frist"));
        assertThat(
                api.send(
                        "POST",
                        "/api/v1/alerts/" + waiting + "/snooze",
                        "{\"until\":\"" + until + "\"}")
                    .statusCode())
            .isEqualTo(200);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(laterTiming, "udsat til "));
        assertThat(nurse.findElement(laterTiming).getText()).doesNotContain("frist");
        assertThat(nurse.findElement(row).getAttribute("class")).contains("snoozed");
      } finally {
        nurse.quit();
      }
    }
  }

  /**
   * A YELLOW alert opened 9 minutes ago, raised to CRITICAL a minute ago and acknowledged now was
   * answered after 1 minute at CRITICAL, not 10: the raise set its deadline anew.
   */
  @Test
  void aRaisedAlertIsAcknowledgedAfterTheTimeSinceItsRaise() throws Exception {
    Browsers.Chromium installed = Browsers.chromiumOrSkip();
    try (TestHub hub = TestHub.inFreshDatabase("boardraised")) {
      UUID patient = hub.provision(CLINIC, "ox-tick-2", "COPD");
      createUser(hub.httpBase(), "nurse@tick.test", "Nora Holm", "nurse", CLINIC);
      UUID alert = hub.raise(CLINIC, patient, "spo2.limit", Level.YELLOW, "SpO2 91 %");
      hub.raise(CLINIC, patient, "spo2.critical", Level.CRITICAL, "SpO2 84 %");
      Sql.exec(
          hub.db(),
          "UPDATE alerts SET opened_at = opened_at - interval '9 minutes' WHERE id = ?::uuid",
          alert.toString());
      Sql.exec(
          hub.db(),
          "UPDATE alert_transitions SET at = at - CASE action WHEN 'OPEN' THEN interval '9 minutes'"
              + " ELSE interval '1 minute' END WHERE alert_id = ?::uuid",
          alert.toString());
      ApiClient api = ApiClient.loggedIn(hub.httpBase(), "nurse@tick.test", Browsers.PASSWORD);
      assertThat(api.send("POST", "/api/v1/alerts/" + alert + "/acknowledge", "{}").statusCode())
          .isEqualTo(200);
      WebDriver nurse = Browsers.desktop(installed.binary(), installed.driver(), 1400, 1000);
      try {
        Browsers.login(nurse, hub.httpBase(), "nurse@tick.test", By.id("alerts"));
        By timing = By.cssSelector(".alert-row[data-patient='" + patient + "'] .timing");
        new WebDriverWait(nurse, Duration.ofSeconds(25))
            .until(ExpectedConditions.textToBePresentInElementLocated(timing, "kvitteret efter"));
        assertThat(nurse.findElement(timing).getText()).isEqualTo("kvitteret efter 1 min");
      } finally {
        nurse.quit();
      }
    }
  }
}

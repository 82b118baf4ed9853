package dk.telemonitoring.hub.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.alerts.domain.Level;
import dk.telemonitoring.hub.support.Sql;
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
 * A nurse reading an alert on its own page writes her note there and hands the alert to the on-call
 * doctor from there, with her words; before, the page offered her only "Kvittér" and "Afslut
 * alarmen", and she had to go back to the board for both. Screenshot:
 * hub/target/screenshots/nurse-alert-page-*.png.
 */
class NurseOnTheAlertPageBrowserTest {

  private static final String CLINIC = "nap";

  @Test
  void aNurseNotesAndHandsTheAlertToTheDoctorFromItsPage() throws Exception {
    Browsers.Chromium installed = Browsers.chromiumOrSkip();
    Path shots = Browsers.screenshots();
    try (TestHub hub = TestHub.inFreshDatabase("nurseonalertpage")) {
      UUID patient = hub.provision(CLINIC, "ox-nap-1", "COPD", "Karen Jensen");
      OnCallSetup.nurseAndDoctorOnCall(hub, CLINIC, "nap.test");
      UUID alert = hub.raise(CLINIC, patient, "spo2.limit", Level.RED, "SpO2 87 % below 88 %");

      WebDriver nurse = Browsers.desktop(installed.binary(), installed.driver(), 1400, 1000);
      try {
        Browsers.login(nurse, hub.httpBase(), "nurse@nap.test", By.id("alerts"));
        nurse.get(hub.httpBase() + "/alert-page.html?alert=" + alert);
        WebDriverWait wait = new WebDriverWait(nurse, Duration.ofSeconds(15));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("nurse-actions")));
        assertThat(nurse.findElement(By.id("note-save")).isEnabled())
            .as("nothing to save yet")
            .isFalse();

        nurse.findElement(By.id("nurse-note")).sendKeys("Ringer til patienten om 10 min");
        nurse.findElement(By.id("note-save")).click();
        wait.until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("notes"), "Ringer til patienten om 10 min"));
        assertThat(nurse.findElement(By.id("flash")).getText()).isEqualTo("Notat gemt");

        nurse.findElement(By.id("nurse-note")).sendKeys("SpO2 87 %, vil du se på hende?");
        nurse.findElement(By.id("to-doctor")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("handed-over")));
        assertThat(nurse.findElement(By.id("handed-over")).getText())
            .startsWith("Sendt til lægen af Nora Holm");
        assertThat(nurse.findElement(By.id("notes")).getText())
            .contains("SpO2 87 %, vil du se på hende?");
        assertThat(nurse.findElements(By.id("to-doctor"))).as("handed over once").isEmpty();
        Browsers.fullPageScreenshot(nurse, shots.resolve("nurse-alert-page-1400.png"));
        ScreenText.assertSpeaks(nurse, true, "the nurse's alert page at 1400 px");
      } finally {
        nurse.quit();
      }
      assertThat(
              Sql.awaitCount(
                  hub.db(),
                  Duration.ofSeconds(30),
                  n -> n == 1,
                  "SELECT count(*) FROM notifications WHERE alert_id = ?"
                      + " AND recipient_role = 'ONCALL_DOCTOR'",
                  alert))
          .as("the doctor paged")
          .isEqualTo(1);
      assertThat(
              Sql.text(
                  hub.db(),
                  "SELECT string_agg(action || ': ' || note, ' | ' ORDER BY seq)"
                      + " FROM alert_transitions WHERE alert_id = ? AND action IN ('NOTE', 'ESCALATE')"
                      + " AND actor_id <> 'escalation-engine'",
                  alert))
          .as("her words, as she wrote them")
          .isEqualTo(
              "NOTE: Ringer til patienten om 10 min | ESCALATE: SpO2 87 %, vil du se på hende?");
    }
  }
}

package dk.telemonitoring.hub.ui;

import static dk.telemonitoring.hub.ui.Browsers.createUser;
import static dk.telemonitoring.hub.ui.Browsers.screenshot;
import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.hub.support.Devices;
import dk.telemonitoring.hub.support.Sql;
import dk.telemonitoring.hub.support.TestHub;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A nurse decides to close a CRITICAL alert, and while her dialog is open the patient's next
 * reading joins it: the hub refuses to close the alert over a reading she has not seen, and the
 * board says so in her language (not the API's English, not the generic conflict sentence); once
 * the board shows the new reading she can close it. A screenshot of the board after the refusal
 * goes to hub/target/screenshots/.
 */
class ResolveOverNewerReadingsBrowserTest {

  private static final String CLINIC = "vios";
  private static final String DEVICE = "ox-newer-1";

  @Test
  void aReadingThatJoinsWhileTheNurseDecidesKeepsTheAlertOpenAndTheBoardSaysWhy() throws Exception {
    Browsers.Chromium installed = Browsers.chromiumOrSkip();
    Path shots = Browsers.screenshots();
    try (TestHub hub = TestHub.inFreshDatabase("resolvenewer");
        Devices devices = new Devices(hub.topicRoot())) {
      UUID patient = hub.provision(CLINIC, DEVICE, "COPD");
      createUser(hub.httpBase(), "nurse@vios.test", "Nurse Nina", "nurse", CLINIC);
      WebDriver nurse = Browsers.desktop(installed.binary(), installed.driver(), 1400, 1000);
      try {
        Browsers.login(nurse, hub.httpBase(), "nurse@vios.test", By.id("alerts"));
        Browsers.awaitLive(nurse);
        Instant first = Instant.now().minusSeconds(60);
        devices.publish(
            devices.readingsTopic(CLINIC, DEVICE), Devices.spo2("newer-1", first, 82, 90));
        By row = By.cssSelector(".alert-row[data-patient='" + patient + "']");
        new WebDriverWait(nurse, Duration.ofSeconds(30))
            .until(ExpectedConditions.visibilityOfElementLocated(row));
        // Full triage has joined the reading's findings, and the board shows them.
        awaitTriaged(hub);
        nurse.navigate().refresh();
        new WebDriverWait(nurse, Duration.ofSeconds(30))
            .until(ExpectedConditions.visibilityOfElementLocated(row));

        WebElement dialog = openResolveDialog(nurse, patient);
        devices.publish(
            devices.readingsTopic(CLINIC, DEVICE), Devices.spo2("newer-2", Instant.now(), 81, 92));
        // Both the critical lane and full triage have joined the newer reading (they join in two
        // steps: had the nurse's board reloaded between them, her second resolve would be refused
        // too, rightly, for the findings joined after it).
        awaitTriaged(hub);
        assertThat(
                Sql.awaitCount(
                    hub.db(),
                    Duration.ofSeconds(30),
                    n -> n > 0,
                    "SELECT count(*) FROM alert_findings f JOIN alerts a ON a.id = f.alert_id"
                        + " WHERE a.patient_id = ? AND f.last_measured_at > ?",
                    patient,
                    java.sql.Timestamp.from(first)))
            .as("the newer reading joined the alert")
            .isPositive();
        dialog.findElement(By.cssSelector("button.resolve-submit")).click();

        Alert refusal =
            new WebDriverWait(nurse, Duration.ofSeconds(15))
                .until(ExpectedConditions.alertIsPresent());
        assertThat(refusal.getText())
            .isEqualTo(
                "Det lykkedes ikke: Der er kommet nyere målinger til alarmen, siden den blev vist:"
                    + " se dem, før du afslutter");
        refusal.accept();
        assertThat(Sql.text(hub.db(), "SELECT state FROM alerts WHERE patient_id = ?", patient))
            .isNotEqualTo("RESOLVED");
        new WebDriverWait(nurse, Duration.ofSeconds(15))
            .until(ExpectedConditions.visibilityOfElementLocated(row));
        screenshot(nurse, shots.resolve("board-resolve-refused-newer-reading.png"));

        // The board now shows the newer reading: closing it again works.
        openResolveDialog(nurse, patient)
            .findElement(By.cssSelector("button.resolve-submit"))
            .click();
        new WebDriverWait(nurse, Duration.ofSeconds(15))
            .until(ExpectedConditions.invisibilityOfElementLocated(row));
        assertThat(Sql.text(hub.db(), "SELECT state FROM alerts WHERE patient_id = ?", patient))
            .isEqualTo("RESOLVED");
      } finally {
        nurse.quit();
      }
    }
  }

  private static void awaitTriaged(TestHub hub) {
    assertThat(
            Sql.awaitCount(
                hub.db(),
                Duration.ofSeconds(30),
                n -> n == 0,
                "SELECT count(*) FROM triage_outbox"))
        .isZero();
  }

  /** The resolve dialog with an outcome chosen and the CRITICAL confirmed, not yet submitted. */
  private static WebElement openResolveDialog(WebDriver nurse, UUID patient) {
    // The live board repaints its rows (after the refusal it reads the board again).
    WebElement dialog =
        Browsers.openDialog(
            nurse,
            By.cssSelector(".alert-row[data-patient='" + patient + "'] button.resolve"),
            "resolve");
    new Select(dialog.findElement(By.cssSelector("select.outcome")))
        .selectByValue("ADVICE_BY_PHONE");
    dialog.findElement(By.cssSelector("input.confirm-critical")).click();
    return dialog;
  }
}

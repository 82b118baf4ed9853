package dk.telemonitoring.hub.ui;

import static dk.telemonitoring.hub.ui.Browsers.screenshot;
import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.alerts.domain.Level;
import dk.telemonitoring.hub.api.ApiClient;
import dk.telemonitoring.hub.support.Sql;
import dk.telemonitoring.hub.support.TestHub;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A nurse sends a patient to the doctor from her board (1400 px). Her row then says who sent it and
 * that it waits for the doctor, and offers no acknowledgement, which would stop the pages to the
 * doctor; nor does the alert page she opens. The patient's timeline shows her hand-over once and
 * the page that followed it naming the doctor. The doctor's phone board (390 px) offers the
 * acknowledgement. Once she closes it, its page says how, when and by whom, with her words.
 * Screenshots go to hub/target/screenshots/handover-*.png.
 */
class HandOverToDoctorBrowserTest {

  private static final String CLINIC = "ho";

  @Test
  void theNursesHandOverWaitsForTheDoctor() throws Exception {
    Browsers.Chromium installed = Browsers.chromiumOrSkip();
    Path shots = Browsers.screenshots();
    try (TestHub hub = TestHub.inFreshDatabase("handoverui")) {
      UUID patient = hub.provision(CLINIC, "ox-ho-1", "COPD", "Karen Jensen");
      OnCallSetup.nurseAndDoctorOnCall(hub, CLINIC, "ho.test");
      UUID alert = hub.raise(CLINIC, patient, "spo2.limit", Level.RED, "SpO2 87 % below 88 %");

      WebDriver nurse = Browsers.desktop(installed.binary(), installed.driver(), 1400, 1000);
      WebDriver doctor = Browsers.phone(installed.binary(), installed.driver(), 390, 844);
      try {
        Browsers.login(nurse, hub.httpBase(), "nurse@ho.test", By.id("alerts"));
        WebDriverWait wait = new WebDriverWait(nurse, Duration.ofSeconds(20));
        By row = By.cssSelector(".alert-row[data-patient='" + patient + "']");
        wait.until(ExpectedConditions.visibilityOfElementLocated(row));
        assertThat(count(nurse, ".alert-row[data-patient='" + patient + "'] button.ack")).isOne();
        wait.until(
                ExpectedConditions.elementToBeClickable(
                    By.cssSelector(".alert-row[data-patient='" + patient + "'] button.escalate")))
            .click();
        // The dialog says whom the escalation will page.
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".goes-to")));
        assertThat(nurse.findElement(By.cssSelector(".goes-to")).getText())
            .isEqualTo("Går til vagthavende læge Dorte Dahl");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".note-input")))
            .sendKeys("SpO2 87 %, vil du se på hende?");
        nurse.findElement(By.cssSelector(".escalate-submit")).click();
        wait.until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector(".alert-row[data-patient='" + patient + "'] .holder"),
                "Sendt til lægen af Nora Holm – venter på lægen"));
        // Read in one go: the live board redraws its rows.
        String css = ".alert-row[data-patient='" + patient + "']";
        // Her words are the row's newest note, where the next nurse reads why the doctor has it.
        wait.until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector(css + " .last-note"), "Til lægen: SpO2 87 %, vil du se på hende?"));
        assertThat(count(nurse, css + " button.ack"))
            .as("acknowledging would stop the pages to the doctor")
            .isZero();
        assertThat(count(nurse, css + " button.escalate")).isZero();
        assertThat(count(nurse, css + " button.alert-page")).isOne();
        screenshot(nurse, shots.resolve("handover-1-nurse-board-1400.png"));
        Sql.awaitCount(
            hub.db(),
            Duration.ofSeconds(30),
            n -> n == 1,
            "SELECT count(*) FROM notifications WHERE alert_id = ? AND recipient_role = 'ONCALL_DOCTOR'",
            alert);

        // The alert page she opens from the row says the same and offers no acknowledgement.
        wait.until(
                ExpectedConditions.elementToBeClickable(By.cssSelector(css + " button.alert-page")))
            .click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("handed-over")));
        assertThat(nurse.findElement(By.id("handed-over")).getText())
            .isEqualTo("Sendt til lægen af Nora Holm – venter på, at lægen kvitterer");
        assertThat(nurse.findElements(By.id("ack-button"))).isEmpty();
        screenshot(nurse, shots.resolve("handover-2-nurse-alert-page-1400.png"));

        // The patient asks to be called meanwhile: her request joins the alert, by "the patient".
        hub.callMe(CLINIC, patient, "Jeg har det værre");

        // The timeline: her hand-over once, then the page to the doctor, by name.
        nurse.get(hub.httpBase() + "/#/patient/" + patient);
        wait.until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("timeline"), "Alarm besked sendt"));
        List<String> steps =
            nurse.findElements(By.cssSelector("#timeline .pc-entry")).stream()
                .map(WebElement::getText)
                .filter(t -> t.contains("lægen") || t.contains("besked"))
                .toList();
        assertThat(steps).hasSize(2);
        assertThat(steps.get(0))
            .contains("Alarm besked sendt")
            .contains("besked til vagthavende læge Dorte Dahl (på skærmen)");
        assertThat(steps.get(1))
            .contains("Alarm eskaleret til lægen")
            .contains("“SpO2 87 %, vil du se på hende?”")
            .contains("af Nora Holm")
            .doesNotContain("automatisk");
        String history =
            (String)
                ((org.openqa.selenium.JavascriptExecutor) nurse)
                    .executeScript("return document.getElementById('history').textContent");
        assertThat(history).contains("notat af patienten").doesNotContain("ukendt person");
        ((org.openqa.selenium.JavascriptExecutor) nurse)
            .executeScript("document.getElementById('timeline').scrollIntoView()");
        screenshot(nurse, shots.resolve("handover-3-nurse-timeline-1400.png"));

        // The doctor's phone board offers her the acknowledgement.
        Browsers.login(doctor, hub.httpBase(), "doctor@ho.test", By.id("escalated"));
        new WebDriverWait(doctor, Duration.ofSeconds(20))
            .until(
                ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector(
                        "#escalated .alert-row[data-patient='" + patient + "'] button.ack")));
        // She reads her own board in the second person.
        assertThat(
                doctor
                    .findElement(
                        By.cssSelector(
                            "#escalated .alert-row[data-patient='" + patient + "'] .holder"))
                    .getText())
            .contains("Sendt til lægen af Nora Holm – venter på dig")
            .contains("Du er kaldt")
            .doesNotContain("Lægen kaldt");
        screenshot(doctor, shots.resolve("handover-4-doctor-board-390.png"));

        // The doctor closes it by phone advice; the closed page says how, when, by whom, and her
        // words.
        ApiClient doctorApi =
            ApiClient.loggedIn(hub.httpBase(), "doctor@ho.test", Browsers.PASSWORD);
        assertThat(
                doctorApi
                    .send(
                        "POST",
                        "/api/v1/alerts/" + alert + "/resolve",
                        new JsonObject()
                            .put("outcome", "ADVICE_BY_PHONE")
                            .put("note", "Talt med Karen: øger ilten til 2 l, ny måling i aften")
                            .encode())
                    .statusCode())
            .isEqualTo(200);
        doctor.get(hub.httpBase() + "/alert-page.html?alert=" + alert);
        new WebDriverWait(doctor, Duration.ofSeconds(20))
            .until(ExpectedConditions.visibilityOfElementLocated(By.id("closing")));
        assertThat(doctor.findElement(By.id("closing")).getText())
            .startsWith("Afsluttet med udfald: Råd pr. telefon · af Dorte Dahl · ")
            .matches(".* · .*\\d{2}\\.\\d{2}$");
        assertThat(doctor.findElement(By.id("closing-note")).getText())
            .isEqualTo("Talt med Karen: øger ilten til 2 l, ny måling i aften");
        screenshot(doctor, shots.resolve("handover-5-closed-alert-page-390.png"));
      } finally {
        nurse.quit();
        doctor.quit();
      }
    }
  }

  private static long count(WebDriver browser, String css) {
    return (Long)
        ((org.openqa.selenium.JavascriptExecutor) browser)
            .executeScript("return document.querySelectorAll(arguments[0]).length", css);
  }
}

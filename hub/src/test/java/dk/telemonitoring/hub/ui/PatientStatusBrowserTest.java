package dk.telemonitoring.hub.ui;

import static dk.telemonitoring.hub.ui.Browsers.createUser;
import static dk.telemonitoring.hub.ui.Browsers.screenshot;
import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.alerts.domain.Level;
import dk.telemonitoring.hub.support.Sql;
import dk.telemonitoring.hub.support.TestHub;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The patient's status on the patient page in headless Chromium, in Danish: a nurse at 1400 px
 * admits the patient, the board shows "Indlagt" on the patient's row, the nurse discharges and ends
 * the enrolment; a doctor on a phone (390 x 844) sets a spirometry personal best, with nothing
 * wider than the screen. Screenshots go to hub/target/screenshots/patient-status-*.png.
 */
class PatientStatusBrowserTest {

  private static final String CLINIC = "st";

  @Test
  void aNurseAdmitsDischargesAndEndsTheEnrolmentAndADoctorOnAPhoneSetsThePersonalBest()
      throws Exception {
    Browsers.Chromium installed = Browsers.chromiumOrSkip();
    String chromium = installed.binary();
    String chromedriver = installed.driver();
    Path shots = Browsers.screenshots();
    try (TestHub hub = TestHub.inFreshDatabase("statusbrowser")) {
      UUID patient = hub.provision(CLINIC, "ox-st-1", "COPD");
      Sql.exec(
          hub.db(),
          "UPDATE patients SET enrolled_at = now() - interval '30 days' WHERE id = ?",
          patient);
      hub.raise(CLINIC, patient, "limit.spo2", Level.RED, "SpO2 89 % below the limit");
      createUser(hub.httpBase(), "nurse@st.test", "Sygeplejerske Sand", "nurse", CLINIC);
      createUser(hub.httpBase(), "doctor@st.test", "Doktor Dahl", "doctor", CLINIC);
      WebDriver nurse = Browsers.desktop(chromium, chromedriver, 1400, 1000);
      WebDriver phone = Browsers.phone(chromium, chromedriver, 390, 844);
      try {
        Browsers.login(nurse, hub.httpBase(), "nurse@st.test", By.id("alerts"));
        WebDriverWait wait = new WebDriverWait(nurse, Duration.ofSeconds(15));
        nurse.get(hub.httpBase() + "/#/patient/" + patient);
        wait.until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("status-state"), "Indskrevet"));
        nurse.findElement(By.cssSelector("#status-admission summary")).click();
        nurse.findElement(By.name("admission-note")).sendKeys("KOL-exacerbation, Bispebjerg");
        nurse.findElement(By.id("status-admit")).click();
        wait.until(
            ExpectedConditions.textToBePresentInElementLocated(By.id("status-state"), "Indlagt"));
        assertThat(nurse.findElement(By.id("patient-status")).getText())
            .contains("giver ingen alarm og ingen opgave om manglende målinger")
            .contains("KOL-exacerbation, Bispebjerg")
            .doesNotContain("ADMISSION", "ADMITTED");
        assertThat(
                Sql.count(
                    hub.db(),
                    "SELECT count(*) FROM passive_intervals WHERE patient_id = ? AND kind = 'ADMISSION' AND to_at IS NULL AND created_by = 'nurse@st.test'",
                    patient))
            .isEqualTo(1);
        screenshot(nurse, shots.resolve("patient-status-admitted-1400.png"));

        nurse.get(hub.httpBase() + "/#/board");
        wait.until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("article[data-patient='" + patient + "'] .status-badge"),
                "Indlagt"));
        screenshot(nurse, shots.resolve("patient-status-board-1400.png"));

        nurse.get(hub.httpBase() + "/#/patient/" + patient);
        wait.until(ExpectedConditions.elementToBeClickable(By.id("status-discharge"))).click();
        wait.until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("status-state"), "Indskrevet"));
        assertThat(nurse.findElement(By.id("status-admissions")).getText())
            .contains("KOL-exacerbation, Bispebjerg")
            .doesNotContain("stadig indlagt");

        // Ending the enrolment silences the patient's alerts: a reason and a confirmation first.
        nurse.findElement(By.cssSelector("#status-end summary")).click();
        assertThat(nurse.findElement(By.id("status-end-enrolment")).isEnabled()).isFalse();
        new Select(nurse.findElement(By.name("end-reason"))).selectByVisibleText("Flyttet");
        assertThat(nurse.findElement(By.id("status-end-enrolment")).isEnabled()).isFalse();
        nurse.findElement(By.name("end-confirm")).click();
        nurse.findElement(By.id("status-end-enrolment")).click();
        wait.until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("status-state"), "Indskrivning afsluttet"));
        assertThat(nurse.findElement(By.id("patient-status")).getText())
            .contains("Flyttet")
            .contains("Målinger gemmes stadig, men giver ingen alarm");
        screenshot(nurse, shots.resolve("patient-status-ended-1400.png"));
        assertThat(
                Sql.text(
                    hub.db(), "SELECT enrolment_end_reason FROM patients WHERE id = ?", patient))
            .isEqualTo("MOVED");

        // The overview warns that one month of one patient is too few patient-years to compare.
        nurse.get(hub.httpBase() + "/#/overview");
        wait.until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("too-few-patient-years"), "For få patientår til at sammenligne"));
        assertThat(nurse.findElement(By.cssSelector("#before-after thead")).getText())
            .contains("median");
        screenshot(nurse, shots.resolve("patient-status-overview-1400.png"));

        Browsers.login(phone, hub.httpBase(), "doctor@st.test", By.id("escalated"));
        WebDriverWait phoneWait = new WebDriverWait(phone, Duration.ofSeconds(15));
        phone.get(hub.httpBase() + "/#/patient/" + patient);
        phoneWait.until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("status-personal-best"), "Ingen personlig bedste"));
        new Select(phone.findElement(By.name("best-code"))).selectByValue("fev1");
        phone.findElement(By.name("best-value")).sendKeys("2.1");
        phone.findElement(By.name("best-reason")).sendKeys("bedste stabile måling");
        phone.findElement(By.id("status-set-best")).click();
        phoneWait.until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("status-personal-best"), "FEV1 2,1 L"));
        assertThat(phone.findElement(By.id("status-personal-best")).getText())
            .contains("af Doktor Dahl: bedste stabile måling");
        assertThat(
                (Long)
                    ((JavascriptExecutor) phone)
                        .executeScript("return document.documentElement.scrollWidth"))
            .as("nothing wider than the phone")
            .isLessThanOrEqualTo(390L);
        ((JavascriptExecutor) phone)
            .executeScript("document.getElementById('patient-status').scrollIntoView()");
        screenshot(phone, shots.resolve("patient-status-phone-390.png"));
      } finally {
        nurse.quit();
        phone.quit();
      }
    }
  }
}

package dk.telemonitoring.hub.ui;

import static dk.telemonitoring.hub.ui.Browsers.createUser;
import static dk.telemonitoring.hub.ui.Browsers.screenshot;
import static org.assertj.core.api.Assertions.assertThat;

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
 * The SpO2 scale 2 prescription on the patient page in headless Chromium: a doctor prescribes the
 * 88-92 % target with a reason and sees it named with her name, a nurse reads it without a form,
 * and the doctor revokes it. The page is in Danish (the screen's default). A screenshot of the
 * doctor's page goes to hub/target/screenshots/.
 */
class Spo2PrescriptionBrowserTest {

  private static final String CLINIC = "rx";

  @Test
  void aDoctorPrescribesAndRevokesTheSpo2TargetAndANurseReadsIt() throws Exception {
    Browsers.Chromium installed = Browsers.chromiumOrSkip();
    String chromium = installed.binary();
    String chromedriver = installed.driver();
    Path shots = Browsers.screenshots();
    try (TestHub hub = TestHub.inFreshDatabase("rxbrowser")) {
      UUID patient = hub.provision(CLINIC, "ox-rx-1", "COPD");
      createUser(hub.httpBase(), "doctor@rx.test", "Doktor Dahl", "doctor", CLINIC);
      createUser(hub.httpBase(), "nurse@rx.test", "Sygeplejerske Sand", "nurse", CLINIC);
      WebDriver doctor = Browsers.desktop(chromium, chromedriver, 1400, 1000);
      WebDriver nurse = Browsers.desktop(chromium, chromedriver, 1400, 1000);
      try {
        Browsers.login(doctor, hub.httpBase(), "doctor@rx.test", By.id("alerts"));
        doctor.get(hub.httpBase() + "/#/patient/" + patient);
        WebDriverWait wait = new WebDriverWait(doctor, Duration.ofSeconds(15));
        wait.until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("spo2-current"), "Intet ordineret SpO2-mål"));

        doctor
            .findElement(By.id("spo2-prescribe"))
            .click(); // without a reason: refused on the page
        assertThat(doctor.findElement(By.id("spo2-status")).getText())
            .isEqualTo("Skriv en begrundelse");
        doctor.findElement(By.name("spo2-reason")).sendKeys("hyperkapnisk respirationssvigt");
        doctor.findElement(By.id("spo2-prescribe")).click();
        wait.until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("spo2-current"),
                "Ordineret SpO2-mål 88-92 % (NEWS2 skala 2) af Doktor Dahl"));
        assertThat(
                Sql.text(
                    hub.db(),
                    "SELECT prescribed_by FROM spo2_prescriptions WHERE patient_id = ? AND revoked_at IS NULL",
                    patient))
            .isEqualTo("doctor@rx.test");
        screenshot(doctor, shots.resolve("spo2-prescription-doctor.png"));

        Browsers.login(nurse, hub.httpBase(), "nurse@rx.test", By.id("alerts"));
        nurse.get(hub.httpBase() + "/#/patient/" + patient);
        new WebDriverWait(nurse, Duration.ofSeconds(15))
            .until(
                ExpectedConditions.textToBePresentInElementLocated(
                    By.id("spo2-current"),
                    "Ordineret SpO2-mål 88-92 % (NEWS2 skala 2) af Doktor Dahl"));
        assertThat(
                nurse.findElements(
                    By.cssSelector("#spo2-prescription input, #spo2-prescribe, #spo2-revoke")))
            .isEmpty();
        assertThat(nurse.findElement(By.id("spo2-prescription")).getText())
            .contains("Kun læger kan ordinere eller ophæve et SpO2-mål");

        wait.until(ExpectedConditions.elementToBeClickable(By.id("spo2-revoke")));
        doctor.findElement(By.name("spo2-reason")).sendKeys("blodgas normal");
        doctor.findElement(By.id("spo2-revoke")).click();
        wait.until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("spo2-current"), "Intet ordineret SpO2-mål"));
        assertThat(doctor.findElement(By.id("spo2-prescription")).getText())
            .contains("Tidligere ordinationer (1)");
        assertThat(
                Sql.text(
                    hub.db(),
                    "SELECT revoke_reason FROM spo2_prescriptions WHERE patient_id = ?",
                    patient))
            .isEqualTo("blodgas normal");
      } finally {
        doctor.quit();
        nurse.quit();
      }
    }
  }
}

package dk.telemonitoring.hub.ui;

import static dk.telemonitoring.hub.ui.Browsers.createUser;
import static dk.telemonitoring.hub.ui.Browsers.screenshot;
import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.alerts.domain.Level;
import dk.telemonitoring.hub.api.ApiClient;
import dk.telemonitoring.hub.support.RetriedPages;
import dk.telemonitoring.hub.support.Sql;
import dk.telemonitoring.hub.support.TestHub;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A page to the on-call doctor that never arrives (an e-mail from a hub with no mail server) is on
 * both boards: the nurse's tells her to call instead, with the doctor's work phone; the doctor's
 * says only which page failed, since calling is not her step. A page still retried after a failure
 * is named as such. "Doctor paged" names the pages that did not arrive, also once a nurse has taken
 * the alert, when the warning itself goes. The on-call panel names who is on call until when. The
 * audit log names the page given up on, in words.
 */
class UndeliveredPageBrowserTest {

  private static final String CLINIC = "ud";

  @Test
  void theNurseIsToldToCallAndTheDoctorWhichPageFailed() throws Exception {
    Browsers.Chromium installed = Browsers.chromiumOrSkip();
    Path shots = Browsers.screenshots();
    try (TestHub hub = TestHub.inFreshDatabase("undeliveredui")) {
      UUID patient = hub.provision(CLINIC, "ox-ud-1", "COPD");
      createUser(hub.httpBase(), "admin@ud.test", "Ada Admin", "admin", CLINIC);
      createUser(hub.httpBase(), "nurse@ud.test", "Nora Holm", "nurse", CLINIC);
      createUser(hub.httpBase(), "doctor@ud.test", "Dorte Dahl", "doctor", CLINIC);
      ApiClient admin = ApiClient.loggedIn(hub.httpBase(), "admin@ud.test", Browsers.PASSWORD);
      String doctorId =
          Sql.text(hub.db(), "SELECT id::text FROM app_users WHERE email = 'doctor@ud.test'");
      Sql.exec(
          hub.db(),
          "UPDATE app_users SET phone = '+45 20 30 40 50' WHERE email = 'doctor@ud.test'");
      OnCallSetup.onCallDoctor(admin, doctorId);
      // A swap left her as the backup too: the board must say that nobody else would be paged.
      OnCallSetup.onCall(admin, "BACKUP_DOCTOR", doctorId);
      OnCallSetup.redPagesTheDoctor(admin, 0, "IN_APP", "EMAIL");
      UUID alert = hub.raise(CLINIC, patient, "spo2.limit", Level.RED, "SpO2 87 % below 88 %");
      Sql.awaitCount(
          hub.db(),
          Duration.ofSeconds(60),
          n -> n == 1,
          "SELECT count(*) FROM notifications WHERE alert_id = ? AND channel = 'EMAIL'"
              + " AND status = 'DEAD'",
          alert);

      WebDriver nurse = Browsers.desktop(installed.binary(), installed.driver(), 1400, 1000);
      WebDriver doctor = Browsers.phone(installed.binary(), installed.driver(), 390, 844);
      try {
        Browsers.login(nurse, hub.httpBase(), "nurse@ud.test", By.id("alerts"));
        String toNurse = undelivered(nurse);
        assertThat(toNurse)
            .contains("Kom ikke frem: besked til")
            .contains("vagthavende læge (e-mail)")
            .endsWith("ring i stedet: Dorte Dahl +45 20 30 40 50");
        // A number to tap, on one line: "+45 20 30 / 40 50" would be a misdial.
        WebElement call = nurse.findElement(By.cssSelector(".undelivered a.call"));
        assertThat(call.getAttribute("href")).isEqualTo("tel:+4520304050");
        assertThat(call.getCssValue("white-space")).isEqualTo("nowrap");
        // The number is a call on the on-call panel too.
        assertThat(
                nurse
                    .findElement(By.cssSelector("#oncall tr[data-role='ONCALL_DOCTOR'] a.call"))
                    .getDomAttribute("href"))
            .isEqualTo("tel:+4520304050");
        assertThat(nurse.findElement(By.cssSelector("#oncall [data-same-doctor]")).getText())
            .isEqualTo(
                "⚠ Dorte Dahl er både vagthavende læge og bagvagt: en eskalering til bagvagten"
                    + " kalder den samme læge igen");
        screenshot(nurse, shots.resolve("board-undelivered-nurse-1400.png"));
        // A second page, by webhook, failed once and is tried again (as the dispatcher leaves it):
        // named too, as still tried.
        RetriedPages.webhookBesideTheEmailPage(hub.db(), alert);
        nurse.navigate().refresh();
        new WebDriverWait(nurse, Duration.ofSeconds(20))
            .until(
                ExpectedConditions.textToBePresentInElementLocated(
                    By.cssSelector(".undelivered"), "prøver igen"));
        assertThat(undelivered(nurse)).contains("(e-mail)").contains(", prøver igen)");
        // "Doctor paged" says which of her pages did not arrive: on the screen only is not reached.
        assertThat(holderLine(nurse))
            .contains("Lægen kaldt: Dorte Dahl (kom ikke frem via ")
            .contains("e-mail");

        Browsers.login(doctor, hub.httpBase(), "doctor@ud.test", By.id("alerts"));
        String toDoctor = undelivered(doctor);
        // The page that failed was her own: said so, not as if another doctor was not reached.
        assertThat(toDoctor)
            .contains("Kom ikke frem: besked til dig (e-mail")
            .doesNotContain("Vagthavende læge")
            .doesNotContain("ring i stedet");
        // Who is on call "until" the handover (a second word with the same key once made it
        // "waiting until").
        assertThat(
                doctor
                    .findElement(By.cssSelector("#oncall tr[data-role='ONCALL_DOCTOR']"))
                    .getText())
            .contains("Dorte Dahl +45 20 30 40 50 til ")
            .doesNotContain("venter");
        screenshot(doctor, shots.resolve("board-undelivered-doctor-390.png"));
        // Her board is Danish, so is the alert page it opens, whatever the phone's own language.
        assertThat(
                (String)
                    ((org.openqa.selenium.JavascriptExecutor) doctor)
                        .executeScript("return navigator.language"))
            .startsWith("en");
        doctor.findElement(By.cssSelector(".alert-row button.alert-page")).click();
        new WebDriverWait(doctor, Duration.ofSeconds(20))
            .until(ExpectedConditions.textToBe(By.id("level"), "RØD"));
        assertThat(doctor.findElement(By.tagName("body")).getText()).contains("Ring til patienten");
        assertThat(doctor.findElements(By.id("call-doctor-on-call")))
            .as("the on-call doctor is not offered a call to herself")
            .isEmpty();

        // The nurse's alert page offers the call her warning asks for.
        nurse.findElement(By.cssSelector(".alert-row button.alert-page")).click();
        new WebDriverWait(nurse, Duration.ofSeconds(20))
            .until(ExpectedConditions.textToBe(By.id("level"), "RØD"));
        // Name and number on lines of their own.
        assertThat(nurse.findElement(By.id("call-doctor-on-call")).getText().split("\n"))
            .containsExactly("Ring til vagthavende læge", "Dorte Dahl", "+45 20 30 40 50");
        assertThat(nurse.findElement(By.id("call-doctor-on-call")).getDomAttribute("href"))
            .isEqualTo("tel:+4520304050");
        // Back to the board, which must follow the alert again: Chromium restores it from its
        // back-forward cache, as it was and with its live stream closed, unless the page loads
        // anew.
        nurse.navigate().back();

        // The nurse takes the alert: her warning goes (the alert is no longer unanswered), but the
        // doctor was still not reached, and the row still says so.
        ApiClient nurseApi = ApiClient.loggedIn(hub.httpBase(), "nurse@ud.test", Browsers.PASSWORD);
        assertThat(
                nurseApi
                    .send("POST", "/api/v1/alerts/" + alert + "/acknowledge", "{}")
                    .statusCode())
            .isEqualTo(200);
        new WebDriverWait(nurse, Duration.ofSeconds(20))
            .until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(".undelivered")));
        assertThat(holderLine(nurse))
            .contains("Har den: Nora Holm")
            .contains("Lægen kaldt: Dorte Dahl (kom ikke frem via ");
        // The plan paged the doctor already: sending the patient to her now is a second page.
        assertThat(nurse.findElement(By.cssSelector(".alert-row button.escalate")).getText())
            .isEqualTo("Til lægen igen");
        screenshot(nurse, shots.resolve("board-undelivered-acknowledged-1400.png"));

        // The audit log has the page given up on, as it has a delivered one: who, by which channel.
        assertThat(
                Sql.text(
                    hub.db(),
                    "SELECT string_agg(target, ' | ') FROM audit_log"
                        + " WHERE action = 'page.not-delivered' AND patient_id = ?",
                    patient))
            .isEqualTo(doctorId + " by EMAIL (pseudonym)");
        nurse.manage().deleteAllCookies();
        Browsers.login(nurse, hub.httpBase(), "admin@ud.test", By.id("admin-home"));
        nurse.get(hub.httpBase() + "/#/admin/audit?action=page.not-delivered");
        new WebDriverWait(nurse, Duration.ofSeconds(20))
            .until(
                ExpectedConditions.textToBePresentInElementLocated(
                    By.id("audit"), "kom ikke frem"));
        assertThat(nurse.findElement(By.id("audit")).getText())
            .contains("besked om patienten kom ikke frem")
            .contains("Dorte Dahl via e-mail (med pseudonym)");
      } finally {
        nurse.quit();
        doctor.quit();
      }
    }
  }

  private static String holderLine(WebDriver browser) {
    return new WebDriverWait(browser, Duration.ofSeconds(20))
        .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".alert-row .holder")))
        .getText();
  }

  private static String undelivered(WebDriver browser) {
    return new WebDriverWait(browser, Duration.ofSeconds(20))
        .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".undelivered")))
        .getText();
  }
}

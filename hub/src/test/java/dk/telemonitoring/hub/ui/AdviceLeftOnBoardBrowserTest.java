package dk.telemonitoring.hub.ui;

import static dk.telemonitoring.hub.ui.Browsers.createUser;
import static dk.telemonitoring.hub.ui.Browsers.screenshot;
import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.alerts.domain.Level;
import dk.telemonitoring.hub.api.ApiClient;
import dk.telemonitoring.hub.support.Sql;
import dk.telemonitoring.hub.support.TestHub;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The on-call doctor advises "start the rescue pack" and closes the alert herself. The nurse's
 * board (1400 px) keeps the advice, in Danish, with who gave it and who closed the alert, until she
 * marks it done; then it is gone, and the patient's timeline says who did it. The same card on a
 * phone (390 px) fits the width; clicked there after it was done, it says so and goes. Screenshots
 * go to hub/target/screenshots/advice-left-*.png.
 */
class AdviceLeftOnBoardBrowserTest {

  private static final String CLINIC = "al";

  @Test
  void theDoctorsAdviceStaysOnTheBoardUntilANurseHasCarriedItOut() throws Exception {
    Browsers.Chromium installed = Browsers.chromiumOrSkip();
    Path shots = Browsers.screenshots();
    try (TestHub hub = TestHub.inFreshDatabase("adviceleftui")) {
      UUID patient = hub.provision(CLINIC, "ox-al-1", "COPD", "Karen Jensen");
      createUser(hub.httpBase(), "nurse@al.test", "Nora Holm", "nurse", CLINIC);
      createUser(hub.httpBase(), "doctor@al.test", "Dorte Dahl", "doctor", CLINIC);
      ApiClient doctor = ApiClient.loggedIn(hub.httpBase(), "doctor@al.test", Browsers.PASSWORD);
      UUID alert = hub.raise(CLINIC, patient, "spo2.limit", Level.RED, "SpO2 87 % below 88 %");
      HttpResponse<String> advised =
          doctor.send(
              "POST",
              "/api/v1/alerts/" + alert + "/advise",
              new JsonObject()
                  .put("instruction", "START_RESCUE_PACK")
                  .put("note", "Prednisolon 37,5 mg i 5 dage og amoxicillin")
                  .encode());
      assertThat(advised.statusCode()).as(advised.body()).isEqualTo(201);
      HttpResponse<String> closed =
          doctor.send(
              "POST",
              "/api/v1/alerts/" + alert + "/resolve",
              new JsonObject().put("outcome", "ADVICE_BY_PHONE").encode());
      assertThat(closed.statusCode()).as(closed.body()).isEqualTo(200);

      WebDriver nurse = Browsers.desktop(installed.binary(), installed.driver(), 1400, 1000);
      WebDriver phone = Browsers.phone(installed.binary(), installed.driver(), 390, 844);
      try {
        Browsers.login(nurse, hub.httpBase(), "nurse@al.test", By.id("alerts"));
        WebDriverWait wait = new WebDriverWait(nurse, Duration.ofSeconds(20));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("advice-left")));
        String card = text(nurse, "#advice-left");
        assertThat(card)
            .contains("Lægens råd at udføre (1)")
            .contains("Karen Jensen")
            .contains("Start akutpakken (se tekst) · Prednisolon 37,5 mg i 5 dage og amoxicillin")
            .contains("råd fra Dorte Dahl")
            .contains("alarmen afsluttet af Dorte Dahl")
            .doesNotContain("START_RESCUE_PACK")
            .doesNotContain(alert.toString());
        assertThat(count(nurse, "#alerts .alert-row")).as("the alert itself is closed").isZero();
        screenshot(nurse, shots.resolve("advice-left-1-nurse-board-1400.png"));

        Browsers.login(phone, hub.httpBase(), "nurse@al.test", By.id("alerts"));
        new WebDriverWait(phone, Duration.ofSeconds(20))
            .until(ExpectedConditions.visibilityOfElementLocated(By.id("advice-left")));
        Browsers.assertFitsTheWidth(phone, "the board with advice left");
        screenshot(phone, shots.resolve("advice-left-2-nurse-board-390.png"));

        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#advice-left button")))
            .click();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("advice-left")));
        assertThat(
                Sql.text(
                    hub.db(),
                    "SELECT u.display_name FROM alert_advice v JOIN app_users u"
                        + " ON u.id::text = v.carried_out_by WHERE v.alert_id = ?",
                    alert))
            .isEqualTo("Nora Holm");
        screenshot(nurse, shots.resolve("advice-left-3-done-1400.png"));

        // The phone still shows the card (carrying out advice pushes nothing): its click is
        // refused, says why in Danish, and the card goes.
        WebDriverWait phoneWait = new WebDriverWait(phone, Duration.ofSeconds(20));
        phone.findElement(By.cssSelector("#advice-left button")).click();
        Alert refused = phoneWait.until(ExpectedConditions.alertIsPresent());
        assertThat(refused.getText())
            .isEqualTo(
                "Det lykkedes ikke: Rådet er allerede udført, eller lægen har givet et nyere råd");
        refused.accept();
        phoneWait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("advice-left")));

        // The patient's timeline tells who carried it out.
        nurse.get(hub.httpBase() + "/#/patient/" + patient);
        wait.until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("timeline"), "lægens råd udført"));
        assertThat(text(nurse, "#timeline"))
            .contains("Alarm lægens råd udført\nStart akutpakken (se tekst) · af Nora Holm")
            .contains(
                "Alarm lægens råd\nStart akutpakken (se tekst) · “Prednisolon 37,5 mg i 5 dage og"
                    + " amoxicillin” · af Dorte Dahl");
        ((JavascriptExecutor) nurse)
            .executeScript("document.getElementById('timeline').scrollIntoView()");
        screenshot(nurse, shots.resolve("advice-left-4-timeline-1400.png"));
      } finally {
        nurse.quit();
        phone.quit();
      }
    }
  }

  private static String text(WebDriver driver, String css) {
    return (String)
        ((JavascriptExecutor) driver)
            .executeScript("return document.querySelector(arguments[0]).innerText", css);
  }

  private static long count(WebDriver driver, String css) {
    return (Long)
        ((JavascriptExecutor) driver)
            .executeScript("return document.querySelectorAll(arguments[0]).length", css);
  }
}

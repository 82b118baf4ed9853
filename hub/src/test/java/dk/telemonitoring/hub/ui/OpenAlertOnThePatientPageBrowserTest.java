package dk.telemonitoring.hub.ui;

import static dk.telemonitoring.hub.ui.Browsers.createUser;
import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.hub.support.Devices;
import dk.telemonitoring.hub.support.Sql;
import dk.telemonitoring.hub.support.TestHub;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A nurse who opens a patient's page from the patient list or a search, not from the board, sees
 * first that the patient has an open alert, how urgent and why, and opens the alert from there;
 * before, the page began with the status and the charts, and the alert was a collapsed line in the
 * history far below. A patient without an open alert has no such card. "← Tilbage" goes back where
 * the page was opened from (the patient list here), and is a finger's height on the doctor's phone.
 * Screenshots: hub/target/screenshots/patient-open-alert-*.png.
 */
class OpenAlertOnThePatientPageBrowserTest {

  private static final String CLINIC = "oap";

  @Test
  void aPatientsOpenCriticalAlertIsTheFirstThingOnHerPage() throws Exception {
    Browsers.Chromium installed = Browsers.chromiumOrSkip();
    Path shots = Browsers.screenshots();
    try (TestHub hub = TestHub.inFreshDatabase("openalertpatient");
        Devices devices = new Devices(hub.topicRoot())) {
      UUID inge = hub.provision(CLINIC, "ox-oap-1", "COPD", "Inge Hansen");
      UUID poul = hub.provision(CLINIC, "ox-oap-2", "COPD", "Poul Jensen");
      devices.publish(
          devices.readingsTopic(CLINIC, "ox-oap-1"),
          Devices.spo2("oap-1", Instant.now().minus(Duration.ofMinutes(3)), 80, 88));
      Sql.awaitCount(
          hub.db(),
          Duration.ofSeconds(30),
          n -> n == 1,
          "SELECT count(*) FROM alerts WHERE patient_id = ? AND level = 'CRITICAL'",
          inge);
      String alert = Sql.text(hub.db(), "SELECT id::text FROM alerts WHERE patient_id = ?", inge);
      createUser(hub.httpBase(), "nurse@oap.test", "Nora Holm", "nurse", CLINIC);
      createUser(hub.httpBase(), "doctor@oap.test", "Dorte Dahl", "doctor", CLINIC);

      WebDriver nurse = Browsers.desktop(installed.binary(), installed.driver(), 1400, 900);
      try {
        Browsers.login(nurse, hub.httpBase(), "nurse@oap.test", By.id("alerts"));
        nurse.get(hub.httpBase() + "/#/patient/" + inge);
        WebElement card = awaitOpenAlert(nurse);
        assertThat(card.getDomAttribute("data-level")).isEqualTo("CRITICAL");
        assertThat(card.getText()).contains("KRITISK").contains("Åben alarm").contains("SpO2 80");
        assertThat(inView(nurse, card)).as("where she looks, without scrolling").isTrue();
        assertAboveTheCharts(nurse, card);
        Browsers.screenshot(nurse, shots.resolve("patient-open-alert-1400-da.png"));
        ScreenText.assertSpeaks(nurse, true, "patient page with an open alert at 1400 px");

        // Opened from the patient list, "← Tilbage" goes back to the list, not to the board.
        nurse.get(hub.httpBase() + "/#/patients");
        new WebDriverWait(nurse, Duration.ofSeconds(15))
            .until(ExpectedConditions.elementToBeClickable(By.linkText("Inge Hansen")))
            .click();
        card = awaitOpenAlert(nurse);
        nurse.findElement(By.id("patient-back")).click();
        new WebDriverWait(nurse, Duration.ofSeconds(15))
            .until(ExpectedConditions.urlToBe(hub.httpBase() + "/#/patients"));
        new WebDriverWait(nurse, Duration.ofSeconds(15))
            .until(ExpectedConditions.elementToBeClickable(By.linkText("Inge Hansen")))
            .click();
        card = awaitOpenAlert(nurse);

        card.findElement(By.cssSelector("button.alert-page")).click();
        new WebDriverWait(nurse, Duration.ofSeconds(15))
            .until(ExpectedConditions.urlContains("/alert-page.html?alert=" + alert));

        nurse.get(hub.httpBase() + "/#/patient/" + poul);
        Browsers.awaitTextContent(nurse, "#patient-name", "Poul Jensen");
        assertThat(nurse.findElements(By.id("open-alert"))).as("no open alert, no card").isEmpty();
      } finally {
        nurse.quit();
      }

      WebDriver phone = Browsers.phone(installed.binary(), installed.driver(), 390, 844);
      try {
        Browsers.login(phone, hub.httpBase(), "doctor@oap.test", By.id("escalated"));
        phone.findElement(By.id("lang")).click();
        phone.get(hub.httpBase() + "/#/patient/" + inge);
        WebElement card = awaitOpenAlert(phone);
        assertThat(card.getText()).contains("CRITICAL").contains("Open alert");
        assertThat(inView(phone, card)).isTrue();
        Browsers.assertFitsTheWidth(phone, "patient page with an open alert at 390 px");
        assertThat(phone.findElement(By.id("patient-back")).getSize().getHeight())
            .as("a finger's height")
            .isGreaterThanOrEqualTo(44);
        ScreenText.assertSpeaks(phone, false, "patient page with an open alert at 390 px");
        Browsers.screenshot(phone, shots.resolve("patient-open-alert-390-en.png"));
      } finally {
        phone.quit();
      }
    }
  }

  private static WebElement awaitOpenAlert(WebDriver driver) {
    return new WebDriverWait(driver, Duration.ofSeconds(15))
        .until(ExpectedConditions.visibilityOfElementLocated(By.id("open-alert")));
  }

  private static void assertAboveTheCharts(WebDriver driver, WebElement card) {
    Object above =
        ((JavascriptExecutor) driver)
            .executeScript(
                "return ['#patient-status', '#patient-charts'].map((s) => document.querySelector(s))"
                    + ".every((e) => arguments[0].getBoundingClientRect().bottom"
                    + " <= e.getBoundingClientRect().top);",
                card);
    assertThat(above).as("the open alert comes before the status and the charts").isEqualTo(true);
  }

  private static boolean inView(WebDriver driver, WebElement element) {
    return (Boolean)
        ((JavascriptExecutor) driver)
            .executeScript(
                "const r = arguments[0].getBoundingClientRect();"
                    + " return r.top >= 0 && r.bottom <= window.innerHeight;",
                element);
  }
}

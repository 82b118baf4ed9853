package dk.telemonitoring.hub.ui;

import static dk.telemonitoring.hub.ui.Browsers.createUser;
import static dk.telemonitoring.hub.ui.Browsers.screenshot;
import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.hub.config.DbUrl;
import dk.telemonitoring.hub.support.Devices;
import dk.telemonitoring.hub.support.Sql;
import dk.telemonitoring.hub.support.TestHub;
import dk.telemonitoring.hub.support.TestServices;
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
 * A patient with an open RED alert measures again at the same level: nothing about the alert
 * changes, no alert event is sent, yet her row on the nurse's open board (1400 px) shows the new
 * value by itself, without a reload. Before, the row kept the old value until something else
 * repainted the board. Each reason names when its newest reading was measured, and once the
 * readings are normal again, says so.
 */
class BoardFollowsReadingsBrowserTest {

  private static final String CLINIC = "bf";
  private static final String DEVICE = "ox-bf-1";

  @Test
  void aReadingJoiningAnOpenAlertShowsOnTheOpenBoard() throws Exception {
    Browsers.Chromium installed = Browsers.chromiumOrSkip();
    DbUrl server = TestServices.postgres();
    DbUrl db = TestServices.freshDatabase(server, "boardfollows");
    String topicRoot = TestServices.uniqueTopicRoot();
    Path shots = Browsers.screenshots();
    try (TestHub hub =
            TestHub.start(
                TestHub.settings(db, topicRoot, "hub-boardfollows-" + UUID.randomUUID()));
        Devices devices = new Devices(topicRoot)) {
      UUID patient = hub.provision(CLINIC, DEVICE, "COPD");
      createUser(hub.httpBase(), "nurse@bf.test", "Nora Holm", "nurse", CLINIC);
      Instant now = Instant.now();
      // A temperature from two days ago: the board's latest values say when it was measured.
      devices.publish(
          devices.readingsTopic(CLINIC, DEVICE),
          """
          {"v":1,"msgId":"old-t","kind":"measurement","measuredAt":"%s",
           "values":[{"code":"temperature","value":36.8,"unit":"Cel"}]}"""
              .formatted(now.minus(Duration.ofDays(2))));
      // SpO2 87 % twice: RED for a COPD patient once repeated.
      devices.publish(
          devices.readingsTopic(CLINIC, DEVICE), Devices.spo2("a", now.minusSeconds(180), 87, 70));
      Sql.awaitCount(
          db,
          Duration.ofSeconds(30),
          n -> n == 1,
          "SELECT count(*) FROM readings WHERE code = 'spo2'");
      devices.publish(
          devices.readingsTopic(CLINIC, DEVICE), Devices.spo2("b", now.minusSeconds(120), 87, 70));
      Sql.awaitCount(
          db,
          Duration.ofSeconds(30),
          n -> n == 1,
          "SELECT count(*) FROM alerts WHERE level = 'RED' AND state = 'OPEN'");

      WebDriver nurse = Browsers.desktop(installed.binary(), installed.driver(), 1400, 1000);
      try {
        Browsers.login(nurse, hub.httpBase(), "nurse@bf.test", By.id("alerts"));
        By values = By.cssSelector(".alert-row[data-patient='" + patient + "'] .values");
        WebDriverWait wait = new WebDriverWait(nurse, Duration.ofSeconds(20));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(values, "SpO2 87 %"));
        WebElement temperature =
            nurse.findElement(
                By.cssSelector(
                    ".alert-row[data-patient='"
                        + patient
                        + "'] .values span[data-code='temperature']"));
        String temperatureAt = temperature.getDomAttribute("title");
        assertThat(temperature.getText()).isEqualTo("Temperatur 36,8 °C (" + temperatureAt + ")");
        assertThat(
                nurse
                    .findElement(
                        By.cssSelector(
                            ".alert-row[data-patient='"
                                + patient
                                + "'] .values span[data-code='spo2']"))
                    .getText())
            .as("today's value without its time")
            .isEqualTo("SpO2 87 %");
        // Marks this page: a reload would lose it.
        ((JavascriptExecutor) nurse).executeScript("window.sameBoard = true");

        devices.publish(
            devices.readingsTopic(CLINIC, DEVICE), Devices.spo2("c", now.minusSeconds(30), 86, 72));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(values, "SpO2 86 %"));
        assertThat(((JavascriptExecutor) nurse).executeScript("return window.sameBoard"))
            .as("shown without a reload")
            .isEqualTo(true);
        assertThat(Sql.count(db, "SELECT count(*) FROM alerts")).as("still one alert").isOne();
        // Each reason says when its newest reading was measured, in the words the latest value's
        // own time uses: a finding from yesterday does not read as today's.
        By reasons = By.cssSelector(".alert-row[data-patient='" + patient + "'] .reasons li");
        String measured =
            nurse
                .findElement(
                    By.xpath(
                        "//article[@data-patient='"
                            + patient
                            + "']//div[@class='values']/span[starts-with(., 'SpO2')]"))
                .getDomAttribute("title");
        assertThat(measured).isNotBlank();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(reasons, " · " + measured));
        screenshot(nurse, shots.resolve("board-follows-reading-1400.png"));

        // Normal again (SpO2 95 % twice): the alert stays RED for a person to close, and its
        // findings say they are normal again.
        devices.publish(
            devices.readingsTopic(CLINIC, DEVICE), Devices.spo2("d", now.minusSeconds(20), 95, 72));
        devices.publish(
            devices.readingsTopic(CLINIC, DEVICE), Devices.spo2("e", now.minusSeconds(10), 95, 72));
        wait.until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector(".alert-row[data-patient='" + patient + "'] .reasons li.cleared"),
                "målingen er normal igen"));
        screenshot(nurse, shots.resolve("board-finding-normal-again-1400.png"));

        // The patient list says when an old value was measured, as the board does.
        nurse.get(hub.httpBase() + "/#/patients");
        By listRow = By.cssSelector("#patients tr[data-patient='" + patient + "']");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(listRow, "SpO2 95 %"));
        assertThat(nurse.findElement(listRow).getText())
            .contains("Temperatur 36,8 °C (" + temperatureAt + ")")
            .doesNotContain("SpO2 95 % (");
      } finally {
        nurse.quit();
      }
    } finally {
      TestServices.dropDatabase(db, server);
    }
  }
}

package dk.telemonitoring.hub.ui;

import static dk.telemonitoring.hub.ui.Browsers.createUser;
import static dk.telemonitoring.hub.ui.Browsers.screenshot;
import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.alerts.domain.Level;
import dk.telemonitoring.hub.store.RegistryStore;
import dk.telemonitoring.hub.support.Devices;
import dk.telemonitoring.hub.support.Sql;
import dk.telemonitoring.hub.support.TestHub;
import dk.telemonitoring.hub.support.TestServices;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The contacts card of the patient page in headless Chromium, in Danish: at 1400 px a nurse logs a
 * phone call that closes the patient's open RED alert and sends the patient's tablet a message,
 * which a real MQTT tablet receives and confirms, so the timeline shows it delivered; a doctor at
 * 390x844 reads the same timeline on a phone. No code reaches the screen and nothing is wider than
 * it. Screenshots go to hub/target/screenshots/.
 */
class PatientContactsBrowserTest {

  private static final String CLINIC = "pc";

  @Test
  void aNurseLogsAContactThatClosesTheAlertAndSendsAMessageAndTheTimelineShowsBoth()
      throws Exception {
    Browsers.Chromium installed = Browsers.chromiumOrSkip();
    String chromium = installed.binary();
    String chromedriver = installed.driver();
    Path shots = Browsers.screenshots();
    try (TestHub hub = TestHub.inFreshDatabase("pcbrowser")) {
      UUID patient = hub.provision(CLINIC, "ox-pc-1", "COPD");
      RegistryStore registry = new RegistryStore(hub.hub().pool());
      registry.registerDevice("tab-pc-1", CLINIC, "TABLET", 172_800).await();
      registry.bind("tab-pc-1", patient, Instant.now().minusSeconds(3600), "test").await();
      createUser(hub.httpBase(), "nurse@pc.test", "Sygeplejerske Sand", "nurse", CLINIC);
      createUser(hub.httpBase(), "doctor@pc.test", "Doktor Dahl", "doctor", CLINIC);
      UUID alert =
          hub.raise(
              CLINIC, patient, "spo2.limit", Level.RED, "SpO2 88 % is below the limit of 90 %");

      // The tablet: shows each message and confirms it on its readings topic.
      String root = hub.topicRoot();
      MqttClient tablet =
          new MqttClient(
              TestServices.mqttUrl(), "tab-" + UUID.randomUUID(), new MemoryPersistence());
      MqttConnectOptions options = new MqttConnectOptions();
      options.setCleanSession(true);
      tablet.connect(options);
      tablet.subscribe(
          root + "/" + CLINIC + "/devices/tab-pc-1/commands",
          1,
          (topic, m) -> {
            JsonObject message = new JsonObject(new String(m.getPayload(), StandardCharsets.UTF_8));
            String receipt =
                new JsonObject()
                    .put("v", 1)
                    .put("msgId", "mr-" + message.getString("messageId"))
                    .put("kind", "message-receipt")
                    .put("messageId", message.getString("messageId"))
                    .encode();
            new Thread(
                    () -> {
                      try {
                        tablet.publish(
                            root + "/" + CLINIC + "/devices/tab-pc-1/readings",
                            receipt.getBytes(StandardCharsets.UTF_8),
                            1,
                            false);
                      } catch (Exception e) {
                        throw new IllegalStateException(e);
                      }
                    })
                .start();
          });
      try (Devices devices = new Devices(root)) {
        devices.publish(
            devices.readingsTopic(CLINIC, "ox-pc-1"),
            Devices.spo2("pc-1", Instant.now().minusSeconds(1800), 88, 96));
        Sql.awaitCount(
            hub.db(),
            Duration.ofSeconds(20),
            n -> n == 2,
            "SELECT count(*) FROM readings WHERE patient_id = ?",
            patient);
      }

      WebDriver nurse = Browsers.desktop(chromium, chromedriver, 1400, 1000);
      WebDriver doctor = Browsers.phone(chromium, chromedriver, 390, 844);
      try {
        Browsers.login(nurse, hub.httpBase(), "nurse@pc.test", By.id("alerts"));
        nurse.get(hub.httpBase() + "/#/patient/" + patient);
        WebDriverWait wait = new WebDriverWait(nurse, Duration.ofSeconds(20));
        wait.until(ExpectedConditions.elementToBeClickable(By.id("contact-close-alert")));
        wait.until(
            ExpectedConditions.textToBePresentInElementLocated(By.id("timeline"), "Alarm åbnet"));

        // Without an outcome: a reason on the page, nothing saved.
        nurse
            .findElement(By.id("contact-summary"))
            .sendKeys("Ringet op: har det bedre efter hvile");
        nurse.findElement(By.id("contact-save")).click();
        assertThat(nurse.findElement(By.id("contact-status")).getText())
            .isEqualTo("Udfyld kontaktform, varighed, resumé og udfald");

        new Select(nurse.findElement(By.id("contact-channel"))).selectByVisibleText("Telefon");
        WebElement minutes = nurse.findElement(By.id("contact-minutes"));
        minutes.clear();
        minutes.sendKeys("15");
        new Select(nurse.findElement(By.id("contact-outcome")))
            .selectByVisibleText("Råd pr. telefon");
        nurse.findElement(By.id("contact-close-alert")).click();
        nurse.findElement(By.id("contact-save")).click();
        wait.until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("contact-status"), "Kontakten er gemt, og alarmen er lukket"));
        assertThat(Sql.text(hub.db(), "SELECT outcome FROM alerts WHERE id = ?", alert))
            .isEqualTo("ADVICE_BY_PHONE");
        assertThat(
                Sql.text(
                    hub.db(),
                    "SELECT resolved_alert_id::text FROM patient_contacts WHERE patient_id = ?",
                    patient))
            .isEqualTo(alert.toString());

        nurse.findElement(By.id("message-text")).sendKeys("Husk at måle i morgen kl. 8.");
        nurse.findElement(By.id("message-send")).click();
        wait.until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("message-status"), "Beskeden er sendt"));
        Sql.awaitCount(
            hub.db(),
            Duration.ofSeconds(20),
            n -> n == 1,
            "SELECT count(*) FROM patient_messages WHERE patient_id = ? AND delivered_at IS NOT NULL",
            patient);
        nurse.navigate().refresh();
        wait.until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("timeline"), "Besked · leveret"));
        String timeline = nurse.findElement(By.id("timeline")).getText();
        assertThat(timeline)
            .contains("Kontakt · Telefon · 15 min.")
            .contains("Råd pr. telefon · Ringet op: har det bedre efter hvile")
            .contains("Alarm afsluttet")
            .contains("Alarm åbnet")
            .contains("SpO2 88 %")
            .contains("Husk at måle i morgen kl. 8.");
        assertNoCodes(timeline);
        assertFitsTheScreen(nurse, "the patient page at 1400 px");
        scrollTo(nurse, "contacts");
        screenshot(nurse, shots.resolve("patient-contacts-nurse-1400.png"));

        Browsers.login(doctor, hub.httpBase(), "doctor@pc.test", By.id("alerts"));
        doctor.get(hub.httpBase() + "/#/patient/" + patient);
        new WebDriverWait(doctor, Duration.ofSeconds(20))
            .until(
                ExpectedConditions.textToBePresentInElementLocated(
                    By.id("timeline"), "Besked · leveret"));
        assertNoCodes(doctor.findElement(By.id("timeline")).getText());
        assertFitsTheScreen(doctor, "the patient page at 390 px");
        scrollTo(doctor, "contacts");
        screenshot(doctor, shots.resolve("patient-contacts-doctor-390.png"));
        scrollTo(doctor, "timeline");
        screenshot(doctor, shots.resolve("patient-timeline-doctor-390.png"));
      } finally {
        nurse.quit();
        doctor.quit();
        tablet.disconnect();
        tablet.close();
      }
    }
  }

  /** What the API sends as codes never reaches the screen. */
  private static void assertNoCodes(String text) {
    assertThat(text)
        .doesNotContain("ADVICE_BY_PHONE", "PHONE", "RED", "OPEN", "spo2", "/min\n", "Cel", "null");
  }

  private static void scrollTo(WebDriver driver, String id) {
    ((JavascriptExecutor) driver)
        .executeScript("document.getElementById(arguments[0]).scrollIntoView()", id);
  }

  private static void assertFitsTheScreen(WebDriver driver, String page) {
    JavascriptExecutor js = (JavascriptExecutor) driver;
    assertThat((Long) js.executeScript("return document.documentElement.scrollWidth"))
        .as(page + " is no wider than the screen")
        .isLessThanOrEqualTo((Long) js.executeScript("return innerWidth"));
  }
}

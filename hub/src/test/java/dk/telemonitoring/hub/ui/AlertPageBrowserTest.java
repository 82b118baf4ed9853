package dk.telemonitoring.hub.ui;

import static dk.telemonitoring.hub.ui.Browsers.createUser;
import static dk.telemonitoring.hub.ui.Browsers.screenshot;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dk.telemonitoring.alerts.domain.Contact;
import dk.telemonitoring.hub.api.ApiClient;
import dk.telemonitoring.hub.config.DbUrl;
import dk.telemonitoring.hub.config.Setting;
import dk.telemonitoring.hub.support.Devices;
import dk.telemonitoring.hub.support.OnCallRota;
import dk.telemonitoring.hub.support.Sql;
import dk.telemonitoring.hub.support.TestHub;
import dk.telemonitoring.hub.support.TestServices;
import io.vertx.core.json.JsonObject;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The on-call doctor at night, on a phone (390 x 844): a CRITICAL SpO2 reading pages her by e-mail
 * (GreenMail, a real SMTP server); she opens the link in that e-mail, sees the patient's name, age,
 * the values and the 7-day chart with the patient's limits, acknowledges and advises the nurse to
 * call the patient today. The nurse's board (1400 px) then shows the advice on the patient's row.
 * Screenshots: hub/target/screenshots/alert-page-*.png.
 */
class AlertPageBrowserTest {

  @RegisterExtension
  static GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

  private static final String CLINIC = "night";
  private static final String DEVICE = "ox-night-1";
  private static final int WIDTH = 390;
  private static final int HEIGHT = 844;
  private static final Pattern LINK =
      Pattern.compile("https?://\\S+/alerts/ack\\?token=[A-Za-z0-9_-]+");

  @Test
  void theDoctorOpensTheMailedLinkSeesThePatientAcknowledgesAndAdvisesAndTheNurseSeesTheAdvice()
      throws Exception {
    Browsers.Chromium installed = Browsers.chromiumOrSkip();
    String chromium = installed.binary();
    String chromedriver = installed.driver();
    DbUrl server = TestServices.postgres();
    DbUrl db = TestServices.freshDatabase(server, "alertpage");
    String topicRoot = TestServices.uniqueTopicRoot();
    Path shots = Browsers.screenshots();
    Map<Setting, String> settings =
        TestHub.settings(db, topicRoot, "hub-alertpage-" + UUID.randomUUID());
    settings.put(Setting.SMTP_HOST, "127.0.0.1");
    settings.put(Setting.SMTP_PORT, String.valueOf(smtp.getSmtp().getPort()));
    settings.put(Setting.SMTP_STARTTLS, "DISABLED");
    settings.put(Setting.SMTP_FROM, "hub@clinic.test");
    try (TestHub hub = TestHub.start(settings);
        Devices devices = new Devices(topicRoot)) {
      UUID patient = hub.provision(CLINIC, DEVICE, "COPD");
      Sql.exec(
          db,
          "UPDATE patients SET display_name = 'Karen Jensen', birth_date = (current_date - interval '75 years 2 months')::date,"
              + " phone = '+45 20 30 40 50', enrolled_at = now() - interval '60 days' WHERE id = ?::uuid",
          patient.toString());
      Sql.exec(db, "UPDATE clinics SET phone = '+45 70 20 30 40' WHERE id = ?", CLINIC);
      Sql.exec(
          db,
          "INSERT INTO patient_limits (patient_id, code, critical_low, red_low, yellow_low, author,"
              + " reason, set_at) VALUES (?::uuid, 'spo2', 85, 88, 90, 'dr-night',"
              + " 'habitual SpO2 of a COPD patient', now())",
          patient.toString());
      createUser(hub.httpBase(), "nurse@night.test", "Nurse Nina", "nurse", CLINIC);
      OnCallRota.doctorAndNurse(
          hub.hub().pool(),
          new Contact(
              "dr-night",
              CLINIC,
              "Dr Dorte Nat",
              "dr-night@clinic.test",
              null,
              null,
              null,
              true,
              true),
          new Contact("nurse-night", CLINIC, "Nurse Nina", null, null, null, null, true, true));
      // A week of ordinary readings, then a CRITICAL one (SpO2 82 %, below the floor).
      Instant now = Instant.now();
      double[] week = {92, 93, 91, 92, 93, 92};
      for (int i = 0; i < week.length; i++) {
        devices.publish(
            devices.readingsTopic(CLINIC, DEVICE),
            Devices.spo2(
                "day-" + i,
                now.minus(Duration.ofDays(6 - i)).minus(Duration.ofHours(3)),
                week[i],
                78));
      }
      Sql.awaitCount(
          db,
          Duration.ofSeconds(20),
          n -> n == week.length,
          "SELECT count(*) FROM readings WHERE code = 'spo2'");
      devices.publish(devices.readingsTopic(CLINIC, DEVICE), Devices.spo2("crit-1", now, 82, 118));

      // The e-mail as the doctor receives it, and the link in it.
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (smtp.getReceivedMessages().length == 0 && System.nanoTime() < deadline) {
        Sql.sleep(100);
      }
      assertThat(smtp.getReceivedMessages()).as("the doctor's e-mail").isNotEmpty();
      MimeMessage mail = smtp.getReceivedMessages()[0];
      assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("dr-night@clinic.test");
      Matcher m = LINK.matcher((String) mail.getContent());
      assertThat(m.find()).as("the e-mail carries the alert page's link").isTrue();
      URI mailed = URI.create(m.group());
      // Meanwhile the nurse called the patient, then the patient was admitted to hospital.
      ApiClient nurse = ApiClient.loggedIn(hub.httpBase(), "nurse@night.test", Browsers.PASSWORD);
      // This hub has a mail server: the escalation screen warns of none.
      assertThat(
              new JsonObject(nurse.get("/api/v1/escalation-policies").body())
                  .getBoolean("emailConfigured"))
          .isTrue();
      HttpResponse<String> call =
          nurse.send(
              "POST",
              "/api/v1/patients/" + patient + "/contacts",
              new JsonObject()
                  .put("channel", "PHONE")
                  .put("durationMinutes", 12)
                  .put("contactedAt", now.minus(Duration.ofHours(2)).toString())
                  .put("summary", "Åndenød ved trapper; rådet til anfaldsmedicin og at måle igen")
                  .put("outcome", "ADVICE_BY_PHONE")
                  .encode());
      assertThat(call.statusCode()).as(call.body()).isEqualTo(201);
      HttpResponse<String> admission =
          nurse.send(
              "POST",
              "/api/v1/patients/" + patient + "/admissions",
              new JsonObject()
                  .put("admittedAt", now.minus(Duration.ofMinutes(20)).toString())
                  .encode());
      assertThat(admission.statusCode()).as(admission.body()).isEqualTo(201);
      // The link names the hub's public address; this test hub listens on an ephemeral port.
      String link = hub.httpBase() + mailed.getRawPath() + "?" + mailed.getRawQuery();

      WebDriver phone = Browsers.phone(chromium, chromedriver, WIDTH, HEIGHT);
      try {
        // The doctor's phone speaks Danish (the language she chose on the triage screen).
        phone.get(hub.httpBase() + "/");
        js(phone, "localStorage.setItem('lang', 'da')");
        phone.get(link);
        WebDriverWait wait = new WebDriverWait(phone, Duration.ofSeconds(20));
        wait.until(ExpectedConditions.textToBe(By.id("patient-name"), "Karen Jensen"));
        String facts = phone.findElement(By.cssSelector("#patient .facts")).getText();
        assertThat(facts).isEqualTo("75 år · KOL");
        assertThat(phone.findElement(By.id("call-patient")).getAttribute("href"))
            .isEqualTo("tel:+4520304050");
        assertThat(phone.findElement(By.id("call-clinic")).getAttribute("href"))
            .isEqualTo("tel:+4570203040");
        assertThat(phone.findElement(By.id("level")).getText()).isEqualTo("KRITISK");
        assertThat(phone.findElement(By.id("findings")).getText()).contains("SpO2 82 %");
        // Where the patient is now, and what the clinic already did, by name.
        assertThat(phone.findElement(By.id("patient-status")).getText())
            .startsWith("Indlagt på hospitalet siden");
        String contacts = phone.findElement(By.id("contacts")).getText();
        assertThat(contacts)
            .contains("Telefon · 12 min · Råd pr. telefon")
            .contains("Åndenød ved trapper")
            .contains("Nurse Nina")
            .doesNotContain("@");
        // The chart: drawn by uPlot, the patient's limits in its legend.
        WebElement chart = phone.findElement(By.cssSelector(".chart[data-code='spo2']"));
        wait.until(d -> !chart.findElements(By.cssSelector("canvas")).isEmpty());
        assertThat(chart.getText()).contains("SpO2").contains("gul 90 %").contains("rød 88 %");
        ChartLegends.limitsOffTheAxis(phone, ".chart[data-code='spo2']", ".plot", "SpO2 chart");
        assertThat(chart.findElement(By.cssSelector(".plot")).getAttribute("aria-label"))
            .contains("7 målinger");
        assertNothingWiderThanTheScreen(phone);
        screenshot(phone, shots.resolve("alert-page-1-patient.png"));
        js(phone, "document.getElementById('charts').scrollIntoView()");
        screenshot(phone, shots.resolve("alert-page-2-chart.png"));
        js(phone, "document.getElementById('contacts').scrollIntoView()");
        screenshot(phone, shots.resolve("alert-page-2b-contacts.png"));

        WebElement ack = phone.findElement(By.id("ack-button"));
        js(phone, "arguments[0].scrollIntoView({block: 'center'})", ack);
        ack.click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("acked")));
        assertThat(phone.findElement(By.id("acked")).getText()).contains("Dr Dorte Nat");
        assertThat(
                Sql.text(
                    db, "SELECT state FROM alerts WHERE patient_id = ?::uuid", patient.toString()))
            .isEqualTo("ACKNOWLEDGED");

        WebElement choice =
            phone.findElement(By.cssSelector("input[name=instruction][value=CALL_PATIENT_TODAY]"));
        js(phone, "arguments[0].scrollIntoView({block: 'center'})", choice);
        choice.click();
        phone.findElement(By.id("advice-text")).sendKeys("Spørg til feber og farvet slim");
        WebElement send = phone.findElement(By.id("advice-send"));
        wait.until(ExpectedConditions.elementToBeClickable(send));
        js(phone, "arguments[0].scrollIntoView({block: 'center'})", send);
        send.click();
        wait.until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("advice-given"), "Spørg til feber og farvet slim"));
        assertThat(phone.findElement(By.id("advice-given")).getText())
            .contains("Ring til patienten i dag");
        assertNothingWiderThanTheScreen(phone);
        js(phone, "document.getElementById('advice').scrollIntoView()");
        screenshot(phone, shots.resolve("alert-page-3-advice.png"));
        assertNoCodes(phone);
        // The same page in English, every word of it.
        js(phone, "window.scrollTo(0, 0)");
        phone.findElement(By.id("lang")).click();
        wait.until(ExpectedConditions.textToBe(By.id("level"), "CRITICAL"));
        String english = (String) js(phone, "return document.body.innerText");
        assertThat(english)
            .contains(
                "75 years · COPD",
                "Call the patient",
                "Acknowledged",
                "Call the patient today",
                "Admitted to hospital since",
                "Phone · 12 min · Advice by phone")
            .doesNotContain("Ring til", "Kvittér", "KOL");
        assertNoCodes(phone);
        screenshot(phone, shots.resolve("alert-page-5-english.png"));
      } finally {
        phone.quit();
      }
      assertThat(
              Sql.text(
                  db, "SELECT instruction || ' ' || note || ' ' || actor_id FROM alert_advice"))
          .isEqualTo("CALL_PATIENT_TODAY Spørg til feber og farvet slim dr-night");

      // The nurse's board shows the doctor's advice on the patient's row.
      WebDriver desktop = Browsers.desktop(chromium, chromedriver, 1400, 900);
      try {
        Browsers.login(desktop, hub.httpBase(), "nurse@night.test", By.cssSelector(".alert-row"));
        By advice = By.cssSelector(".alert-row[data-patient='" + patient + "'] .doctor-advice");
        new WebDriverWait(desktop, Duration.ofSeconds(15))
            .until(ExpectedConditions.visibilityOfElementLocated(advice));
        String line = desktop.findElement(advice).getText();
        assertThat(line)
            .contains("Lægens råd")
            .contains("Ring til patienten i dag")
            .contains("Spørg til feber og farvet slim")
            .contains("Dr Dorte Nat");
        // The row says which doctor the alert paged.
        assertThat(
                desktop
                    .findElement(
                        By.cssSelector(".alert-row[data-patient='" + patient + "'] .holder"))
                    .getText())
            .contains("Lægen kaldt: Dr Dorte Nat");
        screenshot(desktop, shots.resolve("alert-page-4-board-advice.png"));
      } finally {
        desktop.quit();
      }
    } finally {
      TestServices.dropDatabase(db, server);
    }
  }

  /** No enum name, rule id, measurement code or missing value reaches the doctor's eyes. */
  private static void assertNoCodes(WebDriver driver) {
    String text = (String) js(driver, "return document.body.innerText");
    assertThat(text)
        .doesNotContainPattern("\\b[A-Z]+_[A-Z_]+\\b")
        .doesNotContainPattern("\\b(null|undefined|NaN)\\b")
        .doesNotContainPattern("\\b(spo2|limit\\.|news2\\.)")
        .doesNotContain("{score}", "Cel");
  }

  private static void assertNothingWiderThanTheScreen(WebDriver driver) {
    assertThat((Long) js(driver, "return document.documentElement.scrollWidth"))
        .as("page width at " + WIDTH + " px")
        .isLessThanOrEqualTo((long) WIDTH);
  }

  private static Object js(WebDriver driver, String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }
}

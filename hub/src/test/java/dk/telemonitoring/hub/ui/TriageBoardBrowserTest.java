package dk.telemonitoring.hub.ui;

import static dk.telemonitoring.hub.ui.Browsers.awaitLive;
import static dk.telemonitoring.hub.ui.Browsers.createUser;
import static dk.telemonitoring.hub.ui.Browsers.screenshot;
import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.alerts.domain.Contact;
import dk.telemonitoring.alerts.domain.OnCallRole;
import dk.telemonitoring.alerts.domain.Rotation;
import dk.telemonitoring.alerts.store.ScheduleStore;
import dk.telemonitoring.hub.config.DbUrl;
import dk.telemonitoring.hub.support.Devices;
import dk.telemonitoring.hub.support.Sql;
import dk.telemonitoring.hub.support.TestHub;
import dk.telemonitoring.hub.support.TestServices;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The triage screen in headless Debian Chromium (Selenium with Debian's chromedriver, set
 * explicitly so Selenium Manager never downloads anything): a nurse logs in; a RED reading
 * published over MQTT appears on the open board silently, a critical one appears and sounds (every
 * oscillator the page starts is recorded by a script installed before the page loads); she
 * acknowledges and resolves it; a colleague's open board follows each step live. The clinic
 * overview shows the API's figures; a relative with the patient's consent sees a read-only patient
 * page and loses it when the consent is withdrawn. Screenshots of the board, a patient page, the
 * overview and the relative's page go to hub/target/screenshots/.
 */
class TriageBoardBrowserTest {

  private static final String CLINIC = "vios";
  private static final String DEVICE = "ox-ui-1";
  private static final String DEVICE_RED = "ox-ui-2";
  private static final String DEVICE_LATE = "ox-ui-3";

  /**
   * Records every oscillator started, with its frequency and whether the page's audio was really
   * running.
   */
  private static final String SOUND_RECORDER =
      """
      window.__sounds = [];
      (() => {
        const start = OscillatorNode.prototype.start;
        OscillatorNode.prototype.start = function (...args) {
          window.__sounds.push({ frequency: this.frequency.value, state: this.context.state });
          return start.apply(this, args);
        };
      })();""";

  @Test
  void
      aReadingOverMqttAppearsOnTheOpenBoardAndAColleaguesBoardFollowsTheAcknowledgementAndResolution()
          throws Exception {
    Browsers.Chromium installed = Browsers.chromiumOrSkip();
    String chromium = installed.binary();
    String chromedriver = installed.driver();
    DbUrl server = TestServices.postgres();
    DbUrl db = TestServices.freshDatabase(server, "browser");
    String topicRoot = TestServices.uniqueTopicRoot();
    Path shots = Browsers.screenshots();
    try (TestHub hub =
            TestHub.start(TestHub.settings(db, topicRoot, "hub-ui-" + UUID.randomUUID()));
        Devices devices = new Devices(topicRoot)) {
      UUID patient = hub.provision(CLINIC, DEVICE, "COPD");
      UUID redPatient = hub.provision(CLINIC, DEVICE_RED, "COPD");
      UUID latePatient = hub.provision(CLINIC, DEVICE_LATE, "COPD");
      createUser(hub.httpBase(), "nurse.one@vios.test", "Nurse One", "nurse", CLINIC);
      createUser(hub.httpBase(), "nurse.two@vios.test", "Nurse Two", "nurse", CLINIC);
      createUser(hub.httpBase(), "son@vios.test", "Son", "relative");
      onCallDoctor(hub, "Doctor Dahl");
      // A little history so the patient page has something to draw.
      Instant now = Instant.now();
      for (int i = 1; i <= 12; i++) {
        devices.publish(
            devices.readingsTopic(CLINIC, DEVICE),
            Devices.spo2(
                "hist-" + i, now.minus(Duration.ofHours(6L * i)), 96 + (i % 3), 66 + (i % 5)));
      }
      WebDriver one = browser(chromium, chromedriver);
      WebDriver two = browser(chromium, chromedriver);
      try {
        recordSounds(one);
        recordSounds(two);
        login(one, hub.httpBase(), "nurse.one@vios.test");
        login(two, hub.httpBase(), "nurse.two@vios.test");
        awaitLive(one);
        awaitLive(two);
        assertThat(one.findElements(By.cssSelector(".alert-row"))).isEmpty();
        // The nurse sees whom to call: the on-call doctor of the rota (no nurse rota here: not
        // shown).
        assertThat(
                one.findElement(By.cssSelector("#oncall tr[data-role='ONCALL_DOCTOR'] .now"))
                    .getText())
            .contains("Doctor Dahl");

        // A RED alert arrives on the open boards without a sound (the page plays a sound before it
        // repaints, so
        // once the row shows, any sound for it has been started).
        // SpO2 87% is RED for a COPD patient (group limit 88%, NEWS2 3 points), above the CRITICAL
        // floor of 85%; a
        // RED reading waits for a repeat, so the patient repeats it and the confirmed value is
        // alerted.
        devices.publish(
            devices.readingsTopic(CLINIC, DEVICE_RED),
            Devices.spo2("red-ui-1", Instant.now().minusSeconds(90), 87, 70));
        assertThat(
                Sql.awaitCount(
                    db,
                    Duration.ofSeconds(15),
                    n -> n == 1,
                    "SELECT count(*) FROM readings WHERE msg_id = 'red-ui-1' AND code = 'spo2'"))
            .isEqualTo(1);
        devices.publish(
            devices.readingsTopic(CLINIC, DEVICE_RED),
            Devices.spo2("red-ui-2", Instant.now(), 87, 70));
        By redRow = By.cssSelector(".alert-row[data-patient='" + redPatient + "']");
        WebElement red =
            new WebDriverWait(one, Duration.ofSeconds(30))
                .until(ExpectedConditions.visibilityOfElementLocated(redRow));
        assertThat(red.getAttribute("data-level")).isEqualTo("RED");
        new WebDriverWait(two, Duration.ofSeconds(30))
            .until(ExpectedConditions.visibilityOfElementLocated(redRow));
        assertThat(sounds(one)).isZero();
        assertThat(sounds(two)).isZero();

        devices.publish(
            devices.readingsTopic(CLINIC, DEVICE),
            Devices.spo2("crit-ui-1", Instant.now(), 82, 124));

        By row = By.cssSelector(".alert-row[data-patient='" + patient + "']");
        WebElement alertRow =
            new WebDriverWait(one, Duration.ofSeconds(30))
                .until(ExpectedConditions.visibilityOfElementLocated(row));
        assertThat(alertRow.getAttribute("data-level")).isEqualTo("CRITICAL");
        assertThat(alertRow.getText()).contains("SpO2");
        // The board is in Danish by default, and so is what triage wrote (the alerts module stores
        // English only).
        assertThat(alertRow.getText())
            .contains("er på eller under grænsen for KRITISK")
            .contains("(standard ved KOL)")
            .doesNotContain(" is at or ");
        new WebDriverWait(two, Duration.ofSeconds(30))
            .until(ExpectedConditions.visibilityOfElementLocated(row));
        // The CRITICAL one sounds on both open boards: three 880 Hz tones, with the page's audio
        // running.
        for (WebDriver d : new WebDriver[] {one, two}) {
          assertThat(sounds(d)).isGreaterThanOrEqualTo(3);
          assertThat(
                  ((JavascriptExecutor) d)
                      .executeScript(
                          "return window.__sounds.every(s => s.frequency === 880 && s.state === 'running')"))
              .isEqualTo(true);
        }
        screenshot(one, shots.resolve("board.png"));
        // The row came from the critical lane; full triage then joins the reading's other findings
        // (NEWS2, pulse) to it. She acts once they have joined: a resolve over findings her board
        // had not shown is refused (PeopleApiAlertsTest), and the acknowledgement repaints the
        // board.
        Sql.awaitCount(
            db, Duration.ofSeconds(30), n -> n == 0, "SELECT count(*) FROM triage_outbox");

        one.findElement(By.cssSelector(".alert-row[data-patient='" + patient + "'] button.ack"))
            .click();
        new WebDriverWait(two, Duration.ofSeconds(15))
            .until(
                ExpectedConditions.textToBePresentInElementLocated(
                    By.cssSelector(".alert-row[data-patient='" + patient + "'] .holder"),
                    "Nurse One"));
        screenshot(two, shots.resolve("board-colleague-acknowledged.png"));

        // Note and resolve are one dialog: no outcome is preselected (resolve stays disabled until
        // one is chosen), and a
        // CRITICAL alert also needs an explicit confirmation. The row is found again once the
        // colleague's
        // acknowledgement has repainted the board, so nothing is stale.
        new WebDriverWait(one, Duration.ofSeconds(15))
            .until(
                ExpectedConditions.textToBePresentInElementLocated(
                    By.cssSelector(".alert-row[data-patient='" + patient + "'] .holder"),
                    "Nurse One"));
        // A CRITICAL alert is never snoozed, acknowledged or not: the board offers no snooze.
        assertThat(
                one.findElements(
                    By.cssSelector(".alert-row[data-patient='" + patient + "'] button.snooze")))
            .isEmpty();
        // A note: the dialog opens with its save button disabled until something is written.
        WebElement noteDialog =
            Browsers.openDialog(
                one,
                By.cssSelector(".alert-row[data-patient='" + patient + "'] button.note"),
                "note");
        WebElement save = noteDialog.findElement(By.cssSelector("button.note-submit"));
        assertThat(save.isEnabled()).as("nothing written yet").isFalse();
        noteDialog
            .findElement(By.cssSelector("textarea[name='note']"))
            .sendKeys("Ringer til patienten om ti minutter");
        assertThat(save.isEnabled()).isTrue();
        save.click();
        assertThat(
                Sql.awaitCount(
                    db,
                    Duration.ofSeconds(15),
                    n -> n == 1,
                    "SELECT count(*) FROM alert_transitions t JOIN alerts a ON a.id = t.alert_id"
                        + " WHERE a.patient_id = ? AND t.note = 'Ringer til patienten om ti minutter'",
                    patient))
            .as("the note is in the alert's history")
            .isEqualTo(1);
        new WebDriverWait(one, Duration.ofSeconds(15))
            .until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("dialog.note")));
        // The row shows the newest note, with who wrote it: the next nurse reads it where she
        // decides.
        Browsers.awaitTextContent(
            one,
            ".alert-row[data-patient='" + patient + "'] .last-note",
            "Notat: Ringer til patienten om ti minutter (Nurse One, ");

        // The saved note repaints the board: the resolve button is found afresh until it holds.
        WebElement dialog =
            Browsers.openDialog(
                one,
                By.cssSelector(".alert-row[data-patient='" + patient + "'] button.resolve"),
                "resolve");
        WebElement confirm = dialog.findElement(By.cssSelector("button.resolve-submit"));
        Select outcome = new Select(dialog.findElement(By.cssSelector("select.outcome")));
        assertThat(outcome.getFirstSelectedOption().getAttribute("value"))
            .as("no outcome preselected")
            .isEmpty();
        assertThat(confirm.isEnabled()).isFalse();
        dialog
            .findElement(By.cssSelector("textarea[name='note']"))
            .sendKeys("Ringet op, har det bedre");
        // A new CRITICAL alert arrives while she is in the dialog: the board shows it, but her
        // patient's row stays the
        // same element in the same place (it is not redrawn or moved under her) and her dialog
        // keeps what she typed.
        WebElement working = one.findElement(row);
        int index = one.findElements(By.cssSelector("#alerts .alert-row")).indexOf(working);
        devices.publish(
            devices.readingsTopic(CLINIC, DEVICE_LATE),
            Devices.spo2("crit-late-1", Instant.now(), 81, 125));
        new WebDriverWait(one, Duration.ofSeconds(30))
            .until(
                ExpectedConditions.presenceOfElementLocated(
                    By.cssSelector(".alert-row[data-patient='" + latePatient + "']")));
        assertThat(one.findElements(By.cssSelector("#alerts .alert-row")).indexOf(working))
            .isEqualTo(index);
        assertThat(working.getAttribute("data-patient")).isEqualTo(patient.toString());
        assertThat(dialog.isDisplayed()).isTrue();
        outcome.selectByValue("ADVICE_BY_PHONE");
        assertThat(confirm.isEnabled()).as("a CRITICAL alert needs the confirmation too").isFalse();
        dialog.findElement(By.cssSelector("input.confirm-critical")).click();
        assertThat(confirm.isEnabled()).isTrue();
        screenshot(one, shots.resolve("board-resolve-dialog.png"));
        confirm.click();
        new WebDriverWait(one, Duration.ofSeconds(15))
            .until(ExpectedConditions.invisibilityOfElementLocated(row));
        // The row only vanishes: the board says that it worked.
        new WebDriverWait(one, Duration.ofSeconds(15))
            .until(
                ExpectedConditions.textToBePresentInElementLocated(
                    By.id("board-notice"), "Alarmen er afsluttet: "));
        assertThat(
                Sql.text(
                    db,
                    "SELECT string_agg(DISTINCT state || ' ' || outcome, ',') FROM alerts WHERE patient_id = ?",
                    patient))
            .isEqualTo("RESOLVED ADVICE_BY_PHONE");
        new WebDriverWait(two, Duration.ofSeconds(15))
            .until(ExpectedConditions.invisibilityOfElementLocated(row));
        assertThat(two.findElements(row)).isEmpty();

        one.get(hub.httpBase() + "/#/patient/" + patient);
        new WebDriverWait(one, Duration.ofSeconds(15))
            .until(
                ExpectedConditions.presenceOfElementLocated(
                    By.cssSelector(".pchart[data-code='spo2'] .uplot")));
        new WebDriverWait(one, Duration.ofSeconds(15))
            .until(
                ExpectedConditions.textToBePresentInElementLocated(
                    By.cssSelector("details[data-state='RESOLVED'] summary"), "afsluttet"));
        // The history in Danish: the nurse's note, who resolved it and the outcome, no English from
        // the alerts module.
        assertThat(Browsers.textContent(one, By.id("history")))
            .contains("Ringet op, har det bedre")
            .contains("afsluttet af Nurse One")
            .contains("Råd pr. telefon")
            .doesNotContain("ADVICE_BY_PHONE")
            .doesNotContain("is at or")
            .doesNotContain("outcome");
        // Care facts and the year before enrolment, recorded on the patient page (the overview
        // below reads them).
        // The page may repaint for the resolution's last events until the first keystroke.
        Browsers.onFresh(
            one, By.cssSelector("#care input[name='municipality']"), e -> e.sendKeys("Odense"));
        Browsers.onFresh(one, By.cssSelector("#care input[name='livesAlone']"), WebElement::click);
        Browsers.onFresh(
            one,
            By.cssSelector("#care input[name='acuteContactsYearBefore']"),
            e -> e.sendKeys("2"));
        Browsers.onFresh(one, By.id("care-save"), WebElement::click);
        new WebDriverWait(one, Duration.ofSeconds(5))
            .until(
                ExpectedConditions.textToBePresentInElementLocated(By.id("care-status"), "både"));
        assertThat(Sql.count(db, "SELECT count(*) FROM patient_care"))
            .as("half the year before is not saved")
            .isZero();
        one.findElement(By.cssSelector("#care input[name='bedDaysYearBefore']")).sendKeys("6");
        one.findElement(By.id("care-save")).click();
        new WebDriverWait(one, Duration.ofSeconds(10))
            .until(
                ExpectedConditions.textToBePresentInElementLocated(By.id("care-status"), "Gemt"));
        assertThat(
                Sql.text(
                    db,
                    "SELECT updated_by || ' ' || municipality || ' ' || lives_alone || ' '"
                        + " || acute_contacts_year_before || ' ' || bed_days_year_before FROM patient_care"))
            .isEqualTo("nurse.one@vios.test Odense true 2 6");
        screenshot(one, shots.resolve("patient.png"));

        ClinicOverviewFigures.assertMatchTheApi(one, hub.httpBase(), shots);
        RelativeReadOnlyView.assertShownThenWithdrawn(two, db, hub.httpBase(), patient, shots);
      } finally {
        one.quit();
        two.quit();
      }
    } finally {
      TestServices.dropDatabase(db, server);
    }
  }

  private static WebDriver browser(String chromium, String chromedriver) throws IOException {
    return Browsers.desktop(chromium, chromedriver, 1400, 1000);
  }

  private static void login(WebDriver driver, String base, String email) {
    Browsers.login(driver, base, email, By.id("alerts"));
  }

  /** Installs {@link #SOUND_RECORDER} in every document the browser loads from now on. */
  private static void recordSounds(WebDriver driver) {
    ((ChromeDriver) driver)
        .executeCdpCommand(
            "Page.addScriptToEvaluateOnNewDocument", Map.of("source", SOUND_RECORDER));
  }

  private static long sounds(WebDriver driver) {
    return (Long) ((JavascriptExecutor) driver).executeScript("return window.__sounds.length");
  }

  /**
   * A one-person weekly rota for the on-call doctor, through the alerts module's schedule store.
   */
  private static void onCallDoctor(TestHub hub, String name) {
    String person = "doctor-" + UUID.randomUUID();
    ScheduleStore schedules = new ScheduleStore();
    ZoneId cph = ZoneId.of("Europe/Copenhagen");
    schedules
        .saveContact(
            hub.hub().pool(), new Contact(person, CLINIC, name, null, null, null, null, true, true))
        .await();
    schedules
        .addRotation(
            hub.hub().pool(),
            new Rotation(
                0,
                CLINIC,
                OnCallRole.ONCALL_DOCTOR,
                cph,
                LocalDate.now(cph).minusDays(1),
                7,
                List.of(LocalTime.of(8, 0)),
                List.of(person)))
        .await();
  }
}

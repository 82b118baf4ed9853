package dk.telemonitoring.hub.ui;

import static dk.telemonitoring.hub.ui.Browsers.createUser;
import static dk.telemonitoring.hub.ui.Browsers.screenshot;
import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.hub.api.ApiClient;
import dk.telemonitoring.hub.config.DbUrl;
import dk.telemonitoring.hub.support.Devices;
import dk.telemonitoring.hub.support.Sql;
import dk.telemonitoring.hub.support.TestHub;
import dk.telemonitoring.hub.support.TestServices;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * An admin runs the clinic from the browser, never touching the API: signs in to administration
 * (not the triage board), enrols a patient with a contact nurse, equality facts and a measuring
 * plan picked in words, registers and binds an oximeter, adds a relative with the patient's consent
 * and puts the nurse on the on-call rota; a device that then sends impossible values over real MQTT
 * shows on the quarantine screen with its reason in words and stands out as failing. Every
 * administration screen is then checked at 390 x 844 in Danish and English ({@link
 * AdminScreensOnAPhone}): no wider than the phone, and no enum name, UCUM code, id or word of the
 * other language. Screenshots go to hub/target/screenshots/admin-*.png.
 */
class AdminBrowserTest {

  private static final String CLINIC = "vios";
  private static final String DEVICE = "ox-karen-1";

  @Test
  void
      anAdminEnrolsAPatientWithKitPlanNurseRelativeAndRotaInTheBrowserAndSeesWhyReadingsWereRejected()
          throws Exception {
    Browsers.Chromium installed = Browsers.chromiumOrSkip();
    String chromium = installed.binary();
    String chromedriver = installed.driver();
    DbUrl server = TestServices.postgres();
    DbUrl db = TestServices.freshDatabase(server, "admin_ui");
    String topicRoot = TestServices.uniqueTopicRoot();
    Path shots = Browsers.screenshots();
    try (TestHub hub =
            TestHub.start(TestHub.settings(db, topicRoot, "hub-admin-" + UUID.randomUUID()));
        Devices devices = new Devices(topicRoot)) {
      String base = hub.httpBase();
      hub.provision(CLINIC, "ox-existing-1", "COPD");
      createUser(base, "ada@vios.test", "Ada Holm", "admin", CLINIC);
      createUser(base, "nora@vios.test", "Nora Hansen", "nurse", CLINIC);
      createUser(base, "dina@vios.test", "Dina Berg", "doctor", CLINIC);

      WebDriver desk = Browsers.desktop(chromium, chromedriver, 1400, 1000);
      String patientId;
      try {
        // The admin's home is administration, not the triage board.
        Browsers.login(desk, base, "ada@vios.test", By.id("admin-home"));
        assertThat(desk.getCurrentUrl()).endsWith("#/admin");
        assertThat(desk.findElements(By.id("alerts"))).isEmpty();
        screenshot(desk, shots.resolve("admin-home-1400.png"));

        // Enrol: name, condition, language, contact nurse, municipality, equality, plan.
        desk.findElement(By.id("tile-enrol")).click();
        AdminScreensOnAPhone.await(desk, "#enrol-form #plan .adm-plan-row");
        desk.findElement(By.id("enrol-name")).sendKeys("Karen Jensen");
        new Select(desk.findElement(By.id("enrol-nurse"))).selectByVisibleText("Nora Hansen");
        desk.findElement(By.id("enrol-phone")).sendKeys("+45 20 30 40 50");
        // A date field's typed form follows the browser's locale; the value is ISO either way.
        ((JavascriptExecutor) desk)
            .executeScript("document.getElementById('enrol-birthDate').value = '1948-03-21'");
        desk.findElement(By.id("enrol-municipality")).sendKeys("Aarhus");
        desk.findElement(By.id("enrol-livesAlone")).click();
        desk.findElement(By.id("enrol-needsTabletHelp")).click();
        // The standard COPD plan is proposed in words; the admin makes the questionnaire daily.
        List<String> words =
            desk.findElements(By.cssSelector("#plan .adm-plan-words")).stream()
                .map(e -> e.getText())
                .toList();
        assertThat(words)
            .containsExactly(
                "2 gange dagligt de første 14 dage, derefter 2 gange om ugen",
                "2 gange dagligt de første 14 dage, derefter 2 gange om ugen");
        var catRow = desk.findElements(By.cssSelector("#plan .adm-plan-row")).get(1);
        new Select(catRow.findElement(By.cssSelector(".plan-first")))
            .selectByVisibleText("dagligt");
        catRow
            .findElement(By.cssSelector(".plan-days"))
            .sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        assertThat(catRow.findElement(By.cssSelector(".adm-plan-words")).getText())
            .isEqualTo("dagligt");
        screenshot(desk, shots.resolve("admin-enrol-1400.png"));
        desk.findElement(By.id("enrol-submit")).click();
        AdminScreensOnAPhone.await(desk, "#kit");
        patientId = desk.getCurrentUrl().replaceAll(".*#/admin/patient/", "");
        assertThat(desk.findElement(By.id("plan-now")).getText())
            .contains("SpO2: 2 gange dagligt de første 14 dage, derefter 2 gange om ugen")
            .contains("CAT-score: dagligt");

        // The kit: register an oximeter and bind it in one step.
        new Select(desk.findElement(By.id("kit-kind"))).selectByVisibleText("Pulsoximeter");
        desk.findElement(By.id("kit-id")).sendKeys(DEVICE);
        desk.findElement(By.id("kit-register")).click();
        awaitText(desk, "#kit-now", DEVICE);
        awaitText(desk, "#kit-history", DEVICE);
        assertThat(desk.findElement(By.id("kit-history")).getText())
            .as("who bound the device, by name")
            .contains("Ada Holm")
            .doesNotContain("@");

        // A relative with the patient's consent.
        desk.findElement(By.id("rel-name")).sendKeys("Lise Jensen");
        desk.findElement(By.id("rel-email")).sendKeys("lise@example.test");
        desk.findElement(By.id("rel-relation")).sendKeys("datter");
        desk.findElement(By.id("rel-password")).sendKeys("lise-starter-password");
        desk.findElement(By.id("rel-consent")).click();
        desk.findElement(By.id("rel-note")).sendKeys("Mundtligt samtykke ved indskrivningen");
        desk.findElement(By.id("rel-add")).click();
        awaitText(desk, "#rel-list", "Lise Jensen");
        screenshot(desk, shots.resolve("admin-patient-1400.png"));

        // The rota: Nora is nurse on duty, handing over at 08:00 every day.
        desk.get(base + "/#/admin/rota");
        AdminScreensOnAPhone.await(desk, "#rot-form #rot-person option");
        new Select(desk.findElement(By.id("rot-person"))).selectByVisibleText("Nora Hansen");
        desk.findElement(By.id("rot-add")).click();
        desk.findElement(By.id("rot-save")).click();
        awaitText(desk, "#rotations", "Nora Hansen");
        awaitText(desk, "#week", "Nora Hansen");
        // A clock time as every Danish staff screen writes it.
        assertThat(desk.findElement(By.id("rotations")).getText())
            .contains("vagtskifte kl. 08.00")
            .doesNotContain("08:00");
        screenshot(desk, shots.resolve("admin-rota-1400.png"));
        // Next week, her daily handover to herself is no change: each day is hers all day.
        desk.findElement(By.id("week-next")).click();
        // Read in one script: the week is drawn anew while it loads, and an element found
        // before a redraw is stale after it.
        String everyDayHers =
            String.join(" | ", java.util.Collections.nCopies(7, "hele døgnet Nora Hansen"));
        new WebDriverWait(desk, Duration.ofSeconds(20))
            .withMessage("next week's nurse on duty: " + everyDayHers)
            .until(
                d ->
                    everyDayHers.equals(
                        AdminScreensOnAPhone.js(
                            d,
                            "return [...document.querySelectorAll(\"#week"
                                + " .adm-week-cell[data-role='NURSE_ON_DUTY']\")]"
                                + ".map((c) => c.innerText.trim()).join(' | ')")));

        // Nora's work phone, for the call buttons on the doctor's alert page.
        desk.get(base + "/#/admin/users");
        AdminScreensOnAPhone.await(desk, "#users");
        // A password too short is refused with the reason, in Danish: it said "check the fields".
        desk.findElement(By.id("user-name")).sendKeys("Kort Kode");
        desk.findElement(By.id("user-email")).sendKeys("kort@vios.test");
        desk.findElement(By.id("user-password")).sendKeys("kort");
        desk.findElement(By.id("user-create")).click();
        awaitText(desk, "#user-status", "Det lykkedes ikke: Adgangskoden skal have mindst 8 tegn");
        desk.findElement(
                By.xpath(
                    "//tr[td[normalize-space()='Nora Hansen']]//button[text()='Ret kaldemåde']"))
            .click();
        AdminScreensOnAPhone.await(desk, "#paging-phone");
        desk.findElement(By.id("paging-phone")).sendKeys("+45 70 20 30 41");
        desk.findElement(By.cssSelector("#paging button[type=submit]")).click();
        awaitText(desk, "#paging-status", "Gemt");
        screenshot(desk, shots.resolve("admin-paging-1400.png"));

        // What the browser did, read back through the API.
        ApiClient admin = ApiClient.loggedIn(base, "ada@vios.test", Browsers.PASSWORD);
        JsonObject patient = json(admin, "/api/v1/patients/" + patientId);
        assertThat(patient.getString("displayName")).isEqualTo("Karen Jensen");
        assertThat(patient.getString("condition")).isEqualTo("COPD");
        assertThat(patient.getJsonObject("contactNurse").getString("displayName"))
            .isEqualTo("Nora Hansen");
        String nora = patient.getJsonObject("contactNurse").getString("id");
        assertThat(json(admin, "/api/v1/users/" + nora + "/contact").getString("phone"))
            .isEqualTo("+45 70 20 30 41");
        assertThat(patient.getString("municipality")).isEqualTo("Aarhus");
        assertThat(patient.getString("phone")).isEqualTo("+45 20 30 40 50");
        assertThat(patient.getString("birthDate")).isEqualTo("1948-03-21");
        assertThat(patient.getJsonObject("equality").getBoolean("livesAlone")).isTrue();
        assertThat(patient.getJsonObject("equality").getBoolean("needsTabletHelp")).isTrue();
        assertThat(patient.getJsonObject("equality").getBoolean("noOwnGp")).isFalse();
        assertThat(patient.getJsonArray("devices").getJsonObject(0).getString("id"))
            .isEqualTo(DEVICE);
        JsonArray schedules =
            json(admin, "/api/v1/patients/" + patientId + "/schedules").getJsonArray("schedules");
        assertThat(
                schedules.stream()
                    .map(
                        o ->
                            ((JsonObject) o).getString("code")
                                + "="
                                + ((JsonObject) o).getString("phases")))
            .containsExactlyInAnyOrder("cat=DAILY:0-", "spo2=TWICE_DAILY:0-14,TWICE_WEEKLY:14-");
        JsonObject relative =
            json(admin, "/api/v1/patients/" + patientId + "/relatives")
                .getJsonArray("relatives")
                .getJsonObject(0);
        assertThat(relative.getString("email")).isEqualTo("lise@example.test");
        assertThat(relative.getString("relation")).isEqualTo("datter");
        assertThat(relative.getString("withdrawnAt")).isNull();
        JsonArray rotations = json(admin, "/api/v1/oncall/rotations").getJsonArray("rotations");
        assertThat(rotations).hasSize(1);
        assertThat(rotations.getJsonObject(0).getString("role")).isEqualTo("NURSE_ON_DUTY");
        assertThat(
                rotations
                    .getJsonObject(0)
                    .getJsonArray("members")
                    .getJsonObject(0)
                    .getString("displayName"))
            .isEqualTo("Nora Hansen");

        // The new oximeter sends impossible SpO2 values over MQTT, three times.
        Instant now = Instant.now();
        for (int i = 0; i < 3; i++) {
          devices.publish(
              devices.readingsTopic(CLINIC, DEVICE),
              Devices.spo2("bad-" + i, now.minusSeconds(60 - i), 250, 70));
        }
        assertThat(
                Sql.awaitCount(
                    db,
                    Duration.ofSeconds(30),
                    n -> n == 3,
                    "SELECT count(*) FROM quarantine WHERE device_id = ? AND reason_code = 'impossible_value'",
                    DEVICE))
            .isEqualTo(3);
        desk.get(base + "/#/admin/quarantine");
        AdminScreensOnAPhone.await(desk, "#quarantine");
        assertThat(desk.findElement(By.id("quarantine")).getText())
            .contains(DEVICE + " (Pulsoximeter)")
            .as("the patient the oximeter is lent to, whose nurses never saw these readings")
            .contains("Karen Jensen")
            .contains("Værdien er fysisk umulig");
        assertThat(desk.findElement(By.id("failing")).getText())
            .contains(DEVICE)
            .contains("3 afvisninger");
        screenshot(desk, shots.resolve("admin-quarantine-1400.png"));

        // The staff's patient list: every patient reachable by name, with the latest values.
        devices.publish(
            devices.readingsTopic(CLINIC, DEVICE), Devices.spo2("good-1", Instant.now(), 95, 72));
        assertThat(
                Sql.awaitCount(
                    db,
                    Duration.ofSeconds(30),
                    n -> n == 2,
                    "SELECT count(*) FROM readings WHERE msg_id = 'good-1'"))
            .isEqualTo(2);
        desk.get(base + "/#/patients");
        AdminScreensOnAPhone.await(desk, "#patients");
        desk.findElement(By.id("patient-search")).sendKeys("karen");
        assertThat(desk.findElements(By.cssSelector("#patients tbody tr"))).hasSize(1);
        assertThat(desk.findElement(By.cssSelector("#patients tbody tr")).getText())
            .contains("Karen Jensen")
            .contains("KOL")
            .contains("Nora Hansen")
            .contains("SpO2 95 %")
            .contains("Puls 72 /min")
            .contains("i forløb");
        screenshot(desk, shots.resolve("admin-patients-1400.png"));
        // A holiday is a pause in measuring, not an admission (the list once called it "indlagt").
        String karen =
            Sql.text(db, "SELECT id::text FROM patients WHERE display_name = 'Karen Jensen'");
        ApiClient noraApi = ApiClient.loggedIn(base, "nora@vios.test", Browsers.PASSWORD);
        assertThat(
                noraApi
                    .send(
                        "POST",
                        "/api/v1/patients/" + karen + "/passive-intervals",
                        new JsonObject()
                            .put("kind", "HOLIDAY")
                            .put("reason", "sommerferie")
                            .encode())
                    .statusCode())
            .isEqualTo(201);
        desk.navigate().refresh();
        awaitText(desk, "#patients", "pause i målinger");
        assertThat(desk.findElement(By.cssSelector("#patients tbody")).getText())
            .doesNotContain("indlagt");
      } finally {
        desk.quit();
      }

      // A nurse keeps the board as her home and reaches the patient list by name.
      WebDriver nurse = Browsers.desktop(chromium, chromedriver, 1400, 1000);
      try {
        Browsers.login(nurse, base, "nora@vios.test", By.id("alerts"));
        assertThat(nurse.getCurrentUrl()).endsWith("#/board");
        assertThat(nurse.findElement(By.cssSelector("a[href='#/admin']")).isDisplayed()).isFalse();
        nurse.findElement(By.cssSelector("a[href='#/patients']")).click();
        awaitText(nurse, "#patients", "Karen Jensen");
      } finally {
        nurse.quit();
      }

      // A spare oximeter, registered and bound to nobody: "ready", not "in use".
      assertThat(
              ApiClient.loggedIn(base, "ada@vios.test", Browsers.PASSWORD)
                  .send(
                      "POST",
                      "/api/v1/devices",
                      "{\"clinic\":\"" + CLINIC + "\",\"id\":\"ox-spare-1\",\"kind\":\"OXIMETER\"}")
                  .statusCode())
          .isEqualTo(201);

      AdminScreensOnAPhone.walk(chromium, chromedriver, base, patientId, shots);
    } finally {
      TestServices.dropDatabase(db, server);
    }
  }

  private static JsonObject json(ApiClient client, String path) {
    var r = client.get(path);
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
    return new JsonObject(r.body());
  }

  private static void awaitText(WebDriver driver, String css, String text) {
    new WebDriverWait(driver, Duration.ofSeconds(30))
        .until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(css), text));
  }
}

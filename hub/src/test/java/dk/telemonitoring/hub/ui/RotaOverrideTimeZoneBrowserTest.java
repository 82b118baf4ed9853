package dk.telemonitoring.hub.ui;

import static dk.telemonitoring.hub.ui.Browsers.createUser;
import static dk.telemonitoring.hub.ui.Browsers.screenshot;
import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.hub.api.ApiClient;
import dk.telemonitoring.hub.support.Sql;
import dk.telemonitoring.hub.support.TestHub;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A swapped shift entered on the rota screen by an admin whose computer is not set to Danish time
 * (here New York's) lands at the clinic's wall-clock times, as the week on the same screen shows
 * them: 17:00-19:00 in Copenhagen, not in the computer's zone (an hour or six off, and the wrong
 * nurse paged).
 */
class RotaOverrideTimeZoneBrowserTest {

  private static final String CLINIC = "tz";
  private static final ZoneId CLINIC_ZONE = ZoneId.of("Europe/Copenhagen");

  @Test
  void aSwappedShiftIsReadInTheClinicsTimeWhateverTheComputersZone() throws Exception {
    Browsers.Chromium installed = Browsers.chromiumOrSkip();
    Path shots = Browsers.screenshots();
    try (TestHub hub = TestHub.inFreshDatabase("rotatz")) {
      hub.provision(CLINIC, "ox-tz-1", "COPD");
      createUser(hub.httpBase(), "admin@tz.test", "Ada Admin", "admin", CLINIC);
      createUser(hub.httpBase(), "nurse@tz.test", "Nora Hansen", "nurse", CLINIC);
      WebDriver desk = Browsers.desktop(installed.binary(), installed.driver(), 1400, 1000);
      try {
        ((ChromeDriver) desk)
            .executeCdpCommand(
                "Emulation.setTimezoneOverride", Map.of("timezoneId", "America/New_York"));
        Browsers.login(desk, hub.httpBase(), "admin@tz.test", By.id("admin-home"));
        desk.get(hub.httpBase() + "/#/admin/rota");
        new WebDriverWait(desk, Duration.ofSeconds(15))
            .until(
                ExpectedConditions.presenceOfElementLocated(By.cssSelector("#ov-form #ov-role")));
        new Select(desk.findElement(By.id("ov-role"))).selectByValue("NURSE_ON_DUTY");
        new WebDriverWait(desk, Duration.ofSeconds(5))
            .until(
                ExpectedConditions.presenceOfElementLocated(
                    By.cssSelector("#ov-form #ov-person option")));
        new Select(desk.findElement(By.id("ov-person"))).selectByVisibleText("Nora Hansen");
        LocalDate tomorrow = LocalDate.now(CLINIC_ZONE).plusDays(1);
        // A datetime-local field's value is its wall-clock text, whatever the browser's locale.
        JavascriptExecutor js = (JavascriptExecutor) desk;
        // "To" before "From" is refused with the reason, in Danish, beside the form's own button.
        js.executeScript(
            "document.getElementById('ov-from').value = arguments[0];"
                + "document.getElementById('ov-to').value = arguments[1];",
            tomorrow + "T19:00",
            tomorrow + "T17:00");
        desk.findElement(By.id("ov-save")).click();
        new WebDriverWait(desk, Duration.ofSeconds(15))
            .until(
                ExpectedConditions.textToBePresentInElementLocated(
                    By.id("ov-form-status"),
                    "Det lykkedes ikke: \"Til\" skal ligge efter \"Fra\""));
        assertThat(
                js.executeScript(
                    "const s = document.getElementById('ov-form-status').getBoundingClientRect();"
                        + " return s.top >= 0 && s.bottom <= window.innerHeight + 1;"))
            .as(
                "the refusal is in sight of the button pressed: %s",
                js.executeScript(
                    "return JSON.stringify([document.getElementById('ov-form-status')"
                        + ".getBoundingClientRect(), window.innerHeight, window.scrollY]);"))
            .isEqualTo(true);
        js.executeScript(
            "document.getElementById('ov-from').value = arguments[0];"
                + "document.getElementById('ov-to').value = arguments[1];",
            tomorrow + "T17:00",
            tomorrow + "T19:00");
        desk.findElement(By.id("ov-reason")).sendKeys("byttet vagt");
        desk.findElement(By.cssSelector("#ov-form button[type=submit]")).click();
        new WebDriverWait(desk, Duration.ofSeconds(15))
            .until(
                ExpectedConditions.textToBePresentInElementLocated(
                    By.id("overrides"), "Nora Hansen"));
        screenshot(desk, shots.resolve("admin-rota-override-new-york.png"));

        ApiClient admin = ApiClient.loggedIn(hub.httpBase(), "admin@tz.test", Browsers.PASSWORD);
        JsonObject override =
            new JsonObject(admin.get("/api/v1/oncall/overrides?clinic=" + CLINIC).body())
                .getJsonArray("overrides")
                .getJsonObject(0);
        assertThat(Instant.parse(override.getString("from")))
            .isEqualTo(tomorrow.atTime(LocalTime.of(17, 0)).atZone(CLINIC_ZONE).toInstant());
        assertThat(Instant.parse(override.getString("to")))
            .isEqualTo(tomorrow.atTime(LocalTime.of(19, 0)).atZone(CLINIC_ZONE).toInstant());
        // The list beside the form says the same times, in the clinic's time too.
        // As the staff screens write an instant, the end without its day when it is the same.
        assertThat(desk.findElement(By.id("overrides")).getText())
            .containsPattern(
                "Sygeplejerske i vagt: Nora Hansen · [a-zæøå]+\\. \\d{1,2}\\. [a-zæøå]+\\.? 17\\.00–19\\.00 ·"
                    + " byttet vagt");
        // And the week's shifts hold it, though the clinic has no nurses' rotation around it.
        Instant day = tomorrow.atStartOfDay(CLINIC_ZONE).toInstant();
        JsonArray shifts =
            new JsonObject(
                    admin
                        .get(
                            "/api/v1/oncall/shifts?clinic="
                                + CLINIC
                                + "&from="
                                + day
                                + "&to="
                                + day.plus(Duration.ofDays(1)))
                        .body())
                .getJsonArray("shifts");
        assertThat(
                shifts.stream()
                    .map(o -> (JsonObject) o)
                    .filter(o -> o.getString("role").equals("NURSE_ON_DUTY"))
                    .map(o -> o.getString("displayName") + " " + o.getString("from")))
            .containsExactly("Nora Hansen " + override.getString("from"));

        // The nurse on duty now, until 16.00 tomorrow in Copenhagen: the board's on-call card, on
        // the same New York computer, writes the end as the rota does.
        Sql.exec(
            hub.db(),
            "INSERT INTO oncall_overrides (clinic_id, role, person_id, starts_at, ends_at, reason)"
                + " SELECT ?, 'NURSE_ON_DUTY', id::text, now() - interval '1 hour', ?::timestamptz,"
                + " 'cover' FROM app_users WHERE email = 'nurse@tz.test'",
            CLINIC,
            tomorrow.atTime(LocalTime.of(16, 0)).atZone(CLINIC_ZONE).toOffsetDateTime().toString());
        desk.findElement(By.id("logout")).click();
        Browsers.login(desk, hub.httpBase(), "nurse@tz.test", By.id("alerts"));
        new WebDriverWait(desk, Duration.ofSeconds(15))
            .until(
                ExpectedConditions.textToBePresentInElementLocated(
                    By.cssSelector("#oncall tr[data-role=NURSE_ON_DUTY] td.now"), "Nora Hansen"));
        assertThat(
                desk.findElement(By.cssSelector("#oncall tr[data-role=NURSE_ON_DUTY] td.now"))
                    .getText())
            .containsPattern("til [a-zæøå]+\\. \\d{1,2}\\. [a-zæøå]+\\.? 16\\.00");
        screenshot(desk, shots.resolve("board-oncall-new-york.png"));
      } finally {
        desk.quit();
      }
    }
  }
}

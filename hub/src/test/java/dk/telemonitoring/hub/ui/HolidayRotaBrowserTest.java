package dk.telemonitoring.hub.ui;

import static dk.telemonitoring.hub.ui.Browsers.createUser;
import static dk.telemonitoring.hub.ui.Browsers.fullPageScreenshot;
import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.hub.api.ApiClient;
import dk.telemonitoring.hub.support.Sql;
import dk.telemonitoring.hub.support.TestHub;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * An admin adds a holiday rota for the on-call doctor in the browser, with a first and a last day:
 * the list says it runs "til og med" its last day and that the ordinary rotation is replaced only
 * for those days, and the week shows both doctors. Screenshot:
 * hub/target/screenshots/admin-holiday-rota-1400.png, admin-rotation-stopped-1400.png.
 */
class HolidayRotaBrowserTest {

  private static final String CLINIC = "holiday";

  @Test
  void aHolidayRotaWithALastDayReplacesTheOrdinaryOneForItsDaysOnly() throws Exception {
    Browsers.Chromium installed = Browsers.chromiumOrSkip();
    Path shots = Browsers.screenshots();
    try (TestHub hub = TestHub.inFreshDatabase("holidayrota")) {
      hub.provision(CLINIC, "ox-holiday-1", "COPD"); // the clinic
      createUser(hub.httpBase(), "admin@holiday.test", "Ada Admin", "admin", CLINIC);
      createUser(hub.httpBase(), "ole@holiday.test", "Ole Ordinær", "doctor", CLINIC);
      createUser(hub.httpBase(), "hanne@holiday.test", "Hanne Ferie", "doctor", CLINIC);
      LocalDate today = LocalDate.now(ZoneId.of("Europe/Copenhagen"));
      ApiClient admin = ApiClient.loggedIn(hub.httpBase(), "admin@holiday.test", Browsers.PASSWORD);
      String ole =
          Sql.text(hub.db(), "SELECT id::text FROM app_users WHERE email = ?", "ole@holiday.test");
      assertThat(
              admin
                  .send(
                      "POST",
                      "/api/v1/oncall/rotations",
                      new JsonObject()
                          .put("clinic", CLINIC)
                          .put("role", "ONCALL_DOCTOR")
                          .put("anchorDate", today.minusDays(14).toString())
                          .put("handoverTimes", new JsonArray().add("08:00"))
                          .put("members", new JsonArray().add(ole))
                          .encode())
                  .statusCode())
          .isEqualTo(201);

      WebDriver desk = Browsers.desktop(installed.binary(), installed.driver(), 1400, 1000);
      try {
        WebDriverWait wait = new WebDriverWait(desk, Duration.ofSeconds(20));
        Browsers.login(desk, hub.httpBase(), "admin@holiday.test", By.id("admin-home"));
        desk.get(hub.httpBase() + "/#/admin/rota");
        wait.until(
            ExpectedConditions.textToBePresentInElementLocated(By.id("rotations"), "Ole Ordinær"));
        new Select(desk.findElement(By.id("rot-role"))).selectByValue("ONCALL_DOCTOR");
        new Select(desk.findElement(By.id("rot-person"))).selectByVisibleText("Hanne Ferie");
        desk.findElement(By.id("rot-add")).click();
        RotaScreen.fill(desk, "rot-time", "09:00");
        RotaScreen.fill(desk, "rot-anchor", today.toString());
        RotaScreen.fill(desk, "rot-last", today.plusDays(1).toString());
        assertThat(desk.findElement(By.id("rot-form")).getText())
            .contains("Sidste vagtdag (valgfri)")
            .contains("derefter gælder den ordinære igen");
        desk.findElement(By.id("rot-save")).click();

        wait.until(
            ExpectedConditions.textToBePresentInElementLocated(By.id("rotations"), "Hanne Ferie"));
        String holiday = RotaScreen.rotationOf(desk, "Hanne Ferie");
        String ordinary = RotaScreen.rotationOf(desk, "Ole Ordinær");
        assertThat(holiday)
            .matches(
                ".*vagtskifte kl\\. 09\\.00 hver dag · fra \\S+ \\d+\\. \\S+ til og med \\S+ \\d+\\. \\S+ Sidste vagtdag … Slet");
        assertThat(ordinary)
            .matches(
                ".* · afløses fra \\S+ \\d+\\. \\S+ til og med \\S+ \\d+\\. \\S+ Sidste vagtdag … Slet")
            .as("replaced for the holiday's days, not for good")
            .doesNotContain("gælder ikke");
        // The week shows both: today's handover to the holiday doctor, the ordinary one around it.
        wait.until(d -> RotaScreen.weekOf(d, "ONCALL_DOCTOR").contains("Hanne Ferie"));
        String week = RotaScreen.weekOf(desk, "ONCALL_DOCTOR");
        assertThat(week).contains("Ole Ordinær").contains("09.00");
        fullPageScreenshot(desk, shots.resolve("admin-holiday-rota-1400.png"));

        JsonObject stored =
            admin
                .json("/api/v1/oncall/rotations?clinic=" + CLINIC)
                .getJsonArray("rotations")
                .getJsonObject(1);
        assertThat(stored.getString("anchorDate")).isEqualTo(today.toString());
        assertThat(stored.getString("lastDate")).isEqualTo(today.plusDays(1).toString());

        // Ole's ordinary rotation stops on a day of its own: given a last day, not deleted, so its
        // past weeks stay.
        long ordinaryId =
            admin
                .json("/api/v1/oncall/rotations?clinic=" + CLINIC)
                .getJsonArray("rotations")
                .getJsonObject(0)
                .getLong("id");
        Browsers.click(desk, By.id("rot-last-open-" + ordinaryId));
        RotaScreen.fill(desk, "rot-last-" + ordinaryId, today.plusDays(20).toString());
        Browsers.click(desk, By.id("rot-last-save-" + ordinaryId));
        wait.ignoring(StaleElementReferenceException.class)
            .until(
                d ->
                    RotaScreen.rotationOf(d, "Ole Ordinær")
                        .matches(
                            ".* · fra \\S+ \\d+\\. \\S+ til og med \\S+ \\d+\\. \\S+ · afløses fra .*"));
        assertThat(
                admin
                    .json("/api/v1/oncall/rotations?clinic=" + CLINIC)
                    .getJsonArray("rotations")
                    .getJsonObject(0)
                    .getString("lastDate"))
            .isEqualTo(today.plusDays(20).toString());
        fullPageScreenshot(desk, shots.resolve("admin-rotation-stopped-1400.png"));
      } finally {
        desk.quit();
      }
    }
  }
}

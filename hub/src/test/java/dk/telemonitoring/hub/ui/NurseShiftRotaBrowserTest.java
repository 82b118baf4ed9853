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
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * An admin sets up the nurses' rota as a clinic runs it, in the browser alone: two nurses in the
 * order she chooses (not the list's), three handovers a day. The week then shows them taking the
 * shifts in turn; deleting the rotation is asked about first. Screenshot:
 * hub/target/screenshots/admin-nurse-shifts-1400.png.
 */
class NurseShiftRotaBrowserTest {

  private static final String CLINIC = "shift";

  @Test
  void twoNursesInTheChosenOrderHandOverThreeTimesADay() throws Exception {
    Browsers.Chromium installed = Browsers.chromiumOrSkip();
    Path shots = Browsers.screenshots();
    try (TestHub hub = TestHub.inFreshDatabase("nurseshifts")) {
      hub.provision(CLINIC, "ox-shift-1", "COPD"); // the clinic
      createUser(hub.httpBase(), "admin@shift.test", "Ada Admin", "admin", CLINIC);
      createUser(hub.httpBase(), "nora@shift.test", "Nora Hansen", "nurse", CLINIC);
      createUser(hub.httpBase(), "mads@shift.test", "Mads Holm", "nurse", CLINIC);
      createUser(hub.httpBase(), "karen@shift.test", "Karen Vikar", "nurse", CLINIC);
      WebDriver desk = Browsers.desktop(installed.binary(), installed.driver(), 1400, 1000);
      try {
        WebDriverWait wait = new WebDriverWait(desk, Duration.ofSeconds(20));
        Browsers.login(desk, hub.httpBase(), "admin@shift.test", By.id("admin-home"));
        desk.get(hub.httpBase() + "/#/admin/rota");
        wait.until(
            ExpectedConditions.presenceOfElementLocated(By.cssSelector("#rot-person option")));
        assertThat(desk.findElement(By.id("rot-order")).getText()).isEqualTo("Ingen endnu");
        add(desk, "Nora Hansen");
        add(desk, "Karen Vikar");
        add(desk, "Mads Holm");
        desk.findElement(By.cssSelector("#rot-order button[aria-label='Fjern Karen Vikar']"))
            .click();
        desk.findElement(By.cssSelector("#rot-order button[aria-label='Flyt op Mads Holm']"))
            .click();
        assertThat(
                ((JavascriptExecutor) desk)
                    .executeScript(
                        "return [...document.querySelectorAll('#rot-order > li')]"
                            + ".map((li) => li.firstChild.textContent).join(', ')"))
            .isEqualTo("Mads Holm, Nora Hansen");
        RotaScreen.fill(desk, "rot-time", "07:00");
        RotaScreen.fill(desk, "rot-time-2", "15:00");
        RotaScreen.fill(desk, "rot-time-3", "23:00");
        desk.findElement(By.id("rot-save")).click();

        wait.until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("rotations"), "Mads Holm, Nora Hansen"));
        assertThat(desk.findElement(By.id("rotations")).getText())
            .contains("vagtskifte kl. 07.00, 15.00, 23.00 hver dag · fra ");
        // The first day's shifts, as the week shows them: Mads from the first handover, then in
        // turn. Read in one script: the week redraws while it loads.
        wait.until(
            d ->
                RotaScreen.weekOf(d, "NURSE_ON_DUTY")
                    .replace('\n', ' ')
                    .contains(
                        "07.00–15.00 Mads Holm 15.00–23.00 Nora Hansen 23.00–00.00 Mads Holm"));
        screenshot(desk, shots.resolve("admin-nurse-shifts-1400.png"));

        // Deleting a rotation takes it off past weeks too: asked first, and "no" keeps it.
        desk.findElement(By.xpath("//ul[@id='rotations']//button[text()='Slet']")).click();
        Alert asked = wait.until(ExpectedConditions.alertIsPresent());
        assertThat(asked.getText())
            .isEqualTo(
                "Slet rotationen? Vagtplanen viser den så ikke længere, heller ikke for uger, der"
                    + " er gået. Skal den blot stoppe, så giv den en sidste vagtdag (»Sidste vagtdag"
                    + " …«): ugerne, der er gået, bliver stående.");
        asked.dismiss();

        ApiClient admin = ApiClient.loggedIn(hub.httpBase(), "admin@shift.test", Browsers.PASSWORD);
        JsonObject rotation =
            admin.json("/api/v1/oncall/rotations").getJsonArray("rotations").getJsonObject(0);
        assertThat(rotation.getString("role")).isEqualTo("NURSE_ON_DUTY");
        assertThat(rotation.getJsonArray("handoverTimes"))
            .isEqualTo(new JsonArray().add("07:00").add("15:00").add("23:00"));
        assertThat(
                rotation.getJsonArray("members").stream()
                    .map(m -> ((JsonObject) m).getString("displayName")))
            .containsExactly("Mads Holm", "Nora Hansen");

        // A second rotation of the role takes over from its first day, and says so on the list;
        // one that a newer rotation of the same first day overrides applies on no day at all.
        String later =
            java.time.LocalDate.parse(rotation.getString("anchorDate")).plusDays(7).toString();
        for (String email : java.util.List.of("karen@shift.test", "nora@shift.test")) {
          String person =
              Sql.text(hub.db(), "SELECT id::text FROM app_users WHERE email = ?", email);
          assertThat(
                  admin
                      .send(
                          "POST",
                          "/api/v1/oncall/rotations",
                          new JsonObject()
                              .put("role", "NURSE_ON_DUTY")
                              .put("anchorDate", later)
                              .put("handoverTimes", new JsonArray().add("08:00"))
                              .put("members", new JsonArray().add(person))
                              .encode())
                      .statusCode())
              .isEqualTo(201);
        }
        desk.navigate().refresh();
        wait.until(
            ExpectedConditions.textToBePresentInElementLocated(By.id("rotations"), "Karen Vikar"));
        assertThat(RotaScreen.rotationOf(desk, "Mads Holm, Nora Hansen"))
            .contains(" · afløses fra ")
            .doesNotContain("gælder ikke");
        assertThat(RotaScreen.rotationOf(desk, "Karen Vikar"))
            .endsWith("gælder ikke: en nyere for rollen starter samme dag Sidste vagtdag … Slet");
        assertThat(RotaScreen.rotationOf(desk, ": Nora Hansen"))
            .doesNotContain("afløses")
            .doesNotContain("gælder ikke");
        screenshot(desk, shots.resolve("admin-rotations-succession-1400.png"));
      } finally {
        desk.quit();
      }
    }
  }

  private static void add(WebDriver desk, String name) {
    new Select(desk.findElement(By.id("rot-person"))).selectByVisibleText(name);
    desk.findElement(By.id("rot-add")).click();
  }
}

package dk.telemonitoring.hub.ui;

import static dk.telemonitoring.hub.ui.Browsers.screenshot;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The clinic overview as {@link TriageBoardBrowserTest}'s nurse reads it after her day: each figure
 * on the screen is the one the API computes (KPIs, before and after enrolment, equality groups,
 * response times, outcomes); screenshot overview.png.
 */
final class ClinicOverviewFigures {

  private ClinicOverviewFigures() {}

  static void assertMatchTheApi(WebDriver one, String base, Path shots) throws IOException {
    // The clinic overview shows what the API computes (the API's own figures are asserted in
    // OverviewApiTest).
    one.get(base + "/#/overview");
    new WebDriverWait(one, Duration.ofSeconds(15))
        .until(ExpectedConditions.visibilityOfElementLocated(By.id("equality")));
    JsonObject o =
        new JsonObject(
            (String)
                ((JavascriptExecutor) one)
                    .executeAsyncScript(
                        "const done = arguments[arguments.length - 1];"
                            + "fetch('/api/v1/overview?days=90').then(r => r.text()).then(done, e => done(String(e)));"));
    assertThat(o.getInteger("enrolled")).isEqualTo(3);
    assertThat(text(one, "[data-kpi='enrolled'] b")).isEqualTo("3");
    assertThat(text(one, "[data-kpi='adherence'] small"))
        .startsWith(o.getLong("slotsMeasured") + " ")
        .contains(" " + o.getLong("slotsDue") + " ");
    for (String level : new String[] {"CRITICAL", "RED", "YELLOW"}) {
      assertThat(text(one, "[data-kpi='open-" + level + "'] b"))
          .as(level)
          .isEqualTo(String.valueOf(o.getJsonObject("openAlertsByLevel").getLong(level)));
    }
    assertThat(o.getJsonObject("openAlertsByLevel").getLong("RED")).isPositive();
    assertThat(text(one, "#before-after tr[data-period='before'] [data-col='acutePerYear']"))
        .isEqualTo("2");
    assertThat(text(one, "#before-after tr[data-period='before'] [data-col='bedDaysPerYear']"))
        .isEqualTo("6");
    // Each group's figures are in the equality panel: its size, and the year before enrolment.
    String municipality = "#equality [data-factor='municipality'] ";
    assertThat(text(one, municipality + "tr[data-group='Odense'] [data-col='patients']"))
        .startsWith("1\n");
    assertThat(text(one, municipality + "tr[data-group='(not recorded)'] [data-col='patients']"))
        .startsWith("2\n");
    assertThat(
            text(
                one,
                "#equality [data-factor='livesAlone'] tr[data-group='yes'] [data-col='acute']"))
        .contains("før indskrivning: 2");
    for (Object r : o.getJsonArray("responseTimesToday")) {
      JsonObject level = (JsonObject) r;
      String cells = "#response-today tr[data-level='" + level.getString("level") + "'] ";
      assertThat(text(one, cells + "td:nth-child(2)"))
          .isEqualTo(String.valueOf(level.getLong("alerts")));
      assertThat(text(one, cells + "[data-col='pastDeadline']"))
          .isEqualTo(String.valueOf(level.getLong("pastDeadline")));
    }
    long advice = o.getJsonObject("figures").getJsonObject("outcomes").getLong("ADVICE_BY_PHONE");
    assertThat(advice).isPositive();
    assertThat(text(one, "#outcomes tr[data-outcome='ADVICE_BY_PHONE'] td:last-child"))
        .isEqualTo(String.valueOf(advice));
    one.manage().window().setSize(new Dimension(1280, 2400)); // the whole overview in one picture
    screenshot(one, shots.resolve("overview.png"));
  }

  private static String text(WebDriver driver, String css) {
    return driver.findElement(By.cssSelector(css)).getText().trim();
  }
}

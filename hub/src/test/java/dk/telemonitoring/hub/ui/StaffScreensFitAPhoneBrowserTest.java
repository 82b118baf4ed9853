package dk.telemonitoring.hub.ui;

import static dk.telemonitoring.hub.ui.Browsers.createUser;
import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.hub.support.Devices;
import dk.telemonitoring.hub.support.Sql;
import dk.telemonitoring.hub.support.TestHub;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * An admin, a nurse and a doctor walk every staff screen they can open (board, patient list, the
 * patient page with status, contacts, messages, timeline, charts, limits and readings, the clinic
 * overview, and each administration screen) on a 390 x 844 phone and at 1400 x 1000 (the admin also
 * on a 768 x 1024 tablet), with a COPD patient whose RED alert is open and a heart-failure patient
 * who measures weight and blood pressure, and a device whose impossible readings are quarantined.
 * No screen is wider than the window, no element reaches past its right edge and no text is cut
 * short with an ellipsis (the top bar's title on the phone); on the phone the primary buttons are
 * at least 44 px tall to tap. Screenshots (whole pages):
 * hub/target/screenshots/fit-ROLE-SCREEN-WIDTH.png.
 */
class StaffScreensFitAPhoneBrowserTest {

  private static final String CLINIC = "vios";

  @Test
  void everyStaffScreenFitsAPhoneAndADeskForAdminNurseAndDoctor() throws Exception {
    Browsers.Chromium chromium = Browsers.chromiumOrSkip();
    Path shots = Browsers.screenshots();
    try (TestHub hub = TestHub.inFreshDatabase("phonewidths");
        Devices devices = new Devices(hub.topicRoot())) {
      UUID copd = hub.provision(CLINIC, "ox-pw-1", "COPD");
      UUID hf = hub.provision(CLINIC, "sc-pw-2", "HEART_FAILURE");
      Sql.exec(
          hub.db(), "UPDATE patients SET display_name = 'Karen Kristensen' WHERE id = ?", copd);
      Sql.exec(hub.db(), "UPDATE patients SET display_name = 'Henning Hjortshøj' WHERE id = ?", hf);
      Instant now = Instant.now();
      String karens = devices.readingsTopic(CLINIC, "ox-pw-1");
      double[] spo2 = {93, 92, 94, 91, 93, 95, 92};
      for (int i = 0; i < spo2.length; i++) {
        devices.publish(
            karens,
            Devices.spo2(
                "s-" + i, now.minus(Duration.ofHours(20L * (spo2.length - i))), spo2[i], 80));
      }
      double[] weight = {82.4, 82.6, 83.1, 83.9, 84.6};
      int[][] bp = {{128, 78}, {132, 80}, {141, 86}, {125, 75}, {118, 72}};
      for (int i = 0; i < weight.length; i++) {
        devices.publish(
            devices.readingsTopic(CLINIC, "sc-pw-2"),
            heartFailure(
                "hf-" + i,
                now.minus(Duration.ofHours(30L * (weight.length - i))),
                weight[i],
                bp[i][0],
                bp[i][1]));
      }
      // SpO2 87 % twice: RED for COPD, confirmed by the repeat, and left open for the board.
      devices.publish(karens, Devices.spo2("red-a", now.minusSeconds(600), 87, 72));
      Sql.awaitCount(
          hub.db(),
          Duration.ofSeconds(30),
          n -> n == 1,
          "SELECT count(*) FROM readings WHERE msg_id = 'red-a' AND code = 'spo2'");
      devices.publish(karens, Devices.spo2("red-b", now.minusSeconds(300), 87, 72));
      Sql.awaitCount(
          hub.db(),
          Duration.ofSeconds(30),
          n -> n >= 1,
          "SELECT count(*) FROM alerts WHERE patient_id = ? AND state <> 'RESOLVED'",
          copd);
      // A device that keeps sending an impossible SpO2, for the quarantine screen.
      for (int i = 0; i < 3; i++) {
        devices.publish(karens, Devices.spo2("bad-" + i, now.minusSeconds(60 - i), 250, 70));
      }
      Sql.awaitCount(
          hub.db(),
          Duration.ofSeconds(30),
          n -> n == 3,
          "SELECT count(*) FROM quarantine WHERE reason_code = 'impossible_value'");
      createUser(hub.httpBase(), "admin@pw.test", "Anne Admin", "admin", CLINIC);
      createUser(hub.httpBase(), "nurse@pw.test", "Sygeplejerske Sara", "nurse", CLINIC);
      createUser(hub.httpBase(), "doctor@pw.test", "Doktor Dines", "doctor", CLINIC);

      Map<String, String> staff = new LinkedHashMap<>();
      staff.put("board", "#/board|#alerts");
      staff.put("patients", "#/patients|#patients");
      staff.put("patient-copd", "#/patient/" + copd + "|.pchart[data-code='spo2'] .uplot");
      staff.put("patient-hf", "#/patient/" + hf + "|.pchart[data-code='bp_systolic'] .uplot");
      staff.put("overview", "#/overview|#overview h2");
      Map<String, String> admin = new LinkedHashMap<>();
      admin.put("admin", "#/admin|#admin-home");
      admin.put("enrol", "#/admin/enrol|#enrol-form");
      admin.put("kit", "#/admin/patient/" + copd + "|#kit");
      admin.put("devices", "#/admin/devices|#devices");
      admin.put("quarantine", "#/admin/quarantine|#quarantine");
      admin.put("rota", "#/admin/rota|#week-list");
      admin.put("users", "#/admin/users|#users");
      admin.put("escalation", "#/admin/escalation|#escalation");
      admin.put("audit", "#/admin/audit|#audit");
      admin.putAll(staff);

      for (String role : List.of("admin", "nurse", "doctor")) {
        Map<String, String> screens = role.equals("admin") ? admin : staff;
        // A tablet too for the admin, whose bar holds the most: the width between phone and desk.
        List<Integer> widths = role.equals("admin") ? List.of(390, 768, 1400) : List.of(390, 1400);
        for (int px : widths) {
          boolean phone = px == 390;
          String width = String.valueOf(px);
          WebDriver browser =
              px < 1000
                  ? Browsers.phone(chromium.binary(), chromium.driver(), px, px == 390 ? 844 : 1024)
                  : Browsers.desktop(chromium.binary(), chromium.driver(), px, 1000);
          try {
            Browsers.login(browser, hub.httpBase(), role + "@pw.test", By.id("view"));
            for (var screen : screens.entrySet()) {
              String[] routeAndMark = screen.getValue().split("\\|");
              String page = role + "-" + screen.getKey() + "-" + width;
              browser.get(hub.httpBase() + "/" + routeAndMark[0]);
              new WebDriverWait(browser, Duration.ofSeconds(20))
                  .until(
                      ExpectedConditions.presenceOfElementLocated(By.cssSelector(routeAndMark[1])));
              Path shot = shots.resolve("fit-" + page + ".png");
              Browsers.fullPageScreenshot(browser, shot);
              Browsers.assertFitsTheWidth(browser, page);
              if (phone) {
                assertPrimaryButtonsCanBeTapped(browser, page);
              }
              if (screen.getKey().equals("patient-hf")) {
                assertBloodPressureFillsItsChart(browser, page);
              }
              if (phone && screen.getKey().startsWith("patient-")) {
                assertReadingsReadWithoutScrollingSideways(browser, page);
              }
            }
          } finally {
            browser.quit();
          }
        }
      }
    }
  }

  /**
   * The readings table on a phone: every message's level and explanation lie inside the screen, not
   * in a column one scrolls sideways to (inside a scroll box the page itself still fits).
   */
  private static void assertReadingsReadWithoutScrollingSideways(WebDriver browser, String page) {
    List<?> outside =
        (List<?>)
            ((JavascriptExecutor) browser)
                .executeScript(
                    """
                    const limit = document.documentElement.clientWidth;
                    return [...document.querySelectorAll('#readings tr.message td')]
                      .filter((td) => td.getBoundingClientRect().right > limit + 1)
                      .slice(0, 5).map((td) => td.textContent.trim().slice(0, 40));""");
    assertThat(
            ((JavascriptExecutor) browser)
                .executeScript("return document.querySelectorAll('#readings tr.message').length"))
        .as("%s: readings shown", page)
        .isNotEqualTo(0L);
    assertThat(outside).as("%s: readings beyond the screen's right edge", page).isEmpty();
  }

  /** A finger needs 44 px: every visible primary button on the phone is at least that tall. */
  private static void assertPrimaryButtonsCanBeTapped(WebDriver browser, String page) {
    List<?> small =
        (List<?>)
            ((JavascriptExecutor) browser)
                .executeScript(
                    """
                    return [...document.querySelectorAll('#view button.primary, #view button[type=submit]')]
                      .filter((b) => b.offsetParent !== null && b.getBoundingClientRect().height < 44)
                      .map((b) => b.textContent.trim() + ' ' + Math.round(b.getBoundingClientRect().height) + ' px');""");
    assertThat(small).as("%s: primary buttons smaller than a finger", page).isEmpty();
  }

  /**
   * Blood pressures between 72 and 141 mmHg take at least half the chart's height: the systolic
   * limits at 200 and 240 mmHg do not squash them into a thin band (the legend names those limits,
   * as beyond the chart).
   */
  private static void assertBloodPressureFillsItsChart(WebDriver browser, String page) {
    var plot = browser.findElement(By.cssSelector(".pchart[data-code='bp_systolic'] .pplot"));
    double low = Double.parseDouble(plot.getDomAttribute("data-y-low"));
    double high = Double.parseDouble(plot.getDomAttribute("data-y-high"));
    assertThat(low).as("%s: the axis reaches the lowest diastolic", page).isLessThanOrEqualTo(72);
    assertThat(high)
        .as("%s: the axis reaches the highest systolic", page)
        .isGreaterThanOrEqualTo(141);
    assertThat((141 - 72) / (high - low))
        .as("%s: share of the blood-pressure axis the readings use (%s to %s)", page, low, high)
        .isGreaterThanOrEqualTo(0.5);
    // The legend names every limit; those beyond the axis say so, the others do not.
    assertThat(
            ChartLegends.limitsOffTheAxis(
                browser, ".pchart[data-code='bp_systolic']", ".pplot", page + ", blood pressure"))
        .as("%s: the systolic limits at 200 and 240 mmHg lie beyond the axis", page)
        .isPositive();
  }

  private static String heartFailure(
      String msgId, Instant at, double weight, int systolic, int diastolic) {
    return """
        {"v":1,"msgId":"%s","kind":"measurement","measuredAt":"%s",
         "values":[{"code":"weight","value":%s,"unit":"kg"},{"code":"bp_systolic","value":%d,"unit":"mm[Hg]"},
                   {"code":"bp_diastolic","value":%d,"unit":"mm[Hg]"},{"code":"pulse","value":72,"unit":"/min"}]}"""
        .formatted(msgId, at, weight, systolic, diastolic);
  }
}

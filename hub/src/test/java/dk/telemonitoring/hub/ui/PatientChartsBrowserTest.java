package dk.telemonitoring.hub.ui;

import static dk.telemonitoring.hub.ui.Browsers.createUser;
import static dk.telemonitoring.hub.ui.Browsers.screenshot;
import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.hub.support.Devices;
import dk.telemonitoring.hub.support.Sql;
import dk.telemonitoring.hub.support.TestHub;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The staff patient page's trend charts in headless Chromium, in Danish, from readings published
 * over MQTT: a COPD patient's week of SpO2 with one CRITICAL 84 % among normal ones (the lowest
 * value plotted, ringed, listed in the values table, the CRITICAL line in the legend, a value label
 * at least every 2 %), and a heart failure patient's weights and blood pressures (weight, blood
 * pressure with systolic and diastolic in one chart, pulse and SpO2); no UCUM code on screen; a
 * nurse at 1400 px and a doctor at 390 x 844 with nothing wider than the phone. Screenshots go to
 * hub/target/screenshots/patient-charts-*.png.
 */
class PatientChartsBrowserTest {

  private static final String CLINIC = "ch";
  private static final List<String> UCUM =
      List.of("Cel", "mm[Hg]", "{score}", "{beats}", "[lb_av]");

  @Test
  void aCriticalSpo2StaysVisibleAndAHeartFailurePatientHasWeightAndBloodPressureCharts()
      throws Exception {
    Browsers.Chromium installed = Browsers.chromiumOrSkip();
    String chromium = installed.binary();
    String chromedriver = installed.driver();
    Path shots = Browsers.screenshots();
    try (TestHub hub = TestHub.inFreshDatabase("chartsbrowser");
        Devices devices = new Devices(hub.topicRoot())) {
      UUID copd = hub.provision(CLINIC, "ox-ch-1", "COPD");
      UUID hf = hub.provision(CLINIC, "sc-ch-2", "HEART_FAILURE");
      Sql.exec(hub.db(), "UPDATE patients SET display_name = 'Karen Kol' WHERE id = ?", copd);
      Sql.exec(hub.db(), "UPDATE patients SET display_name = 'Henning Hjerte' WHERE id = ?", hf);
      Instant now = Instant.now();
      double[] spo2 = {93, 92, 94, 84, 93, 95, 92};
      for (int i = 0; i < spo2.length; i++) {
        devices.publish(
            devices.readingsTopic(CLINIC, "ox-ch-1"),
            Devices.spo2(
                "spo2-" + i, now.minus(Duration.ofHours(20L * (spo2.length - i))), spo2[i], 80));
      }
      // A weight that barely moved: a narrow axis (tenths of a kilo), whose labels must still fit.
      UUID steady = hub.provision(CLINIC, "sc-ch-3", "HEART_FAILURE");
      double[] steadyWeight = {82.4, 82.6};
      for (int i = 0; i < steadyWeight.length; i++) {
        devices.publish(
            devices.readingsTopic(CLINIC, "sc-ch-3"),
            """
            {"v":1,"msgId":"w-%d","kind":"measurement","measuredAt":"%s",
             "values":[{"code":"weight","value":%s,"unit":"kg"}]}"""
                .formatted(i, now.minus(Duration.ofHours(10L * (i + 1))), steadyWeight[i]));
      }
      // Two CAT scores a point apart: a narrow axis of a whole-number score.
      int[] cat = {18, 19};
      for (int i = 0; i < cat.length; i++) {
        devices.publish(
            devices.readingsTopic(CLINIC, "sc-ch-3"),
            """
            {"v":1,"msgId":"q-%d","kind":"questionnaire","measuredAt":"%s",
             "answers":{"cat":%d,"breathless_more":false,"sputum_more":false,"sputum_colour":"white","fever":false}}"""
                .formatted(i, now.minus(Duration.ofHours(10L * (i + 1)).plusMinutes(5)), cat[i]));
      }
      double[] weight = {82.4, 82.6, 83.1, 83.9, 84.6};
      int[][] bp = {{128, 78}, {132, 80}, {141, 86}, {125, 75}, {118, 72}};
      for (int i = 0; i < weight.length; i++) {
        devices.publish(
            devices.readingsTopic(CLINIC, "sc-ch-2"),
            heartFailure(
                "hf-" + i,
                now.minus(Duration.ofHours(30L * (weight.length - i))),
                weight[i],
                bp[i][0],
                bp[i][1]));
      }
      Sql.awaitCount(
          hub.db(),
          Duration.ofSeconds(30),
          n -> n == spo2.length * 2 + steadyWeight.length + cat.length * 5 + weight.length * 4,
          "SELECT count(*) FROM readings");
      // Triage copies the group's default limits on the patient's first reading.
      Sql.awaitCount(
          hub.db(),
          Duration.ofSeconds(30),
          n -> n == 2,
          "SELECT count(*) FROM patient_limits WHERE code = 'spo2'");
      createUser(hub.httpBase(), "nurse@ch.test", "Sygeplejerske Sand", "nurse", CLINIC);
      createUser(hub.httpBase(), "doctor@ch.test", "Doktor Dahl", "doctor", CLINIC);
      WebDriver nurse = Browsers.desktop(chromium, chromedriver, 1400, 1000);
      WebDriver phone = Browsers.phone(chromium, chromedriver, 390, 844);
      try {
        Browsers.login(nurse, hub.httpBase(), "nurse@ch.test", By.id("alerts"));
        WebDriverWait wait = new WebDriverWait(nurse, Duration.ofSeconds(20));
        nurse.get(hub.httpBase() + "/#/patient/" + copd);
        WebElement spo2Chart =
            wait.until(
                ExpectedConditions.presenceOfElementLocated(
                    By.cssSelector(".pchart[data-code='spo2']:has(.uplot)")));
        // The CRITICAL reading is plotted as it was measured, not averaged into its neighbours.
        assertThat(spo2Chart.getDomAttribute("data-lowest")).isEqualTo("84");
        assertThat(spo2Chart.getDomAttribute("data-points")).isEqualTo("7");
        assertThat(spo2Chart.findElement(By.cssSelector(".plegend")).getText())
            .contains("Måling", "GUL", "RØD", "KRITISK", "måling ved en KRITISK grænse")
            .contains("%");
        assertThat(spo2Chart.findElement(By.cssSelector(".psummary")).getText())
            .contains("7 målinger", "laveste 84 %", "højeste 95 %");
        String values = textContent(nurse, spo2Chart.findElement(By.cssSelector(".pvalues")));
        assertThat(values).contains("Værdierne i grafen (7)", "84 % · KRITISK", "95 %");
        assertThat(spo2Chart.findElement(By.cssSelector(".pplot")).getDomAttribute("aria-label"))
            .contains("laveste 84 %");
        assertSpo2LabelledEveryTwoPercent(nurse);
        assertThat(codesOfCharts(nurse)).startsWith("spo2", "pulse", "fev1", "temperature");
        assertThat(nurse.findElement(By.cssSelector(".pchart[data-code='fev1']")).getText())
            .contains("Ingen målinger i perioden");
        assertNoUcum(nurse);
        screenshot(nurse, shots.resolve("patient-charts-copd-1400.png"));

        // 30 days: still every reading.
        // One lookup: a click repaints the tools, so buttons found before it go stale.
        nurse
            .findElement(
                By.xpath(
                    "//*[contains(concat(' ', @class, ' '), ' tools ')]"
                        + "//button[starts-with(normalize-space(.), '30')]"))
            .click();
        wait.until(
            ExpectedConditions.presenceOfElementLocated(
                By.cssSelector(".pchart[data-code='spo2'][data-lowest='84']:has(.uplot)")));

        nurse.get(hub.httpBase() + "/#/patient/" + hf);
        WebElement bpChart =
            wait.until(
                ExpectedConditions.presenceOfElementLocated(
                    By.cssSelector(".pchart[data-code='bp_systolic']:has(.uplot)")));
        assertThat(codesOfCharts(nurse)).containsExactly("weight", "bp_systolic", "pulse", "spo2");
        assertThat(bpChart.findElement(By.tagName("h2")).getText()).isEqualTo("Blodtryk (mmHg)");
        assertThat(bpChart.getDomAttribute("data-points")).isEqualTo("10");
        assertThat(bpChart.findElement(By.cssSelector(".plegend")).getText())
            .contains("Systolisk blodtryk", "Diastolisk blodtryk", "KRITISK");
        String bpValues = textContent(nurse, bpChart.findElement(By.cssSelector(".pvalues")));
        assertThat(bpValues).contains("141 mmHg", "86 mmHg");
        // The readings table writes a cuff's measurement as one value, as the clinic does, and its
        // time as the chart's table does ("søn. 6. dec. 08.41"): one way on every staff screen.
        List<WebElement> cuff =
            nurse.findElements(By.xpath("//table[@id='readings']//tr[.//div[@data-code='bp']]"));
        assertThat(cuff).hasSize(5);
        assertThat(cuff.get(0).findElement(By.cssSelector("div[data-code='bp']")).getText())
            .matches("Blodtryk: 1\\d\\d/\\d\\d mmHg");
        assertThat(
                nurse.findElements(
                    By.cssSelector(
                        "#readings div[data-code='bp_systolic'], #readings div[data-code='bp_diastolic']")))
            .isEmpty();
        String when = cuff.get(0).findElement(By.tagName("td")).getText();
        assertThat(when).matches("\\p{L}+\\. \\d{1,2}\\. \\p{L}+\\.? (\\d{4} )?\\d{2}\\.\\d{2}");
        assertThat(bpValues).contains(when);
        WebElement weightChart = nurse.findElement(By.cssSelector(".pchart[data-code='weight']"));
        assertThat(weightChart.findElement(By.tagName("h2")).getText()).isEqualTo("Vægt (kg)");
        assertThat(weightChart.getDomAttribute("data-highest")).isEqualTo("84.6");
        assertThat(weightChart.findElements(By.cssSelector(".uplot"))).hasSize(1);
        assertNoUcum(nurse);
        assertValueLabelsFit(nurse);
        screenshot(nurse, shots.resolve("patient-charts-heart-failure-1400.png"));
        nurse.get(hub.httpBase() + "/#/patient/" + steady);
        // Only the hash changes: wait for this patient's two weights, not the last page's five.
        wait.until(
            ExpectedConditions.presenceOfElementLocated(
                By.cssSelector(
                    ".pchart[data-code='weight'][data-points='2'] .pplot[data-y-axis-px]")));
        assertValueLabelsFit(nurse);
        WebElement catPlot =
            wait.until(
                ExpectedConditions.presenceOfElementLocated(
                    By.cssSelector(".pchart[data-code='cat'] .pplot[data-y-labels]")));
        assertThat(catPlot.getDomAttribute("data-y-labels").split("\\|"))
            .as("a CAT score is labelled in whole points")
            .isNotEmpty()
            .allMatch(label -> label.matches("\\d+"));

        Browsers.login(phone, hub.httpBase(), "doctor@ch.test", By.id("escalated"));
        WebDriverWait phoneWait = new WebDriverWait(phone, Duration.ofSeconds(20));
        phone.get(hub.httpBase() + "/#/patient/" + hf);
        phoneWait.until(
            ExpectedConditions.presenceOfElementLocated(
                By.cssSelector(".pchart[data-code='bp_systolic']:has(.uplot)")));
        assertFitsThePhone(phone);
        ((JavascriptExecutor) phone)
            .executeScript("document.getElementById('patient-charts').scrollIntoView()");
        screenshot(phone, shots.resolve("patient-charts-heart-failure-390.png"));
        phone.get(hub.httpBase() + "/#/patient/" + copd);
        phoneWait.until(
            ExpectedConditions.presenceOfElementLocated(
                By.cssSelector(".pchart[data-code='spo2']:has(.uplot)")));
        assertFitsThePhone(phone);
        assertSpo2LabelledEveryTwoPercent(phone);
        ((JavascriptExecutor) phone)
            .executeScript("document.getElementById('patient-charts').scrollIntoView()");
        screenshot(phone, shots.resolve("patient-charts-copd-390.png"));
      } finally {
        nurse.quit();
        phone.quit();
      }
    }
  }

  private static String heartFailure(
      String msgId, Instant at, double weight, int systolic, int diastolic) {
    return """
        {"v":1,"msgId":"%s","kind":"measurement","measuredAt":"%s",
         "values":[{"code":"weight","value":%s,"unit":"kg"},{"code":"bp_systolic","value":%d,"unit":"mm[Hg]"},
                   {"code":"bp_diastolic","value":%d,"unit":"mm[Hg]"},{"code":"pulse","value":72,"unit":"/min"}]}"""
        .formatted(msgId, at, weight, systolic, diastolic);
  }

  private static String textContent(WebDriver driver, WebElement el) {
    return (String)
        ((JavascriptExecutor) driver).executeScript("return arguments[0].textContent", el);
  }

  @SuppressWarnings("unchecked")
  private static List<String> codesOfCharts(WebDriver driver) {
    return (List<String>)
        ((JavascriptExecutor) driver)
            .executeScript(
                "return [...document.querySelectorAll('.pchart')].map((e) => e.dataset.code)");
  }

  private static void assertNoUcum(WebDriver driver) {
    String text = textContent(driver, driver.findElement(By.id("patient-charts")));
    for (String code : UCUM) {
      assertThat(text).as("no UCUM code on the charts").doesNotContain(code);
    }
  }

  /**
   * Every chart's value axis holds its labels beside its ticks (10 px) and gap (5 px): a fixed
   * width once cut "37,25" to ")7,25" at the chart's edge. The labels step in tenths at the finest.
   */
  private static void assertValueLabelsFit(WebDriver driver) {
    List<?> cut =
        (List<?>)
            ((JavascriptExecutor) driver)
                .executeScript(
                    """
                    const ctx = document.createElement('canvas').getContext('2d');
                    ctx.font = '12px system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';
                    return [...document.querySelectorAll('.pplot[data-y-axis-px]')].flatMap((p) =>
                      p.dataset.yLabels.split('|').filter((l) => ctx.measureText(l).width + 15 > Number(p.dataset.yAxisPx)
                        || /,\\d\\d/.test(l)).map((l) => p.closest('.pchart').dataset.code + ': ' + l + ' in '
                        + p.dataset.yAxisPx + ' px'));""");
    assertThat(cut).as("value labels cut at the axis, or in quarter steps").isEmpty();
    assertThat(driver.findElements(By.cssSelector(".pplot[data-y-axis-px]"))).isNotEmpty();
  }

  /**
   * The SpO2 chart (readings 84-95 %, limits 85, 88 and 90 %) has a value label at least every 2 %,
   * as its NEWS2 bands are wide: labels only at 85, 90 and 95 left a nurse guessing.
   */
  private static void assertSpo2LabelledEveryTwoPercent(WebDriver driver) {
    WebElement plot =
        new WebDriverWait(driver, Duration.ofSeconds(20))
            .until(
                ExpectedConditions.presenceOfElementLocated(
                    By.cssSelector(".pchart[data-code='spo2'] .pplot[data-y-labels]")));
    List<Double> labels =
        Arrays.stream(plot.getDomAttribute("data-y-labels").split("\\|"))
            .map(l -> Double.parseDouble(l.replace(',', '.')))
            .toList();
    assertThat(labels).as("SpO2 value labels").hasSizeGreaterThanOrEqualTo(5);
    for (int i = 1; i < labels.size(); i++) {
      assertThat(Math.abs(labels.get(i) - labels.get(i - 1)))
          .as("SpO2 value labels %s", labels)
          .isLessThanOrEqualTo(2.0);
    }
  }

  private static void assertFitsThePhone(WebDriver phone) {
    assertThat(
            (Long)
                ((JavascriptExecutor) phone)
                    .executeScript("return document.documentElement.scrollWidth"))
        .as("nothing wider than the phone")
        .isLessThanOrEqualTo(390L);
  }
}

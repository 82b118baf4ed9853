package dk.telemonitoring.hub.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/** What a chart's legend says about the limits the chart's axis leaves out. */
final class ChartLegends {

  private ChartLegends() {}

  /**
   * Every limit in the chart's legend that lies beyond the drawn axis says so ("uden for grafen" or
   * "off the chart"), and no other does. Returns how many lie beyond it.
   */
  static int limitsOffTheAxis(WebDriver browser, String chart, String plot, String what) {
    List<?> found =
        (List<?>)
            ((JavascriptExecutor) browser)
                .executeScript(
                    "const box = document.querySelector(arguments[0]);"
                        + " const plot = box.querySelector(arguments[1]);"
                        + " return [...box.querySelectorAll('.limit-value')].map((s) =>"
                        + " [Number(s.dataset.v), s.textContent, Number(plot.dataset.yLow),"
                        + " Number(plot.dataset.yHigh)]);",
                    chart,
                    plot);
    assertThat(found).as("%s: the limits in the legend", what).isNotEmpty();
    int off = 0;
    for (Object item : found) {
      List<?> limit = (List<?>) item;
      double v = ((Number) limit.get(0)).doubleValue();
      String text = (String) limit.get(1);
      double low = ((Number) limit.get(2)).doubleValue();
      double high = ((Number) limit.get(3)).doubleValue();
      boolean beyond = v < low || v > high;
      off += beyond ? 1 : 0;
      assertThat(text.endsWith(" (uden for grafen)") || text.endsWith(" (off the chart)"))
          .as("%s: limit %s on an axis from %s to %s reads '%s'", what, v, low, high, text)
          .isEqualTo(beyond);
    }
    return off;
  }
}

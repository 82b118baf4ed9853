package dk.telemonitoring.hub.ui;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/** What the browser tests read from and type into the admin's rota screen. */
final class RotaScreen {

  private RotaScreen() {}

  /** The line of the rotations list that names {@code members}, as it reads. */
  static String rotationOf(WebDriver desk, String members) {
    return desk.findElement(
            By.xpath("//ul[@id='rotations']/li[contains(normalize-space(), '" + members + "')]"))
        .getText()
        .replace('\n', ' ');
  }

  /**
   * A date or time field's value (typing into one depends on the browser's locale and clock
   * format).
   */
  static void fill(WebDriver desk, String id, String value) {
    ((JavascriptExecutor) desk)
        .executeScript(
            "const f = document.getElementById(arguments[0]); f.value = arguments[1];"
                + " f.dispatchEvent(new Event('input', { bubbles: true }));",
            id,
            value);
  }

  /** The week's cells of one role, read in one script (the week redraws while it loads). */
  static String weekOf(WebDriver desk, String role) {
    return String.valueOf(
        ((JavascriptExecutor) desk)
            .executeScript(
                "return [...document.querySelectorAll(\"#week .adm-week-cell[data-role='\""
                    + " + arguments[0] + \"']\")].map((c) => c.innerText).join(' | ')",
                role));
  }
}

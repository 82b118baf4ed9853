package dk.telemonitoring.hub.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * What a staff screen's visible text must never hold: codes the API sends (enum names, UCUM units,
 * limit field names), programmers' words (null, undefined, camelCase), people's e-mail addresses
 * and ids, and words of the other language. Shared by the browser tests that walk the screens in
 * Danish and English.
 */
final class ScreenText {

  /** Never on screen, in either language. */
  static final List<String> NEVER =
      List.of(
          // An enum name with an underscore: HOSPITAL_ADMISSION, HEART_FAILURE, ONCALL_DOCTOR, ...
          "\\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\\b",
          "\\bFIBROSIS\\b",
          "\\bAATD\\b",
          "\\{[a-z]+\\}",
          "\\bCel\\b",
          "mm\\[Hg\\]",
          // camelCase field names (criticalLow, patientYears, ...); mmHg is a unit.
          "\\b(?!mmHg\\b)[a-z]+[A-Z][A-Za-z]*\\b",
          "\\bnull\\b",
          "undefined",
          "\\bNaN\\b",
          "\\[object",
          "\\bOPEN\\b",
          "\\bACKNOWLEDGED\\b",
          "\\bESCALATED\\b",
          "\\bRESOLVED\\b",
          "\\bESCALATE\\b",
          "date_bin",
          "\\bPT1H\\b",
          "\\bsym_",
          "\\bspo2\\b",
          // People are named, never shown by e-mail or id.
          "[\\w.+-]+@[\\w-]+\\.[\\w.]+",
          "\\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\b");

  /**
   * English words or codes on the Danish screen (the language button names the other language, so
   * it is not checked). CRITICAL and RED are the English screen's words for the levels.
   */
  static final List<String> NOT_DANISH =
      List.of(
          "\\bCOPD\\b",
          "\\bCRITICAL\\b",
          "\\bRED\\b",
          "\\bYELLOW\\b",
          "\\bGREEN\\b",
          "\\(doctor\\)",
          "\\(nurse\\)",
          "\\bpoints\\b",
          "\\bstep\\b",
          "\\bnotified\\b",
          "\\bpatient-years\\b",
          "\\bnot found\\b",
          "\\byes\\b");

  static final List<String> NOT_ENGLISH =
      List.of(
          "\\bKOL\\b",
          "\\bKRITISK\\b",
          "\\bRØD\\b",
          "\\bGUL\\b",
          "\\(læge\\)",
          "\\(sygeplejerske\\)",
          "\\bpatientår\\b",
          "\\bIndlæggelse\\b");

  private ScreenText() {}

  /** The page's visible text holds none of the forbidden words for its language. */
  static void assertSpeaks(WebDriver driver, boolean danish, String page) {
    String text =
        (String) ((JavascriptExecutor) driver).executeScript("return document.body.innerText");
    List<String> forbidden = new ArrayList<>(NEVER);
    forbidden.addAll(danish ? NOT_DANISH : NOT_ENGLISH);
    for (String token : forbidden) {
      Matcher m = Pattern.compile(token, Pattern.UNICODE_CHARACTER_CLASS).matcher(text);
      boolean found = m.find();
      assertThat(found)
          .as(
              "%s (%s) shows '%s' (%s):%n%s",
              page, danish ? "da" : "en", found ? m.group() : "", token, text)
          .isFalse();
    }
  }
}

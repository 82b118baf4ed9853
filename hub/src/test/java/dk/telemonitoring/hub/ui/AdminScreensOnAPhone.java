package dk.telemonitoring.hub.ui;

import static dk.telemonitoring.hub.ui.Browsers.screenshot;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Every administration screen on a phone, in both languages, after {@link AdminBrowserTest}'s admin
 * has filled the clinic: each is drawn, in its language's words only (no code the API sends), no
 * wider than the phone, every audit action in words; screenshots {@code <screen>-390-<lang>.png}.
 */
final class AdminScreensOnAPhone {

  /** Codes the API sends that must never reach an administration screen, in either language. */
  private static final List<String> NEVER =
      List.of(
          "TWICE_",
          "\\bDAILY\\b",
          "\\bWEEKLY\\b",
          "IMPOSSIBLE_VALUE",
          "\\bOXIMETER\\b",
          "\\bRETIRED\\b",
          "\\bACTIVE\\b",
          "NURSE_ON_DUTY",
          "ONCALL_DOCTOR",
          "BACKUP_DOCTOR",
          "ACKNOWLEDGER",
          "HEART_FAILURE",
          "FIBROSIS",
          "\\bIN_APP\\b",
          "\\bWEBHOOK\\b",
          "\\{score\\}",
          "\\{bool\\}",
          "\\bCel\\b",
          "mm\\[Hg\\]",
          "\\bnull\\b",
          "undefined",
          "\\bNaN\\b",
          "\\bspo2\\b",
          "\\bsym_",
          "\\b(device|patient|patients|user|oncall|quarantine|relatives)\\.[a-z]",
          "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-");

  private static final List<String> NOT_DANISH =
      List.of(
          "\\bCOPD\\b",
          "\\bCRITICAL\\b",
          "\\btwice\\b",
          "\\bdaily\\b",
          "\\bNurse on duty\\b",
          "\\bEnrol\\b",
          "\\bDevices\\b",
          "\\(nurse\\)",
          "\\bretire\\b");

  private static final List<String> NOT_ENGLISH =
      List.of(
          "\\bKOL\\b",
          "\\bKRITISK\\b",
          "\\bgange\\b",
          "\\bdagligt\\b",
          "\\bSygeplejerske\\b",
          "\\bIndskriv\\b",
          "\\bUdstyr\\b",
          "\\bUdfas\\b");

  /** Every administration screen and an element it draws once its data has arrived. */
  private static final Map<String, String> SCREENS = new LinkedHashMap<>();

  static {
    SCREENS.put("#/admin/devices", "#devices");
    SCREENS.put("#/admin/audit", "#audit");
    SCREENS.put("#/admin/users", "#users");
    SCREENS.put("#/patients", "#patients");
    SCREENS.put("#/admin/quarantine", "#quarantine");
    SCREENS.put("#/admin", "#admin-home");
    SCREENS.put("#/admin/enrol", "#enrol-form");
    SCREENS.put("#/admin/rota", "#week-list");
    SCREENS.put("#/admin/escalation", "#escalation");
  }

  private AdminScreensOnAPhone() {}

  /** Walks every screen as the admin {@code ada@vios.test}, the patient's kit page among them. */
  static void walk(String chromium, String chromedriver, String base, String patientId, Path shots)
      throws Exception {
    // Every administration screen on a phone, in both languages.
    WebDriver phone = Browsers.phone(chromium, chromedriver, 390, 844);
    try {
      Browsers.login(phone, base, "ada@vios.test", By.id("admin-home"));
      // The screens' own words: every Danish word has its English one, and none is a code.
      assertThat(
              (List<?>)
                  js(
                      phone,
                      """
            const T = window.AdminScreens.T;
            const missing = Object.keys(T.da).filter(k => !(k in T.en))
              .concat(Object.keys(T.en).filter(k => !(k in T.da)));
            const codes = Object.values(T.da).concat(Object.values(T.en))
              .filter(v => /[A-Z]{2,}_[A-Z]|\\{[a-z]+\\}|\\bCel\\b|\\bnull\\b/.test(v));
            return missing.concat(codes);"""))
          .isEmpty();
      for (String lang : List.of("da", "en")) {
        js(phone, "localStorage.setItem('lang', arguments[0])", lang);
        Map<String, String> screens = new LinkedHashMap<>(SCREENS);
        screens.put("#/admin/patient/" + patientId, "#kit");
        for (var screen : screens.entrySet()) {
          phone.get(base + "/" + screen.getKey());
          phone.navigate().refresh();
          try {
            await(phone, screen.getValue());
          } catch (RuntimeException e) {
            screenshot(phone, shots.resolve("admin-failed-" + lang + ".png"));
            throw new AssertionError(
                screen.getKey()
                    + " not drawn at "
                    + phone.getCurrentUrl()
                    + ": "
                    + js(phone, "return document.body.innerText"),
                e);
          }
          assertThat(js(phone, "return document.documentElement.lang")).isEqualTo(lang);
          if (screen.getKey().equals("#/admin/escalation")) {
            // A step's channels in words alone: "(på skærmen)", never "(via på skærmen)".
            assertThat((String) js(phone, "return document.getElementById('escalation').innerText"))
                .contains(lang.equals("da") ? "(på skærmen)" : "(on screen)")
                .doesNotContain("via på skærmen")
                .doesNotContain("by on screen");
            // This hub has no mail server, and the default plans page doctors by e-mail.
            assertThat(phone.findElement(By.id("no-mail")).getText())
                .startsWith(
                    lang.equals("da")
                        ? "⚠ Hubben har ingen mailserver sat op"
                        : "⚠ This hub has no mail server set up");
          }
          String name = screen.getKey().replaceAll("[^a-z]+", "-").replaceAll("^-|-$", "");
          name = name.startsWith("admin-patient") ? "admin-patient" : name;
          assertThat((Long) js(phone, "return document.documentElement.scrollWidth"))
              .as(name + " (" + lang + ") is no wider than the phone")
              .isLessThanOrEqualTo(390L);
          assertOneLanguage(phone, lang.equals("da"), name);
          // Every action the walk wrote to the audit log (reads, alerts, pages, rota, status)
          // in words of the screen's language: an action without them is marked by the page.
          assertThat(
                  phone.findElements(By.cssSelector("[data-untranslated]")).stream()
                      .map(e -> e.getDomAttribute("data-untranslated"))
                      .distinct()
                      .toList())
              .as(name + ": audit actions without words")
              .isEmpty();
          if (screen.getKey().equals("#/admin/devices")) {
            assertThat(
                    phone
                        .findElement(
                            By.xpath(
                                "//table[@id='devices']//tr[td[1][normalize-space(.)='ox-spare-1']]"))
                        .getText())
                .contains(lang.equals("da") ? "klar" : "ready");
          }
          screenshot(phone, shots.resolve(name + "-390-" + lang + ".png"));
        }
      }
    } finally {
      phone.quit();
    }
  }

  static Object js(WebDriver driver, String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  static void await(WebDriver driver, String css) {
    new WebDriverWait(driver, Duration.ofSeconds(30))
        .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(css)));
  }

  private static void assertOneLanguage(WebDriver driver, boolean danish, String page) {
    String text = (String) js(driver, "return document.body.innerText");
    List<String> forbidden = new ArrayList<>(NEVER);
    forbidden.addAll(danish ? NOT_DANISH : NOT_ENGLISH);
    for (String token : forbidden) {
      assertThat(Pattern.compile(token, Pattern.UNICODE_CHARACTER_CLASS).matcher(text).find())
          .as("%s (%s) shows %s:%n%s", page, danish ? "da" : "en", token, text)
          .isFalse();
    }
  }
}

package dk.telemonitoring.hub.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dk.telemonitoring.hub.support.TestHub;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Debian Chromium for the browser tests, and the steps they share (users, login,
 * screenshots).
 */
final class Browsers {

  static final String PASSWORD = "browser-test-password";

  private Browsers() {}

  /** The Chromium and chromedriver the browser tests run, from the environment. */
  record Chromium(String binary, String driver) {}

  /**
   * The Chromium named by HUB_TEST_CHROMIUM (and its HUB_TEST_CHROMEDRIVER); the test is skipped
   * when none is set.
   */
  static Chromium chromiumOrSkip() {
    String chromium = System.getenv("HUB_TEST_CHROMIUM");
    assumeTrue(
        chromium != null && !chromium.isBlank(),
        "browser test skipped: set HUB_TEST_CHROMIUM (and HUB_TEST_CHROMEDRIVER) to a Chromium and its chromedriver");
    return new Chromium(
        chromium, System.getenv().getOrDefault("HUB_TEST_CHROMEDRIVER", "/usr/bin/chromedriver"));
  }

  /** The folder the browser tests keep their screenshots in (hub/target/screenshots). */
  static Path screenshots() throws IOException {
    return Files.createDirectories(Path.of("target", "screenshots"));
  }

  /** A desktop browser window of the given size. */
  static WebDriver desktop(String chromium, String chromedriver, int width, int height)
      throws IOException {
    return start(chromium, chromedriver, options(chromium, width, height));
  }

  /**
   * A desktop window whose sound stays off until the user clicks or types, as a nurse's browser
   * does (headless Chromium would play sound at once).
   */
  static WebDriver desktopWithSoundAfterAClick(
      String chromium, String chromedriver, int width, int height) throws IOException {
    ChromeOptions options = options(chromium, width, height);
    options.addArguments("--autoplay-policy=document-user-activation-required");
    return start(chromium, chromedriver, options);
  }

  /**
   * A phone: Chromium's device emulation at the given CSS size (a desktop window cannot be narrower
   * than about 500 px), with touch and the mobile viewport.
   */
  static WebDriver phone(String chromium, String chromedriver, int width, int height)
      throws IOException {
    ChromeOptions options = options(chromium, 500, height);
    options.setExperimentalOption(
        "mobileEmulation",
        Map.of(
            "deviceMetrics",
            Map.of(
                "width",
                width,
                "height",
                height,
                "pixelRatio",
                1.0,
                "touch",
                true,
                "mobile",
                true)));
    return start(chromium, chromedriver, options);
  }

  private static ChromeOptions options(String chromium, int width, int height) throws IOException {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium);
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=" + width + "," + height,
        "--user-data-dir=" + Files.createTempDirectory("chromium-profile"));
    return options;
  }

  private static WebDriver start(String chromium, String chromedriver, ChromeOptions options) {
    // The driver is set explicitly so Selenium Manager never downloads anything.
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(chromedriver))
            .usingAnyFreePort()
            .build();
    return new ChromeDriver(service, options);
  }

  /**
   * Elements whose right edge lies beyond the viewport, unless an ancestor scrolls or clips them
   * sideways (a wide table inside its own scroll box is fine; a page wider than the phone is not).
   */
  private static final String WIDER_THAN_THE_SCREEN =
      """
      const limit = document.documentElement.clientWidth + 1;
      const clipped = (el) => {
        for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
          if (getComputedStyle(a).overflowX !== 'visible') return true;
        }
        return false;
      };
      const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
        + (typeof el.className === 'string' && el.className ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
      return [...document.body.querySelectorAll('*')].filter((el) => {
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.height === 0 || getComputedStyle(el).visibility === 'hidden') return false;
        return r.right > limit && !clipped(el);
      }).slice(0, 10).map((el) => name(el) + ' right ' + Math.round(el.getBoundingClientRect().right)
        + ': ' + (el.textContent || '').trim().slice(0, 40));""";

  /**
   * Text cut short with an ellipsis: its box is narrower than the text ("Telemonitor…" in the
   * phone's top bar).
   */
  private static final String CUT_WITH_AN_ELLIPSIS =
      """
      return [...document.body.querySelectorAll('*')].filter((el) => {
        const s = getComputedStyle(el);
        return s.textOverflow === 'ellipsis' && s.overflowX !== 'visible' && el.getClientRects().length > 0
          && el.scrollWidth > el.clientWidth;
      }).slice(0, 10).map((el) => el.tagName.toLowerCase() + ': ' + (el.textContent || '').trim().slice(0, 40)
        + ' (' + el.scrollWidth + ' px in ' + el.clientWidth + ')');""";

  /**
   * The page fits the window: the document is no wider than the viewport, no element reaches past
   * its right edge, and no text is cut short with an ellipsis.
   */
  static void assertFitsTheWidth(WebDriver driver, String page) {
    JavascriptExecutor js = (JavascriptExecutor) driver;
    assertThat((Long) js.executeScript("return document.documentElement.scrollWidth"))
        .as("%s is no wider than the screen", page)
        .isLessThanOrEqualTo((Long) js.executeScript("return innerWidth"));
    assertThat((List<?>) js.executeScript(WIDER_THAN_THE_SCREEN))
        .as("%s: elements beyond the screen's right edge", page)
        .isEmpty();
    assertThat((List<?>) js.executeScript(CUT_WITH_AN_ELLIPSIS))
        .as("%s: text cut short", page)
        .isEmpty();
  }

  /**
   * Finds the element and acts on it in one step, again if a live repaint replaced it in between
   * (the screens re-render on pushed events).
   */
  static void onFresh(WebDriver driver, By by, java.util.function.Consumer<WebElement> action) {
    new WebDriverWait(driver, Duration.ofSeconds(15))
        .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
        .until(
            d -> {
              action.accept(d.findElement(by));
              return true;
            });
  }

  /**
   * Clicks the button until its dialog is open, and returns the dialog. A click can land on a row
   * the live board is repainting or moving (CI met one that opened nothing), so it is tried again
   * until the dialog shows, never after.
   */
  static WebElement openDialog(WebDriver driver, By button, String dialogClass) {
    By open = By.cssSelector("dialog." + dialogClass + "[open]");
    return new WebDriverWait(driver, Duration.ofSeconds(15))
        .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
        .until(
            d -> {
              List<WebElement> shown = d.findElements(open);
              if (!shown.isEmpty()) return shown.get(0);
              WebElement b = d.findElement(button);
              if (b.isDisplayed() && b.isEnabled()) b.click();
              return null;
            });
  }

  /**
   * Waits until the element's text, shown or not, holds {@code text}: a table head hidden on a
   * phone still speaks the screen's language to a screen reader.
   */
  static void awaitTextContent(WebDriver driver, String css, String text) {
    new WebDriverWait(driver, Duration.ofSeconds(15))
        .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
        .until(
            d ->
                String.valueOf(d.findElement(By.cssSelector(css)).getAttribute("textContent"))
                    .contains(text));
  }

  /**
   * The element's whole text, read in one step with finding it, again if a live repaint replaced it
   * in between (CI met a patient page that repainted its history between the two).
   */
  static String textContent(WebDriver driver, By by) {
    return new WebDriverWait(driver, Duration.ofSeconds(15))
        .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
        .until(d -> String.valueOf(d.findElement(by).getAttribute("textContent")));
  }

  /** Finds and clicks an element; when a repaint replaced it in between, finds it again. */
  static void click(WebDriver driver, By by) {
    new WebDriverWait(driver, Duration.ofSeconds(15))
        .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
        .until(
            d -> {
              d.findElement(by).click();
              return true;
            });
  }

  /** The whole page, not only what fits the window (Chromium's DevTools screenshot). */
  static void fullPageScreenshot(WebDriver driver, Path to) throws IOException {
    Map<String, Object> shot =
        ((ChromeDriver) driver)
            .executeCdpCommand(
                "Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true));
    Files.write(to, Base64.getDecoder().decode((String) shot.get("data")));
  }

  static void login(WebDriver driver, String base, String email, By landing) {
    driver.get(base + "/");
    WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(15));
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("email"))).sendKeys(email);
    driver.findElement(By.id("password")).sendKeys(PASSWORD);
    driver.findElement(By.id("login-button")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(landing));
  }

  static void awaitLive(WebDriver driver) {
    new WebDriverWait(driver, Duration.ofSeconds(15))
        .until(ExpectedConditions.attributeContains(By.id("live"), "class", "on"));
  }

  static void screenshot(WebDriver driver, Path to) throws IOException {
    File file = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
    Files.copy(file.toPath(), to, StandardCopyOption.REPLACE_EXISTING);
  }

  static void createUser(String base, String email, String name, String role, String... clinics)
      throws Exception {
    JsonObject body =
        new JsonObject()
            .put("email", email)
            .put("displayName", name)
            .put("role", role)
            .put("password", PASSWORD)
            .put("clinics", new JsonArray(List.of((Object[]) clinics)));
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(base + "/api/v1/service/users"))
                    .header("Authorization", "Bearer " + TestHub.SERVICE_TOKEN)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body.encode()))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
  }
}

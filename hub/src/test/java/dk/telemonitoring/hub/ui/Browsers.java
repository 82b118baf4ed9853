package dk.telemonitoring.hub.ui;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
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

  /** A desktop browser window of the given size. */
  static WebDriver desktop(String chromium, String chromedriver, int width, int height)
      throws IOException {
    return start(chromium, chromedriver, options(chromium, width, height));
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

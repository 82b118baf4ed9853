package dk.telemonitoring.hub.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dk.telemonitoring.hub.app.DbUrl;
import dk.telemonitoring.hub.support.Devices;
import dk.telemonitoring.hub.support.TestHub;
import dk.telemonitoring.hub.support.TestServices;
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
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The triage screen in headless Debian Chromium (Selenium with Debian's chromedriver, set explicitly so Selenium
 * Manager never downloads anything): a nurse logs in; a critical reading published over MQTT is stored, triaged and
 * alerted by the hub and appears on the open board without a reload; she acknowledges and resolves it; a colleague's
 * open board follows each step live. Screenshots of the board and a patient page go to hub/target/screenshots/.
 */
class TriageBoardBrowserTest {

  private static final String CLINIC = "vios";
  private static final String DEVICE = "ox-ui-1";
  private static final String PASSWORD = "browser-test-password";

  @Test
  void aReadingOverMqttAppearsOnTheOpenBoardAndAColleaguesBoardFollowsTheAcknowledgementAndResolution() throws Exception {
    String chromium = System.getenv("HUB_TEST_CHROMIUM");
    assumeTrue(chromium != null && !chromium.isBlank(),
        "browser test skipped: set HUB_TEST_CHROMIUM (and HUB_TEST_CHROMEDRIVER) to a Chromium and its chromedriver");
    String chromedriver = System.getenv().getOrDefault("HUB_TEST_CHROMEDRIVER", "/usr/bin/chromedriver");
    DbUrl server = TestServices.postgres();
    DbUrl db = TestServices.freshDatabase(server, "browser");
    String topicRoot = TestServices.uniqueTopicRoot();
    Path shots = Path.of("target", "screenshots");
    Files.createDirectories(shots);
    try (TestHub hub = TestHub.start(TestHub.settings(db, topicRoot, "hub-ui-" + UUID.randomUUID()));
         Devices devices = new Devices(topicRoot)) {
      UUID patient = hub.provision(CLINIC, DEVICE, "COPD");
      createUser(hub.httpBase(), "nurse.one@vios.test", "Nurse One", "nurse");
      createUser(hub.httpBase(), "nurse.two@vios.test", "Nurse Two", "nurse");
      // A little history so the patient page has something to draw.
      Instant now = Instant.now();
      for (int i = 1; i <= 12; i++) {
        devices.publish(devices.readingsTopic(CLINIC, DEVICE),
            Devices.spo2("hist-" + i, now.minus(Duration.ofHours(6L * i)), 96 + (i % 3), 66 + (i % 5)));
      }
      WebDriver one = browser(chromium, chromedriver);
      WebDriver two = browser(chromium, chromedriver);
      try {
        login(one, hub.httpBase(), "nurse.one@vios.test");
        login(two, hub.httpBase(), "nurse.two@vios.test");
        awaitLive(one);
        awaitLive(two);
        assertThat(one.findElements(By.cssSelector(".alert-row"))).isEmpty();

        devices.publish(devices.readingsTopic(CLINIC, DEVICE), Devices.spo2("crit-ui-1", Instant.now(), 82, 124));

        By row = By.cssSelector(".alert-row[data-patient='" + patient + "']");
        WebElement alertRow = new WebDriverWait(one, Duration.ofSeconds(30)).until(ExpectedConditions.visibilityOfElementLocated(row));
        assertThat(alertRow.getAttribute("data-level")).isIn("RED", "CRITICAL");
        assertThat(alertRow.getText()).contains("SpO2");
        new WebDriverWait(two, Duration.ofSeconds(30)).until(ExpectedConditions.visibilityOfElementLocated(row));
        screenshot(one, shots.resolve("board.png"));

        one.findElement(By.cssSelector(".alert-row[data-patient='" + patient + "'] button.ack")).click();
        new WebDriverWait(two, Duration.ofSeconds(15)).until(ExpectedConditions.textToBePresentInElementLocated(
            By.cssSelector(".alert-row[data-patient='" + patient + "'] .holder"), "Nurse One"));
        screenshot(two, shots.resolve("board-colleague-acknowledged.png"));

        // Resolve every alert of the patient with an outcome from the care ladder. The board repaints live, so an
        // element found a moment ago may have been replaced: look it up again.
        By selects = By.cssSelector(".alert-row[data-patient='" + patient + "'] select.outcome");
        By resolve = By.cssSelector(".alert-row[data-patient='" + patient + "'] button.resolve");
        for (int i = 0; i < 6 && !one.findElements(row).isEmpty(); i++) {
          int before = one.findElements(selects).size();
          new WebDriverWait(one, Duration.ofSeconds(15)).ignoring(StaleElementReferenceException.class).until(d -> {
            new Select(d.findElement(selects)).selectByValue("ADVICE_BY_PHONE");
            d.findElement(resolve).click();
            return true;
          });
          new WebDriverWait(one, Duration.ofSeconds(15)).ignoring(StaleElementReferenceException.class)
              .until(d -> d.findElements(selects).size() < before);
        }
        new WebDriverWait(two, Duration.ofSeconds(15)).until(ExpectedConditions.invisibilityOfElementLocated(row));
        assertThat(two.findElements(row)).isEmpty();

        one.get(hub.httpBase() + "/#/patient/" + patient);
        new WebDriverWait(one, Duration.ofSeconds(15)).until(ExpectedConditions.presenceOfElementLocated(
            By.cssSelector("svg.chart[data-code='spo2'] polyline")));
        new WebDriverWait(one, Duration.ofSeconds(15)).until(ExpectedConditions.textToBePresentInElementLocated(
            By.cssSelector("details summary"), "RESOLVED"));
        screenshot(one, shots.resolve("patient.png"));
      } finally {
        one.quit();
        two.quit();
      }
    } finally {
      TestServices.dropDatabase(db, server);
    }
  }

  private static WebDriver browser(String chromium, String chromedriver) throws IOException {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium);
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--window-size=1280,1000", "--user-data-dir=" + Files.createTempDirectory("chromium-profile"));
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(chromedriver))
        .usingAnyFreePort().build();
    return new ChromeDriver(service, options);
  }

  private static void login(WebDriver driver, String base, String email) {
    driver.get(base + "/");
    WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(15));
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("email"))).sendKeys(email);
    driver.findElement(By.id("password")).sendKeys(PASSWORD);
    driver.findElement(By.id("login-button")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("alerts")));
  }

  private static void awaitLive(WebDriver driver) {
    new WebDriverWait(driver, Duration.ofSeconds(15)).until(ExpectedConditions.attributeContains(By.id("live"), "class", "on"));
  }

  private static void screenshot(WebDriver driver, Path to) throws IOException {
    File file = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
    Files.copy(file.toPath(), to, StandardCopyOption.REPLACE_EXISTING);
  }

  private static void createUser(String base, String email, String name, String role) throws Exception {
    JsonObject body = new JsonObject().put("email", email).put("displayName", name).put("role", role)
        .put("password", PASSWORD).put("clinics", new io.vertx.core.json.JsonArray().add(CLINIC));
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/api/v1/service/users"))
        .header("Authorization", "Bearer " + TestHub.SERVICE_TOKEN).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
  }
}

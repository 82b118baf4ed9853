package dk.telemonitoring.hub.ui;

import static dk.telemonitoring.hub.ui.Browsers.createUser;
import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.hub.api.ApiClient;
import dk.telemonitoring.hub.support.TestHub;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * An admin reading the audit log of a busy clinic is told when the screen shows only the newest
 * entries, and reads further with "Vis flere": the screen said "300 poster" as if that were all,
 * and the older entries could not be reached.
 */
class AuditLogBeyondAPageBrowserTest {

  private static final String CLINIC = "aud";
  private static final int READS = 320;

  @Test
  void aFullPageSaysThereAreMoreAndShowMoreReadsThem() throws Exception {
    Browsers.Chromium installed = Browsers.chromiumOrSkip();
    try (TestHub hub = TestHub.inFreshDatabase("auditpages")) {
      UUID patient = hub.provision(CLINIC, "ox-aud-1", "COPD", "Inge Hansen");
      createUser(hub.httpBase(), "nurse@aud.test", "Nora Holm", "nurse", CLINIC);
      createUser(hub.httpBase(), "admin@aud.test", "Ada Admin", "admin", CLINIC);
      ApiClient nurse = ApiClient.loggedIn(hub.httpBase(), "nurse@aud.test", Browsers.PASSWORD);
      for (int i = 0; i < READS; i++) {
        assertThat(nurse.get("/api/v1/patients/" + patient).statusCode()).isEqualTo(200);
      }

      WebDriver desk = Browsers.desktop(installed.binary(), installed.driver(), 1400, 900);
      try {
        Browsers.login(desk, hub.httpBase(), "admin@aud.test", By.id("admin-home"));
        desk.get(hub.httpBase() + "/#/admin/audit");
        WebDriverWait wait = new WebDriverWait(desk, Duration.ofSeconds(20));
        wait.until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("audit-count"), "De nyeste 300 poster; der er flere"));
        assertThat(desk.findElements(By.cssSelector("#audit tbody tr"))).hasSize(300);

        desk.findElement(By.id("audit-more")).click();
        wait.until(
            ExpectedConditions.not(
                ExpectedConditions.textToBePresentInElementLocated(
                    By.id("audit-count"), "der er flere")));
        String count = desk.findElement(By.id("audit-count")).getText();
        assertThat(count).matches("\\d+ poster");
        int shown = Integer.parseInt(count.split(" ")[0]);
        assertThat(shown).as("every read and more").isGreaterThan(READS);
        assertThat(desk.findElements(By.cssSelector("#audit tbody tr"))).hasSize(shown);
        assertThat(desk.findElements(By.id("audit-more"))).isEmpty();
      } finally {
        desk.quit();
      }
    }
  }
}

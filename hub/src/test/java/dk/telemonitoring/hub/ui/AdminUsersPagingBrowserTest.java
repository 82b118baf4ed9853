package dk.telemonitoring.hub.ui;

import static dk.telemonitoring.hub.ui.Browsers.createUser;
import static dk.telemonitoring.hub.ui.Browsers.screenshot;
import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.hub.api.ApiClient;
import dk.telemonitoring.hub.support.Sql;
import dk.telemonitoring.hub.support.TestHub;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The admin's list of users says how each person is paged, so that a doctor whose paging reaches
 * nobody is seen on the list, not found out when a page goes nowhere; and a deactivated person's
 * row is greyed, not read as one more colleague.
 */
class AdminUsersPagingBrowserTest {

  private static final String CLINIC = "up";

  @Test
  void theListSaysHowEachPersonIsPagedAndGreysTheDeactivated() throws Exception {
    Browsers.Chromium installed = Browsers.chromiumOrSkip();
    Path shots = Browsers.screenshots();
    try (TestHub hub = TestHub.inFreshDatabase("userspaging")) {
      hub.provision(CLINIC, "ox-up-1", "COPD"); // the clinic
      createUser(hub.httpBase(), "admin@up.test", "Ada Admin", "admin", CLINIC);
      createUser(hub.httpBase(), "mads@up.test", "Mads Holm", "nurse", CLINIC);
      createUser(hub.httpBase(), "karen@up.test", "Karen Vikar", "nurse", CLINIC);
      createUser(hub.httpBase(), "lars@up.test", "Lars Berg", "doctor", CLINIC);
      createUser(hub.httpBase(), "ole@up.test", "Ole Gammel", "nurse", CLINIC);
      ApiClient admin = ApiClient.loggedIn(hub.httpBase(), "admin@up.test", Browsers.PASSWORD);
      // Mads joins the rota: in-app and his login e-mail are stored for him.
      OnCallSetup.onCall(admin, "NURSE_ON_DUTY", idOf(hub, "mads@up.test"));
      // Lars is paged by e-mail only.
      String lars = idOf(hub, "lars@up.test");
      assertThat(
              admin
                  .send(
                      "PUT",
                      "/api/v1/users/" + lars + "/contact",
                      new JsonObject()
                          .put("email", "lars.vagt@up.test")
                          .put("inApp", false)
                          .encode())
                  .statusCode())
          .isEqualTo(200);
      assertThat(
              admin
                  .send(
                      "PATCH",
                      "/api/v1/users/" + idOf(hub, "ole@up.test"),
                      new JsonObject().put("active", false).encode())
                  .statusCode())
          .isEqualTo(200);

      WebDriver desk = Browsers.desktop(installed.binary(), installed.driver(), 1400, 1000);
      try {
        Browsers.login(desk, hub.httpBase(), "admin@up.test", By.id("admin-home"));
        desk.get(hub.httpBase() + "/#/admin/users");
        new WebDriverWait(desk, Duration.ofSeconds(20))
            .until(ExpectedConditions.visibilityOfElementLocated(By.id("users")));

        assertThat(pagedBy(desk, "Mads Holm").getText()).isEqualTo("på skærmen · e-mail");
        assertThat(pagedBy(desk, "Karen Vikar").getText())
            .isEqualTo("på skærmen · e-mail (standard, indtil det rettes)");
        assertThat(pagedBy(desk, "Lars Berg").getText()).isEqualTo("e-mail");
        assertThat(row(desk, "Ole Gammel").getAttribute("class")).isEqualTo("inactive");
        assertThat(row(desk, "Mads Holm").getAttribute("class")).isNullOrEmpty();
        assertThat(row(desk, "Ole Gammel").findElement(By.tagName("td")).getCssValue("color"))
            .as("a deactivated person's name is greyed")
            .isNotEqualTo(
                row(desk, "Mads Holm").findElement(By.tagName("td")).getCssValue("color"));
        screenshot(desk, shots.resolve("admin-users-paging-1400.png"));

        // The hub refuses to store a way of paging that reaches nobody; one stored before that
        // check (or emptied in the database) is shown as the warning it is.
        Sql.exec(hub.db(), "UPDATE alert_contacts SET email = NULL WHERE person_id = ?", lars);
        desk.navigate().refresh();
        new WebDriverWait(desk, Duration.ofSeconds(20))
            .until(ExpectedConditions.visibilityOfElementLocated(By.id("users")));
        WebElement nobody = pagedBy(desk, "Lars Berg");
        assertThat(nobody.getText()).isEqualTo("kan ikke kaldes");
        assertThat(nobody.getAttribute("class")).contains("none");
      } finally {
        desk.quit();
      }
    }
  }

  private static String idOf(TestHub hub, String email) {
    return Sql.text(hub.db(), "SELECT id::text FROM app_users WHERE email = ?", email);
  }

  private static WebElement row(WebDriver desk, String name) {
    return desk.findElement(
        By.xpath("//table[@id='users']//tr[td[normalize-space()='" + name + "']]"));
  }

  private static WebElement pagedBy(WebDriver desk, String name) {
    return row(desk, name).findElement(By.cssSelector(".paged-by"));
  }
}

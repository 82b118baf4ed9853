package dk.telemonitoring.hub.ui;

import static dk.telemonitoring.hub.ui.Browsers.createUser;
import static dk.telemonitoring.hub.ui.Browsers.screenshot;
import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.hub.api.ApiClient;
import dk.telemonitoring.hub.support.Sql;
import dk.telemonitoring.hub.support.TestHub;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * An admin deactivating a nurse who is still in the rota is told why the hub refuses, in Danish and
 * where she clicked: who, and which duty to fill first. A generic "changed by someone else, reload"
 * below the create form sent her reloading a refusal that reloading never lifts. The audit log says
 * which change was asked and that it was not made. A role chosen in the table is asked about before
 * it changes what the person may see and do.
 */
class AdminUserStillOnCallBrowserTest {

  private static final String CLINIC = "uo";

  @Test
  void theRefusalNamesTheDutyAboveTheTable() throws Exception {
    Browsers.Chromium installed = Browsers.chromiumOrSkip();
    Path shots = Browsers.screenshots();
    try (TestHub hub = TestHub.inFreshDatabase("useroncall")) {
      hub.provision(CLINIC, "ox-uo-1", "COPD"); // the clinic
      createUser(hub.httpBase(), "admin@uo.test", "Ada Admin", "admin", CLINIC);
      createUser(hub.httpBase(), "mads@uo.test", "Mads Holm", "nurse", CLINIC);
      createUser(hub.httpBase(), "karen@uo.test", "Karen Vikar", "nurse", CLINIC);
      ApiClient admin = ApiClient.loggedIn(hub.httpBase(), "admin@uo.test", Browsers.PASSWORD);
      String mads =
          Sql.text(hub.db(), "SELECT id::text FROM app_users WHERE email = 'mads@uo.test'");
      OnCallSetup.onCall(admin, "NURSE_ON_DUTY", mads);

      WebDriver desk = Browsers.desktop(installed.binary(), installed.driver(), 1400, 1000);
      try {
        WebDriverWait wait = new WebDriverWait(desk, Duration.ofSeconds(20));
        Browsers.login(desk, hub.httpBase(), "admin@uo.test", By.id("admin-home"));
        desk.get(hub.httpBase() + "/#/admin/users");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("users")));
        deactivate(desk, "Mads Holm");
        wait.until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("users-status"), "står stadig i vagtplanen"));
        WebElement said = desk.findElement(By.id("users-status"));
        assertThat(said.getText())
            .isEqualTo(
                "Det lykkedes ikke: Mads Holm står stadig i vagtplanen: Sygeplejerske i vagt (fast"
                    + " vagt). Sæt en anden ind dér først (Vagtplan eller Eskalering), og prøv igen.");
        assertThat(said.getRect().getY())
            .as("said above the table the admin clicked in")
            .isLessThan(desk.findElement(By.id("users")).getRect().getY());
        assertThat(
                Sql.text(hub.db(), "SELECT active::text FROM app_users WHERE id = ?::uuid", mads))
            .isEqualTo("true");
        screenshot(desk, shots.resolve("admin-user-still-on-call-1400.png"));
        assertThat(desk.findElement(By.cssSelector("#users select")).getRect().getHeight())
            .as("a role to choose with a finger")
            .isGreaterThanOrEqualTo(44);

        // A role picked in the table by a slip of the finger: asked first, and "no" changes
        // nothing.
        String karen =
            Sql.text(hub.db(), "SELECT id::text FROM app_users WHERE email = 'karen@uo.test'");
        Alert roleAsked = chooseRole(desk, "Karen Vikar", "doctor");
        assertThat(roleAsked.getText())
            .isEqualTo(
                "Skift rolle for Karen Vikar fra sygeplejerske til læge? Det ændrer, hvad personen"
                    + " kan se og gøre.");
        roleAsked.dismiss();
        assertThat(roleSelect(desk, "Karen Vikar").getFirstSelectedOption().getText())
            .isEqualTo("sygeplejerske");
        assertThat(Sql.text(hub.db(), "SELECT role FROM app_users WHERE id = ?::uuid", karen))
            .isEqualTo("NURSE");
        chooseRole(desk, "Karen Vikar", "doctor").accept();
        assertThat(
                Sql.awaitCount(
                    hub.db(),
                    Duration.ofSeconds(10),
                    n -> n == 1,
                    "SELECT count(*) FROM app_users WHERE id = ?::uuid AND role = 'DOCTOR'",
                    karen))
            .isEqualTo(1);

        // A person on no duty is deactivated from the same button.
        deactivate(desk, "Karen Vikar");
        wait.until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.xpath("//table[@id='users']//tr[td[normalize-space()='Karen Vikar']]"),
                "Deaktiveret"));

        // The audit log says which change was asked, and that Mads's was not made.
        assertThat(auditOf(hub, mads)).isEqualTo("user.deactivate,user.change.not-done");
        assertThat(auditOf(hub, karen)).isEqualTo("user.role.change,user.deactivate");
        desk.get(hub.httpBase() + "/#/admin/audit");
        wait.until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("audit"), "ændringen af brugeren blev ikke gennemført"));
        assertThat(desk.findElement(By.id("audit")).getText())
            .contains("deaktivering af bruger")
            .doesNotContain("bruger ændret");
      } finally {
        desk.quit();
      }

      // On a phone each person is a card: status and buttons without scrolling sideways.
      WebDriver phone = Browsers.phone(installed.binary(), installed.driver(), 390, 844);
      try {
        Browsers.login(phone, hub.httpBase(), "admin@uo.test", By.id("admin-home"));
        phone.get(hub.httpBase() + "/#/admin/users");
        new WebDriverWait(phone, Duration.ofSeconds(20))
            .until(ExpectedConditions.visibilityOfElementLocated(By.id("users")));
        WebElement deactivateMads =
            phone.findElement(
                By.xpath(
                    "//table[@id='users']//tr[td[normalize-space()='Mads Holm']]"
                        + "//button[text()='Deaktivér']"));
        assertThat(deactivateMads.getRect().getX() + deactivateMads.getRect().getWidth())
            .as("Deaktivér within the phone's width")
            .isLessThanOrEqualTo(390);
        Browsers.assertFitsTheWidth(phone, "users on a phone");
        screenshot(phone, shots.resolve("admin-users-390.png"));
      } finally {
        phone.quit();
      }
    }
  }

  private static String auditOf(TestHub hub, String user) {
    return Sql.text(
        hub.db(),
        "SELECT string_agg(action, ',' ORDER BY id) FROM audit_log WHERE target = ?",
        user);
  }

  private static Select roleSelect(WebDriver desk, String name) {
    return new Select(
        desk.findElement(
            By.xpath("//table[@id='users']//tr[td[normalize-space()='" + name + "']]//select")));
  }

  /** Picks a role in the person's row (the table redraws after a change: found afresh). */
  private static Alert chooseRole(WebDriver desk, String name, String role) {
    new WebDriverWait(desk, Duration.ofSeconds(10))
        .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
        .until(
            d -> {
              roleSelect(d, name).selectByValue(role);
              return true;
            });
    return new WebDriverWait(desk, Duration.ofSeconds(10))
        .until(ExpectedConditions.alertIsPresent());
  }

  /** Clicks "Deaktivér" and answers the question it asks. */
  private static void deactivate(WebDriver desk, String name) {
    // The table repaints after the change before; a button found in the old one is gone.
    Browsers.click(
        desk,
        By.xpath(
            "//table[@id='users']//tr[td[normalize-space()='"
                + name
                + "']]//button[text()='Deaktivér']"));
    Alert asked =
        new WebDriverWait(desk, Duration.ofSeconds(10)).until(ExpectedConditions.alertIsPresent());
    assertThat(asked.getText())
        .isEqualTo("Deaktivér " + name + "? Personen kan ikke længere logge ind.");
    asked.accept();
  }
}

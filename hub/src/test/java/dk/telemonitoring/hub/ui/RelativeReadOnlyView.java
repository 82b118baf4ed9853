package dk.telemonitoring.hub.ui;

import static dk.telemonitoring.hub.ui.Browsers.screenshot;
import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.hub.config.DbUrl;
import dk.telemonitoring.hub.support.Sql;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A relative's view in {@link TriageBoardBrowserTest}: with the patient's recorded consent, the
 * patient page read-only (no board, live stream, limits or actions); once consent is withdrawn, the
 * page says so instead of showing the data. Screenshot relative-patient.png.
 */
final class RelativeReadOnlyView {

  private RelativeReadOnlyView() {}

  /** {@code two} is logged in as a nurse; it logs out and in again as the relative. */
  static void assertShownThenWithdrawn(
      WebDriver two, DbUrl db, String base, UUID patient, Path shots) throws IOException {
    // A relative with the patient's recorded consent: the patient page, read-only, no board or
    // live stream.
    Sql.exec(
        db,
        """
            INSERT INTO patient_relatives (patient_id, user_id, relation, consent_recorded_at, consent_recorded_by, consent_note)
            SELECT ?, id, 'son', now(), 'nurse.one@vios.test', 'consent given at the enrolment visit'
            FROM app_users WHERE email = 'son@vios.test'""",
        patient);
    two.findElement(By.id("logout")).click();
    new WebDriverWait(two, Duration.ofSeconds(15))
        .until(ExpectedConditions.visibilityOfElementLocated(By.id("email")));
    Browsers.login(two, base, "son@vios.test", By.id("read-only"));
    new WebDriverWait(two, Duration.ofSeconds(15))
        .until(
            ExpectedConditions.presenceOfElementLocated(
                By.cssSelector(".pchart[data-code='spo2'] .uplot")));
    assertThat(two.getCurrentUrl()).endsWith("#/patient/" + patient);
    assertThat(two.findElement(By.id("nav")).isDisplayed()).isFalse();
    assertThat(two.findElement(By.id("live")).isDisplayed()).isFalse();
    assertThat(
            two.findElements(
                By.cssSelector(
                    "#alerts, .limits, #view input, #view select, #view textarea, button.ack")))
        .isEmpty();
    assertThat(two.findElement(By.id("readings")).getText()).contains("SpO2");
    screenshot(two, shots.resolve("relative-patient.png"));
    // Consent withdrawn: the page says so instead of showing the data.
    Sql.exec(
        db,
        "UPDATE patient_relatives SET withdrawn_at = now(), withdrawn_by = 'nurse.one@vios.test' WHERE patient_id = ?",
        patient);
    two.navigate().refresh();
    new WebDriverWait(two, Duration.ofSeconds(15))
        .until(
            ExpectedConditions.or(
                ExpectedConditions.textToBePresentInElementLocated(
                    By.id("view-error"), "trukket det samtykke tilbage"),
                ExpectedConditions.textToBePresentInElementLocated(
                    By.id("view-error"), "withdrawn the consent")));
    assertThat(two.findElements(By.cssSelector(".pchart"))).isEmpty();
  }
}

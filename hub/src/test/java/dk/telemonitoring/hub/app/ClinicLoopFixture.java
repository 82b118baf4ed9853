package dk.telemonitoring.hub.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dk.telemonitoring.alerts.domain.Contact;
import dk.telemonitoring.hub.config.DbUrl;
import dk.telemonitoring.hub.config.Setting;
import dk.telemonitoring.hub.support.OnCallRota;
import dk.telemonitoring.hub.support.Sql;
import dk.telemonitoring.hub.support.TestHub;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The clinic's core loop with real servers: clinic "loop" with its device, a real SMTP server
 * (GreenMail) for the pages by e-mail, the on-call doctor "dr-loop" with e-mail, webhook and push,
 * and what the tests ask of the pages: their findings as stored, nothing internal in what they
 * show. Each test starts its own hub in a fresh database.
 */
abstract class ClinicLoopFixture {

  @RegisterExtension
  static GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

  static final String CLINIC = "loop";
  static final String DEVICE = "ox-loop-1";
  static final String WEBHOOK_SECRET = "webhook-secret-of-dr-loop";

  /** The live findings of the one open alert: rule, level, explanations. */
  static List<Map<String, String>> liveFindings(DbUrl db) throws Exception {
    List<Map<String, String>> out = new ArrayList<>();
    try (var c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
        var rs =
            c.createStatement()
                .executeQuery(
                    "SELECT f.rule_id, f.level, f.explanation, f.explanation_da"
                        + " FROM alert_findings f JOIN alerts a ON a.id = f.alert_id WHERE a.state <> 'RESOLVED'"
                        + " AND f.cleared_at IS NULL ORDER BY f.level_rank DESC, f.rule_id")) {
      while (rs.next()) {
        out.add(
            Map.of(
                "rule_id",
                rs.getString(1),
                "level",
                rs.getString(2),
                "explanation",
                rs.getString(3),
                "explanation_da",
                rs.getString(4)));
      }
    }
    return out;
  }

  /**
   * No name where the clinic has not opted in, no rule id, no unit code, no id prefix in what a
   * page shows.
   */
  static void assertNothingInternal(String page, DbUrl db) {
    String patientId = Sql.text(db, "SELECT id::text FROM patients");
    assertThat(page).doesNotContain("limit.", "news2.", "baseline.", "{score}", "Cel", "mm[Hg]");
    if (!Sql.text(db, "SELECT coalesce(bool_or(names_in_pages), false)::text FROM clinic_paging")
        .equals("true")) {
      assertThat(page).doesNotContain("Test patient");
    }
    // The JSON bodies carry the patient's id as a field for the receiving system; the text never
    // shows a prefix.
    assertThat(page.replace("\"patientId\":\"" + patientId + "\"", ""))
        .doesNotContain(patientId.substring(0, 8));
  }

  /** E-mail through the GreenMail server of this test. */
  static Map<Setting, String> withSmtp(Map<Setting, String> settings) {
    settings.put(Setting.SMTP_HOST, "127.0.0.1");
    settings.put(Setting.SMTP_PORT, String.valueOf(smtp.getSmtp().getPort()));
    settings.put(Setting.SMTP_STARTTLS, "DISABLED");
    settings.put(Setting.SMTP_FROM, "hub@clinic.test");
    return settings;
  }

  static void onCallDoctor(TestHub hub, String hookUrl, String pushTopic) {
    OnCallRota.doctorAndNurse(
        hub.hub().pool(),
        new Contact(
            "dr-loop",
            CLINIC,
            "Dr Loop",
            "dr-loop@clinic.test",
            pushTopic,
            hookUrl,
            WEBHOOK_SECRET,
            true,
            true),
        new Contact("nurse-loop", CLINIC, "Nurse Loop", null, null, null, null, true, true));
  }

  static void awaitTrue(String what, java.util.function.BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Sql.sleep(100);
    }
  }
}

package dk.telemonitoring.hub.api;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.hub.support.Sql;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * The signed link opens only its own alert and only until it expires: another alert is refused and
 * left unchanged, an expired or unknown link is refused with a clear page, every refusal audited.
 */
class AlertLinkOwnAlertAndExpiryApiTest extends AlertLinkFixture {

  @Override
  String databasePrefix() {
    return "alertlinkscope";
  }

  @Test
  void theLinkActsOnlyOnItsOwnAlert() throws Exception {
    Paged mine = criticalAlert("ox-link-own");
    Paged other = criticalAlert("ox-link-other");
    String otherBefore = snapshot(other.alertId());

    HttpResponse<String> read =
        get("/alerts/link/alert?token=" + q(mine.token()) + "&alert=" + other.alertId());
    assertThat(read.statusCode()).isEqualTo(403);
    assertThat(new JsonObject(read.body()).getString("error")).contains("only the alert");
    for (String action : new String[] {"acknowledge", "advise", "resolve"}) {
      HttpResponse<String> r =
          post(
              action,
              new JsonObject()
                  .put("token", mine.token())
                  .put("alertId", other.alertId())
                  .put("instruction", "NO_ACTION")
                  .put("outcome", "NO_ACTION_NEEDED")
                  .put("confirmCritical", true));
      assertThat(r.statusCode()).as(action).isEqualTo(403);
    }
    assertThat(snapshot(other.alertId())).isEqualTo(otherBefore);
    assertThat(
            Sql.count(
                db,
                "SELECT count(*) FROM audit_log WHERE action = 'alert-link.refused' AND target LIKE ?",
                "%another alert " + other.alertId()))
        .isEqualTo(4);
  }

  @Test
  void anExpiredLinkIsRefusedWithAClearPage() throws Exception {
    Paged p = criticalAlert("ox-link-expired");
    Sql.exec(
        db,
        "UPDATE notifications SET ack_token_expires_at = now() - interval '1 minute' WHERE id = ?::uuid",
        p.notificationId());
    String before = snapshot(p.alertId());

    HttpResponse<String> page = open("/alerts/ack?token=" + q(p.token()));
    assertThat(page.statusCode()).isEqualTo(410);
    assertThat(page.headers().firstValue("content-type").orElse("")).startsWith("text/html");
    assertThat(page.body()).contains("Linket er udløbet").contains("This link has expired");
    assertThat(get("/alerts/link/alert?token=" + q(p.token())).statusCode()).isEqualTo(410);
    HttpResponse<String> ack =
        post("acknowledge", new JsonObject().put("token", p.token()).put("alertId", p.alertId()));
    assertThat(ack.statusCode()).isEqualTo(410);
    assertThat(snapshot(p.alertId())).isEqualTo(before);
    assertThat(audited("alert-link.refused", p.alertId())).isEqualTo(3);

    // An unknown link is refused as well, with its own words.
    HttpResponse<String> unknown = open("/alerts/ack?token=not-a-real-token");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.body()).contains("Linket er ukendt");
    // Any other client gets the JSON error every route answers with.
    HttpResponse<String> api = get("/alerts/ack?token=" + q(p.token()));
    assertThat(api.statusCode()).isEqualTo(410);
    assertThat(new JsonObject(api.body()).getString("error")).contains("expired");
  }
}

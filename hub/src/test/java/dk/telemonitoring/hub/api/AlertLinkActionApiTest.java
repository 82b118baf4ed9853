package dk.telemonitoring.hub.api;

import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.hub.support.Sql;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * Acting through the signed link: acknowledge, advise and resolve are audited, a resolved alert's
 * page is read-only, and actions come only as JSON from the page itself.
 */
class AlertLinkActionApiTest extends AlertLinkFixture {

  @Override
  String databasePrefix() {
    return "alertlinkaction";
  }

  @Test
  void actionsAreAuditedAndAResolvedAlertsPageIsReadOnly() throws Exception {
    Paged p = criticalAlert("ox-link-resolve");
    JsonObject link = new JsonObject().put("token", p.token()).put("alertId", p.alertId());

    HttpResponse<String> ack = post("acknowledge", link.copy());
    assertThat(ack.statusCode()).as(ack.body()).isEqualTo(200);
    assertThat(Sql.text(db, "SELECT acknowledged_by FROM alerts WHERE id = ?::uuid", p.alertId()))
        .isEqualTo("dr-link");
    HttpResponse<String> noText =
        post("advise", link.copy().put("instruction", "START_RESCUE_PACK"));
    assertThat(noText.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(noText.body()).getString("error")).contains("rescue pack");
    HttpResponse<String> advise =
        post(
            "advise",
            link.copy().put("instruction", "CALL_PATIENT_TODAY").put("note", "Spørg til feber"));
    assertThat(advise.statusCode()).as(advise.body()).isEqualTo(200);
    assertThat(
            new JsonObject(advise.body()).getJsonArray("advice").getJsonObject(0).getString("by"))
        .isEqualTo("Dr Link");
    HttpResponse<String> unconfirmed =
        post("resolve", link.copy().put("outcome", "ADVICE_BY_PHONE"));
    assertThat(unconfirmed.statusCode()).isEqualTo(422);
    HttpResponse<String> resolve =
        post("resolve", link.copy().put("outcome", "ADVICE_BY_PHONE").put("confirmCritical", true));
    assertThat(resolve.statusCode()).as(resolve.body()).isEqualTo(200);
    assertThat(new JsonObject(resolve.body()).getBoolean("readOnly")).isTrue();
    assertThat(Sql.text(db, "SELECT outcome FROM alerts WHERE id = ?::uuid", p.alertId()))
        .isEqualTo("ADVICE_BY_PHONE");

    // Read-only from now on: the page still opens, every action is refused and changes nothing.
    String before = snapshot(p.alertId());
    HttpResponse<String> data = get("/alerts/link/alert?token=" + q(p.token()));
    assertThat(data.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(data.body()).getBoolean("readOnly")).isTrue();
    for (String action : new String[] {"acknowledge", "advise", "resolve"}) {
      HttpResponse<String> r =
          post(
              action,
              link.copy()
                  .put("instruction", "NO_ACTION")
                  .put("outcome", "NO_ACTION_NEEDED")
                  .put("confirmCritical", true));
      assertThat(r.statusCode()).as(action).isEqualTo(409);
      assertThat(new JsonObject(r.body()).getString("error")).contains("read-only");
    }
    assertThat(snapshot(p.alertId())).isEqualTo(before);
    assertThat(audited("alert-link.acknowledge", p.alertId())).isEqualTo(1);
    // Each use is audited, the advice refused for want of text as well.
    assertThat(audited("alert-link.advise", p.alertId())).isEqualTo(2);
    assertThat(audited("alert-link.resolve", p.alertId())).isEqualTo(1);
  }

  @Test
  void actionsComeOnlyAsJsonFromThePageItself() throws Exception {
    Paged p = criticalAlert("ox-link-csrf");
    String before = snapshot(p.alertId());
    HttpResponse<String> form =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(base + "/alerts/link/acknowledge"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "token=" + q(p.token()) + "&alertId=" + p.alertId()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(form.statusCode()).isEqualTo(415);
    HttpResponse<String> foreign =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(base + "/alerts/link/acknowledge"))
                .header("Content-Type", "application/json")
                .header("Origin", "https://evil.example")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        new JsonObject()
                            .put("token", p.token())
                            .put("alertId", p.alertId())
                            .encode()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(foreign.statusCode()).isEqualTo(403);
    HttpResponse<String> noToken =
        post("acknowledge", new JsonObject().put("alertId", p.alertId()));
    assertThat(noToken.statusCode()).isEqualTo(400);
    assertThat(snapshot(p.alertId())).isEqualTo(before);
  }
}

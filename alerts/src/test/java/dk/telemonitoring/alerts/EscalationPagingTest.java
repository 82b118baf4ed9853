package dk.telemonitoring.alerts;

import static dk.telemonitoring.alerts.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.alerts.domain.AlertState;
import dk.telemonitoring.alerts.domain.Channel;
import dk.telemonitoring.alerts.domain.Level;
import dk.telemonitoring.alerts.domain.OnCallRole;
import dk.telemonitoring.alerts.escalation.EscalationEngine;
import dk.telemonitoring.alerts.notify.EmailChannel;
import dk.telemonitoring.alerts.notify.InAppChannel;
import dk.telemonitoring.alerts.notify.NotificationChannel;
import dk.telemonitoring.alerts.notify.NotificationDispatcher;
import dk.telemonitoring.alerts.notify.WebhookChannel;
import dk.telemonitoring.alerts.store.NotificationStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.sqlclient.Tuple;
import jakarta.mail.internet.MimeMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * An unacknowledged RED alert reaches the on-call doctor by e-mail and signed webhook within the
 * policy time, and acknowledging through a page's token stops the further steps.
 */
class EscalationPagingTest extends EscalationFixture {

  private static List<NotificationChannel> channels(Vertx v, Clock clock) {
    MailClient mail =
        MailClient.create(
            v, new MailConfig().setHostname("127.0.0.1").setPort(greenMail.getSmtp().getPort()));
    return List.of(
        new EmailChannel(mail, "alerts@hub.test"),
        new WebhookChannel(v, new HttpClientOptions(), clock),
        new InAppChannel(
            m -> {
              inApp.add(m.personId() + ":" + m.alertId());
              return Future.succeededFuture();
            }));
  }

  @Test
  void unacknowledgedRedAlertReachesOnCallDoctorByEmailAndSignedWebhookWithinPolicyTime()
      throws Exception {
    Clock clock = Clock.systemUTC();
    // The timers and pages the other tests left on their own clocks are long due in real time:
    // without this the
    // engine and dispatcher would first work through that backlog (order-dependent, and slow on a
    // loaded machine),
    // and its e-mails would count as this alert's.
    await(pool.query("DELETE FROM escalation_timers").execute());
    await(
        pool.query(
                "UPDATE notifications SET status = 'CANCELLED' WHERE status IN ('PENDING', 'SENDING')")
            .execute());
    greenMail.purgeEmailFromAllMailboxes();
    AlertService service = new AlertService(pool, CONFIG, clock);
    String engineId = await(vertx.deployVerticle(new EscalationEngine(pool, CONFIG, clock)));
    String dispatcherId =
        await(
            vertx.deployVerticle(
                new NotificationDispatcher(pool, CONFIG, clock, channels(vertx, clock))));
    try {
      realTimeEscalation(service, clock);
    } finally {
      await(vertx.undeploy(engineId));
      await(vertx.undeploy(dispatcherId));
    }
  }

  private void realTimeEscalation(AlertService service, Clock clock) throws Exception {
    String doctor =
        await(service.whoIsOnCall("vios", OnCallRole.ONCALL_DOCTOR, clock.instant()))
            .now()
            .orElseThrow()
            .personId();

    long start = System.currentTimeMillis();
    UUID alertId = raise(service, "vios", Level.RED, clock.instant());

    Await.until("e-mail to the on-call doctor", 15_000, () -> mailsTo(doctor + "@clinic.test") > 0);
    Await.until(
        "signed webhook for the alert", 15_000, () -> webhooksFor(alertId, doctor).size() > 0);
    long elapsed = System.currentTimeMillis() - start;
    assertThat(elapsed)
        .as("not before the 2 s policy delay, and promptly after it")
        .isBetween(1_900L, 10_000L);
    assertThat(badSignatures).hasValue(0);
    MimeMessage mail = greenMail.getReceivedMessages()[0];
    assertThat(mail.getSubject()).startsWith("[RØD] ");
    assertThat((String) mail.getContent()).contains("https://hub.test/alerts/ack?token=");
    assertThat(await(service.get(alertId)).state()).isEqualTo(AlertState.ESCALATED);
    assertThat(inApp).anyMatch(s -> s.equals("nurse-1:" + alertId));

    // The doctor acknowledges with the link from the webhook; the backup (due 3 s later) is never
    // paged.
    String ackUrl = webhooksFor(alertId, doctor).get(0).getString("ackUrl");
    String token = ackUrl.substring(ackUrl.indexOf("token=") + 6);
    assertThat(await(service.acknowledgeByToken(token)).acknowledgedBy()).isEqualTo(doctor);
    assertThat(
            await(
                    pool.preparedQuery("SELECT phase FROM escalation_timers WHERE alert_id = $1")
                        .execute(Tuple.of(alertId)))
                .iterator()
                .next()
                .getString("phase"))
        .isEqualTo("ACKNOWLEDGED");
    Await.until(
        "all attempts recorded",
        5_000,
        () ->
            notifications(alertId).stream()
                .allMatch(n -> n.status().equals("SENT") || n.status().equals("CANCELLED")));
    List<NotificationStore.Attempt> attempts =
        await(new NotificationStore().attempts(pool, notifications(alertId).get(0).id()));
    assertThat(attempts).extracting(NotificationStore.Attempt::status).contains("DELIVERED");
  }

  @Test
  void acknowledgingThroughTheNotificationTokenStopsFurtherSteps() {
    MutableClock clock = new MutableClock(Instant.parse("2026-05-04T12:00:00Z"));
    AlertService service = new AlertService(pool, CONFIG, clock);
    EscalationEngine engine = new EscalationEngine(pool, CONFIG, clock);
    UUID alertId = raise(service, "vios", Level.RED, clock.instant());
    await(engine.runOnce()); // nurse, in-app
    clock.advance(Duration.ofSeconds(2));
    await(engine.runOnce()); // on-call doctor
    NotificationStore.Stored page =
        notifications(alertId).stream()
            .filter(n -> n.recipientRole().equals("ONCALL_DOCTOR") && n.channel() == Channel.EMAIL)
            .findFirst()
            .orElseThrow();
    String token =
        new dk.telemonitoring.alerts.domain.AckTokens(CONFIG.ackTokenSecret()).tokenFor(page.id());

    assertThat(await(service.acknowledgeByToken(token)).state()).isEqualTo(AlertState.ACKNOWLEDGED);
    clock.advance(
        Duration.ofSeconds(
            4)); // past the backup step (3 s) but before the acknowledged reminder (8 s)
    await(engine.runOnce());

    assertThat(notifications(alertId)).noneMatch(n -> n.recipientRole().equals("BACKUP_DOCTOR"));
    assertThat(await(service.acknowledgeByToken(token)).acknowledgedBy())
        .isEqualTo(page.personId());
    assertThat(Await.failure(service.acknowledgeByToken("not-a-token")))
        .isInstanceOf(dk.telemonitoring.alerts.domain.AlertNotFoundException.class);
  }

  private static long mailsTo(String address) {
    return java.util.Arrays.stream(greenMail.getReceivedMessages())
        .filter(
            m -> {
              try {
                return java.util.Arrays.stream(m.getAllRecipients())
                    .anyMatch(a -> a.toString().equals(address));
              } catch (Exception e) {
                return false;
              }
            })
        .count();
  }

  private static List<JsonObject> webhooksFor(UUID alertId, String person) {
    return webhooks.stream()
        .filter(
            w ->
                w.getString("alertId").equals(alertId.toString())
                    && w.getString("recipient").equals(person))
        .toList();
  }
}

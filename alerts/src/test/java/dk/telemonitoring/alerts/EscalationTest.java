package dk.telemonitoring.alerts;

import static dk.telemonitoring.alerts.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dk.telemonitoring.alerts.domain.AlertSignal;
import dk.telemonitoring.alerts.domain.AlertState;
import dk.telemonitoring.alerts.domain.Channel;
import dk.telemonitoring.alerts.domain.Contact;
import dk.telemonitoring.alerts.domain.EscalationPolicies;
import dk.telemonitoring.alerts.domain.Level;
import dk.telemonitoring.alerts.domain.OnCallRole;
import dk.telemonitoring.alerts.domain.Rotation;
import dk.telemonitoring.alerts.escalation.EscalationEngine;
import dk.telemonitoring.alerts.notify.EmailChannel;
import dk.telemonitoring.alerts.notify.InAppChannel;
import dk.telemonitoring.alerts.notify.NotificationChannel;
import dk.telemonitoring.alerts.notify.NotificationDispatcher;
import dk.telemonitoring.alerts.notify.WebhookChannel;
import dk.telemonitoring.alerts.store.NotificationStore;
import dk.telemonitoring.alerts.store.ScheduleStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import jakarta.mail.internet.MimeMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

@ExtendWith(VertxExtension.class)
@Timeout(180)
class EscalationTest {

  @RegisterExtension
  static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

  private static final ZoneId CPH = ZoneId.of("Europe/Copenhagen");
  private static final String SECRET_A = "webhook-secret-of-dr-a";
  private static final String SECRET_B = "webhook-secret-of-dr-b";

  /** RED: doctor after 2 s unacknowledged, backup 3 s later (shipped: 15 min and 10 min). */
  private static final AlertsConfig CONFIG =
      AlertsConfig.defaults()
          .withPolicies(EscalationPolicies.withDelays(Duration.ofSeconds(2), Duration.ofSeconds(3)))
          .withIntervals(Duration.ofMillis(100), Duration.ofMillis(100))
          .withRetries(3, Duration.ofMillis(200), Duration.ofSeconds(1))
          .withAckLinks("https://hub.test/alerts/ack", "test-secret-for-ack-tokens-0123456789");

  @RegisterExtension static final ClassDatabase db = new ClassDatabase();
  private static Vertx vertx;
  private static Pool pool;
  private static HttpServer receiver;
  private static final List<JsonObject> webhooks = new CopyOnWriteArrayList<>();
  private static final AtomicInteger badSignatures = new AtomicInteger();
  private static final List<String> inApp = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void setUp() throws Exception {
    vertx = db.vertx();
    pool = db.pool(4);
    Map<String, String> secrets = Map.of("dr-a", SECRET_A, "dr-b", SECRET_B, "dr-x", SECRET_A);
    receiver =
        await(
            vertx
                .createHttpServer()
                .requestHandler(
                    req ->
                        req.body()
                            .onSuccess(
                                body -> {
                                  String person = req.path().substring(1);
                                  String expected =
                                      WebhookChannel.signature(
                                          secrets.get(person),
                                          req.getHeader(WebhookChannel.TIMESTAMP),
                                          body.toString());
                                  if (!expected.equals(req.getHeader(WebhookChannel.SIGNATURE))
                                      || req.getHeader(WebhookChannel.IDEMPOTENCY_KEY) == null) {
                                    badSignatures.incrementAndGet();
                                    req.response().setStatusCode(401).end();
                                    return;
                                  }
                                  webhooks.add(
                                      body.toJsonObject()
                                          .put(
                                              "idempotencyKey",
                                              req.getHeader(WebhookChannel.IDEMPOTENCY_KEY)));
                                  req.response().setStatusCode(204).end();
                                }))
                .listen(0, "127.0.0.1"));
    String hook = "http://127.0.0.1:" + receiver.actualPort() + "/";
    ScheduleStore schedules = new ScheduleStore();
    for (String clinic : List.of("vios", "dst")) {
      await(
          schedules.saveContact(
              pool,
              new Contact(
                  "dr-a",
                  clinic,
                  "Dr A",
                  "dr-a@clinic.test",
                  null,
                  hook + "dr-a",
                  SECRET_A,
                  true,
                  true)));
      await(
          schedules.saveContact(
              pool,
              new Contact(
                  "dr-b",
                  clinic,
                  "Dr B",
                  "dr-b@clinic.test",
                  null,
                  hook + "dr-b",
                  SECRET_B,
                  true,
                  true)));
      await(
          schedules.saveContact(
              pool,
              new Contact(
                  "dr-x", clinic, "Dr X", "dr-x@clinic.test", null, null, null, true, true)));
      await(
          schedules.saveContact(
              pool, new Contact("nurse-1", clinic, "Nurse 1", null, null, null, null, true, true)));
      // Daily doctors handing over at 08:00 Copenhagen time; 2026-03-22 is dr-a's day.
      await(
          schedules.addRotation(
              pool,
              new Rotation(
                  0,
                  clinic,
                  OnCallRole.ONCALL_DOCTOR,
                  CPH,
                  LocalDate.of(2026, 3, 22),
                  1,
                  List.of(LocalTime.of(8, 0)),
                  List.of("dr-a", "dr-b"))));
      await(
          schedules.addRotation(
              pool,
              new Rotation(
                  0,
                  clinic,
                  OnCallRole.BACKUP_DOCTOR,
                  CPH,
                  LocalDate.of(2026, 3, 22),
                  7,
                  List.of(LocalTime.of(8, 0)),
                  List.of("dr-x"))));
      await(
          schedules.addRotation(
              pool,
              new Rotation(
                  0,
                  clinic,
                  OnCallRole.NURSE_ON_DUTY,
                  CPH,
                  LocalDate.of(2026, 3, 22),
                  1,
                  List.of(LocalTime.of(8, 0)),
                  List.of("nurse-1"))));
    }
  }

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

  private static UUID raise(AlertService service, String clinic, Level level, Instant at) {
    AlertSignal s =
        new AlertSignal(
            clinic,
            UUID.randomUUID(),
            "spo2-drop",
            level,
            "SpO2 3 points below baseline",
            at,
            "r-1");
    return await(pool.withTransaction(tx -> service.raise(tx, s))).alertId();
  }

  private static List<NotificationStore.Stored> notifications(UUID alertId) {
    return await(new NotificationStore().forAlert(pool, alertId));
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

  @Test
  void engineRestartedBetweenRaiseAndEscalationFiresTheDoctorPageExactlyOnce() {
    MutableClock clock = new MutableClock(Instant.parse("2026-06-01T12:00:00Z"));
    Vertx first = Vertx.vertx();
    Pool firstPool = db.pool(first, 2);
    AlertService service = new AlertService(firstPool, CONFIG, clock);
    UUID alertId = raise(service, "vios", Level.RED, clock.instant());
    await(new EscalationEngine(firstPool, CONFIG, clock).runOnce());
    await(first.close()); // the hub dies before the doctor step is due

    Vertx second = Vertx.vertx();
    try {
      Pool secondPool = db.pool(second, 2);
      EscalationEngine restarted = new EscalationEngine(secondPool, CONFIG, clock);
      clock.advance(Duration.ofSeconds(2));
      await(restarted.runOnce());
      await(restarted.runOnce());
      List<NotificationStore.Stored> doctorPages =
          notifications(alertId).stream()
              .filter(n -> n.recipientRole().equals("ONCALL_DOCTOR"))
              .toList();
      assertThat(doctorPages)
          .extracting(NotificationStore.Stored::channel)
          .containsExactlyInAnyOrder(Channel.EMAIL, Channel.WEBHOOK, Channel.IN_APP);
      // 2026-06-01 is day 71 of the rotation anchored on 2026-03-22: dr-b's day.
      assertThat(doctorPages).extracting(NotificationStore.Stored::personId).containsOnly("dr-b");
    } finally {
      await(second.close());
    }
  }

  @Test
  void twoEnginesOnTwoVertxInstancesFireEachEscalationExactlyOnce() {
    MutableClock clock = new MutableClock(Instant.parse("2026-06-02T12:00:00Z"));
    Vertx v1 = Vertx.vertx();
    Vertx v2 = Vertx.vertx();
    try {
      EscalationEngine e1 = new EscalationEngine(db.pool(v1, 3), CONFIG, clock);
      EscalationEngine e2 = new EscalationEngine(db.pool(v2, 3), CONFIG, clock);
      AlertService service = new AlertService(pool, CONFIG, clock);
      List<UUID> ids = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        ids.add(raise(service, "vios", Level.CRITICAL, clock.instant()));
      }
      int fired = 0;
      for (int round = 0; round < 5; round++) {
        Future<Integer> a = e1.runOnce();
        Future<Integer> b = e2.runOnce();
        await(Future.all(a, b));
        fired += a.result() + b.result();
      }
      assertThat(fired)
          .as("at least the first CRITICAL step of 30 alerts")
          .isGreaterThanOrEqualTo(30);
      for (UUID id : ids) {
        Map<String, Long> perTarget =
            notifications(id).stream()
                .collect(
                    Collectors.groupingBy(
                        n -> n.personId() + ":" + n.channel(), Collectors.counting()));
        assertThat(perTarget)
            .containsOnlyKeys("dr-a:EMAIL", "dr-a:WEBHOOK", "dr-a:IN_APP", "nurse-1:IN_APP");
        assertThat(perTarget.values()).containsOnly(1L);
        assertThat(await(service.get(id)).state()).isEqualTo(AlertState.ESCALATED);
        assertThat(await(service.history(id)))
            .filteredOn(t -> t.actorId().equals(AlertService.ENGINE_ACTOR))
            .hasSize(1);
      }
    } finally {
      await(v1.close());
      await(v2.close());
    }
  }

  @Test
  void scheduleAcrossDaylightSavingChangesPagesTheDoctorOnCallByLocalHandover() {
    // 2026-03-29 (spring forward): 08:00 CEST = 06:00Z; dr-b's day (day 7). A fixed 24 h rotation
    // would hand
    // over at 07:00Z.
    assertThat(pagedDoctorAt("2026-03-29T05:50:00Z")).isEqualTo("dr-a");
    assertThat(pagedDoctorAt("2026-03-29T06:30:00Z")).isEqualTo("dr-b");
    // 2026-10-24 is still summer time (dr-a from 06:00Z); 2026-10-25 (fall back): 08:00 CET =
    // 07:00Z is dr-b.
    assertThat(pagedDoctorAt("2026-10-24T06:30:00Z")).isEqualTo("dr-a");
    assertThat(pagedDoctorAt("2026-10-25T06:30:00Z")).isEqualTo("dr-a");
    assertThat(pagedDoctorAt("2026-10-25T07:00:00Z")).isEqualTo("dr-b");
  }

  private String pagedDoctorAt(String instant) {
    MutableClock clock = new MutableClock(Instant.parse(instant));
    AlertService service = new AlertService(pool, CONFIG, clock);
    UUID id = raise(service, "dst", Level.CRITICAL, clock.instant());
    await(new EscalationEngine(pool, CONFIG, clock).runOnce());
    Set<String> paged =
        notifications(id).stream()
            .filter(n -> n.recipientRole().equals("ONCALL_DOCTOR"))
            .map(NotificationStore.Stored::personId)
            .collect(Collectors.toSet());
    assertThat(paged).hasSize(1);
    await(
        service.resolve(
            id, "test", dk.telemonitoring.alerts.domain.CareOutcome.NO_ACTION_NEEDED, null));
    return paged.iterator().next();
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

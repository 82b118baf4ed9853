package dk.telemonitoring.alerts;

import static dk.telemonitoring.alerts.Await.await;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dk.telemonitoring.alerts.domain.AlertSignal;
import dk.telemonitoring.alerts.domain.Contact;
import dk.telemonitoring.alerts.domain.EscalationPolicies;
import dk.telemonitoring.alerts.domain.Level;
import dk.telemonitoring.alerts.domain.OnCallRole;
import dk.telemonitoring.alerts.domain.Rotation;
import dk.telemonitoring.alerts.notify.WebhookChannel;
import dk.telemonitoring.alerts.store.NotificationStore;
import dk.telemonitoring.alerts.store.ScheduleStore;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Clinics vios and dst, each with daily on-call doctors dr-a and dr-b handing over at 08:00
 * Copenhagen time (2026-03-22 is dr-a's day), backup dr-x and nurse-1 on duty; a webhook receiver
 * that checks each page's signature, GreenMail for e-mail, and a fresh database per concrete test
 * class. RED escalates to the doctor after 2 s and to the backup 3 s later.
 */
@ExtendWith(VertxExtension.class)
@Timeout(180)
abstract class EscalationFixture {

  @RegisterExtension
  static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

  private static final ZoneId CPH = ZoneId.of("Europe/Copenhagen");
  private static final String SECRET_A = "webhook-secret-of-dr-a";
  private static final String SECRET_B = "webhook-secret-of-dr-b";

  /** RED: doctor after 2 s unacknowledged, backup 3 s later (shipped: 15 min and 10 min). */
  static final AlertsConfig CONFIG =
      AlertsConfig.defaults()
          .withPolicies(EscalationPolicies.withDelays(Duration.ofSeconds(2), Duration.ofSeconds(3)))
          .withIntervals(Duration.ofMillis(100), Duration.ofMillis(100))
          .withRetries(3, Duration.ofMillis(200), Duration.ofSeconds(1))
          .withAckLinks("https://hub.test/alerts/ack", "test-secret-for-ack-tokens-0123456789");

  @RegisterExtension static final ClassDatabase db = new ClassDatabase();
  static Vertx vertx;
  static Pool pool;
  private static HttpServer receiver;
  static final List<JsonObject> webhooks = new CopyOnWriteArrayList<>();
  static final AtomicInteger badSignatures = new AtomicInteger();
  static final List<String> inApp = new CopyOnWriteArrayList<>();

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

  static UUID raise(AlertService service, String clinic, Level level, Instant at) {
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

  static List<NotificationStore.Stored> notifications(UUID alertId) {
    return await(new NotificationStore().forAlert(pool, alertId));
  }
}

package dk.telemonitoring.alerts;

import static dk.telemonitoring.alerts.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.alerts.domain.AlertSignal;
import dk.telemonitoring.alerts.domain.Channel;
import dk.telemonitoring.alerts.domain.Contact;
import dk.telemonitoring.alerts.domain.EscalationPolicy;
import dk.telemonitoring.alerts.domain.EscalationStep;
import dk.telemonitoring.alerts.domain.Level;
import dk.telemonitoring.alerts.domain.NotificationMessage;
import dk.telemonitoring.alerts.domain.OnCallRole;
import dk.telemonitoring.alerts.domain.PatientLabel;
import dk.telemonitoring.alerts.domain.Recipient;
import dk.telemonitoring.alerts.domain.Rotation;
import dk.telemonitoring.alerts.escalation.EscalationEngine;
import dk.telemonitoring.alerts.notify.FindingWords;
import dk.telemonitoring.alerts.notify.NotificationDispatcher;
import dk.telemonitoring.alerts.notify.PatientLabels;
import dk.telemonitoring.alerts.notify.WebhookChannel;
import dk.telemonitoring.alerts.store.NotificationStore;
import dk.telemonitoring.alerts.store.ScheduleStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Webhook delivery against a real local HTTP server, with the engine and dispatcher running in real
 * time and the retry backoff shortened through {@link AlertsConfig} (200 ms, doubling): every
 * attempt is recorded with its status, a receiver that recovers gets the page on the third attempt,
 * one that never does leaves a dead-letter record after maxAttempts, every request carries a
 * signature that verifies with the receiver's secret, and a receiver that hangs holds back no other
 * page.
 */
@Timeout(120)
class WebhookDeliveryTest {

  private static final ZoneId CPH = ZoneId.of("Europe/Copenhagen");
  private static final String SECRET = "webhook-secret-of-the-paging-service";
  private static final Duration BACKOFF = Duration.ofMillis(200);
  private static final int MAX_ATTEMPTS = 3;

  /** RED pages the on-call doctor by webhook at once, once. */
  private static final EscalationPolicy RED_BY_WEBHOOK =
      new EscalationPolicy(
          Level.RED,
          List.of(
              new EscalationStep(
                  Duration.ZERO, Set.of(Recipient.ONCALL_DOCTOR), Set.of(Channel.WEBHOOK))),
          null,
          Duration.ofHours(1),
          null);

  private static final AlertsConfig CONFIG =
      AlertsConfig.defaults()
          .withPolicies(Map.of(Level.RED, RED_BY_WEBHOOK))
          .withIntervals(Duration.ofMillis(50), Duration.ofMillis(50))
          .withRetries(MAX_ATTEMPTS, BACKOFF, Duration.ofSeconds(2))
          .withAckLinks("https://hub.test/alerts/ack", "test-secret-for-ack-tokens-0123456789");

  /** One request as the receiver saw it. */
  record Received(
      String path,
      String idempotencyKey,
      boolean signatureValid,
      boolean validWithWrongSecret,
      int answered,
      JsonObject body) {}

  @RegisterExtension static final ClassDatabase db = new ClassDatabase();
  private static Vertx vertx;
  private static Pool pool;
  private static HttpServer receiver;
  private static AlertService service;
  private static final List<Received> received = new CopyOnWriteArrayList<>();
  private static final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  private static final List<HttpServerRequest> hung = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void setUp() throws Exception {
    vertx = db.vertx();
    pool = db.pool(4);
    // /flaky answers 500 twice, then 200; /down always answers 503; /ok answers 200; /hung answers
    // only when the
    // test releases it.
    receiver =
        await(
            vertx
                .createHttpServer()
                .requestHandler(
                    req ->
                        req.body()
                            .onSuccess(
                                body -> {
                                  String timestamp = req.getHeader(WebhookChannel.TIMESTAMP);
                                  String signature = req.getHeader(WebhookChannel.SIGNATURE);
                                  int n =
                                      calls
                                          .computeIfAbsent(req.path(), p -> new AtomicInteger())
                                          .incrementAndGet();
                                  if (req.path().equals("/hung")) {
                                    hung.add(req);
                                    return;
                                  }
                                  int status =
                                      switch (req.path()) {
                                        case "/flaky" -> n <= 2 ? 500 : 200;
                                        case "/ok" -> 200;
                                        default -> 503;
                                      };
                                  received.add(
                                      new Received(
                                          req.path(),
                                          req.getHeader(WebhookChannel.IDEMPOTENCY_KEY),
                                          WebhookChannel.signature(
                                                  SECRET, timestamp, body.toString())
                                              .equals(signature),
                                          WebhookChannel.signature(
                                                  "some-other-secret", timestamp, body.toString())
                                              .equals(signature),
                                          status,
                                          body.toJsonObject()));
                                  req.response().setStatusCode(status).end();
                                }))
                .listen(0, "127.0.0.1"));
    String hook = "http://127.0.0.1:" + receiver.actualPort();
    ScheduleStore schedules = new ScheduleStore();
    for (String target : List.of("flaky", "down", "hung", "ok")) {
      String doctor = "dr-" + target;
      await(
          schedules.saveContact(
              pool,
              new Contact(
                  doctor,
                  target,
                  "Dr " + target,
                  null,
                  null,
                  hook + "/" + target,
                  SECRET,
                  false,
                  true)));
      await(
          schedules.addRotation(
              pool,
              new Rotation(
                  0,
                  target,
                  OnCallRole.ONCALL_DOCTOR,
                  CPH,
                  LocalDate.now(CPH).minusDays(2),
                  1,
                  List.of(LocalTime.of(8, 0)),
                  List.of(doctor))));
    }
    Clock clock = Clock.systemUTC();
    service = new AlertService(pool, CONFIG, clock);
    await(vertx.deployVerticle(new EscalationEngine(pool, CONFIG, clock)));
    await(
        vertx.deployVerticle(
            new NotificationDispatcher(
                pool,
                CONFIG,
                clock,
                List.of(new WebhookChannel(vertx, new HttpClientOptions(), clock)),
                LABELS,
                (ruleId, inputs) -> new FindingWords.Values("SpO2 86%", "SpO2 86%"))));
  }

  /** Patients whose labels cannot be read (the hub's database call fails). */
  private static final Set<UUID> UNREADABLE = ConcurrentHashMap.newKeySet();

  /**
   * Every readable patient is "J.H." (a pseudonym); a batch with an unreadable one fails as a
   * failed query would.
   */
  private static final PatientLabels LABELS =
      new PatientLabels() {
        @Override
        public Future<Map<UUID, PatientLabel>> labels(Collection<UUID> patientIds) {
          if (patientIds.stream().anyMatch(UNREADABLE::contains)) {
            return Future.failedFuture("connection to the patients' database lost");
          }
          Map<UUID, PatientLabel> out = new HashMap<>();
          patientIds.forEach(
              id -> out.put(id, new PatientLabel("J.H.", false, "KOL", "COPD", CPH)));
          return Future.succeededFuture(out);
        }

        @Override
        public Future<Void> disclosed(NotificationMessage page) {
          return Future.succeededFuture();
        }

        @Override
        public Future<Void> notDelivered(NotificationMessage page) {
          GIVEN_UP.add(page.notificationId());
          return Future.succeededFuture();
        }
      };

  /** The pages the dispatcher reported as given up on, once each. */
  private static final List<UUID> GIVEN_UP = new CopyOnWriteArrayList<>();

  private static UUID raise(String clinic) {
    return raise(clinic, UUID.randomUUID());
  }

  private static UUID raise(String clinic, UUID patientId) {
    return await(
            pool.withTransaction(
                tx ->
                    service.raise(
                        tx,
                        new AlertSignal(
                            clinic,
                            patientId,
                            "spo2-drop",
                            Level.RED,
                            "SpO2 86%",
                            Instant.now(),
                            null))))
        .alertId();
  }

  private static NotificationStore.Stored webhookPage(String clinic) throws InterruptedException {
    UUID alertId = raise(clinic);
    Await.until(
        "the webhook page of " + clinic + " to be final",
        20_000,
        () ->
            await(service.notifications(alertId)).stream()
                .anyMatch(n -> n.status().equals("SENT") || n.status().equals("DEAD")));
    List<NotificationStore.Stored> pages = await(service.notifications(alertId));
    assertThat(pages).hasSize(1);
    return pages.get(0);
  }

  private static List<NotificationStore.Attempt> attempts(UUID notificationId) {
    return await(new NotificationStore().attempts(pool, notificationId));
  }

  @Test
  void aReceiverThatFailsTwiceGetsThePageOnTheThirdAttemptAndEveryAttemptIsRecorded()
      throws Exception {
    NotificationStore.Stored page = webhookPage("flaky");

    assertThat(page.status()).isEqualTo("SENT");
    assertThat(page.attempts()).isEqualTo(3);
    assertThat(page.lastError()).isNull();
    assertThat(GIVEN_UP).doesNotContain(page.id());
    List<NotificationStore.Attempt> attempts = attempts(page.id());
    assertThat(attempts).extracting(NotificationStore.Attempt::attempt).containsExactly(1, 2, 3);
    assertThat(attempts)
        .extracting(NotificationStore.Attempt::status)
        .containsExactly("FAILED", "FAILED", "DELIVERED");
    assertThat(attempts)
        .extracting(NotificationStore.Attempt::detail)
        .containsExactly("HTTP 500", "HTTP 500", "HTTP 200");
    // The backoff from the configuration was kept: 200 ms after the first failure, 400 ms after the
    // second.
    assertThat(Duration.between(attempts.get(0).at(), attempts.get(1).at()))
        .isGreaterThanOrEqualTo(BACKOFF);
    assertThat(Duration.between(attempts.get(1).at(), attempts.get(2).at()))
        .isGreaterThanOrEqualTo(BACKOFF.multipliedBy(2));

    List<Received> requests = received.stream().filter(r -> r.path().equals("/flaky")).toList();
    assertThat(requests).extracting(Received::answered).containsExactly(500, 500, 200);
    // Signed with the receiver's secret (and not verifiable with another); a retry carries the same
    // idempotency key.
    assertThat(requests)
        .allMatch(Received::signatureValid)
        .noneMatch(Received::validWithWrongSecret);
    assertThat(requests).extracting(Received::idempotencyKey).containsOnly(page.id().toString());
    JsonObject body = requests.get(2).body();
    assertThat(body.getString("ackUrl")).startsWith("https://hub.test/alerts/ack?token=");
    // The page names the patient by the label the port gave and words the finding; the rule id
    // stays inside.
    assertThat(body.getJsonObject("patient").getString("label")).isEqualTo("J.H.");
    assertThat(body.getString("subject")).isEqualTo("[RØD] J.H.: SpO2 86%");
    assertThat(body.getJsonArray("findings")).hasSize(1);
    assertThat(
            body.getJsonArray("findings").getJsonObject(0).getJsonObject("values").getString("da"))
        .isEqualTo("SpO2 86%");
    assertThat(body.encode()).doesNotContain("spo2-drop").doesNotContainIgnoringCase("ruleId");
  }

  @Test
  void aPageWhosePatientCannotBeLabelledGoesOutNamingNobody() throws Exception {
    UUID patient = UUID.randomUUID();
    UNREADABLE.add(patient);
    UUID alertId = raise("ok", patient);
    Await.until(
        "the page delivered",
        10_000,
        () ->
            await(service.notifications(alertId)).stream()
                .anyMatch(n -> n.status().equals("SENT")));
    JsonObject body =
        received.stream()
            .map(Received::body)
            .filter(b -> b.getString("alertId").equals(alertId.toString()))
            .findFirst()
            .orElseThrow();
    assertThat(body.getJsonObject("patient").getString("label")).isEqualTo("patient");
    assertThat(body.getString("subject")).isEqualTo("[RØD] patient: SpO2 86%");
    assertThat(
            body.getJsonArray("findings")
                .getJsonObject(0)
                .getJsonObject("explanation")
                .getString("en"))
        .isEqualTo("SpO2 86%");
  }

  @Test
  void aReceiverThatAlwaysFailsLeavesADeadLetterRecordWithTheErrorAfterMaxAttempts()
      throws Exception {
    NotificationStore.Stored page = webhookPage("down");

    assertThat(page.status()).isEqualTo("DEAD");
    assertThat(page.attempts()).isEqualTo(MAX_ATTEMPTS);
    assertThat(page.lastError()).isEqualTo("HTTP 503");
    assertThat(page.sentAt()).isNull();
    List<NotificationStore.Attempt> attempts = attempts(page.id());
    assertThat(attempts)
        .extracting(NotificationStore.Attempt::status)
        .containsExactly("FAILED", "FAILED", "DEAD");
    assertThat(attempts).extracting(NotificationStore.Attempt::detail).containsOnly("HTTP 503");
    // Nothing more is tried once dead-lettered.
    Thread.sleep(BACKOFF.multipliedBy(4).toMillis());
    assertThat(received.stream().filter(r -> r.path().equals("/down")))
        .hasSize(MAX_ATTEMPTS)
        .allMatch(Received::signatureValid);
    // Reported for the audit log once, when given up on, not at each failed attempt.
    assertThat(GIVEN_UP).containsOnlyOnce(page.id());
  }

  @Test
  void aReceiverThatHangsDoesNotHoldBackPagesDueAfterIt() throws Exception {
    UUID stuck = raise("hung");
    Await.until("the hung receiver to hold the first page", 10_000, () -> !hung.isEmpty());
    UUID later = raise("ok");
    // Well inside the 15 s delivery timeout that ends the hung attempt.
    Await.until(
        "the later page delivered",
        12_000,
        () ->
            await(service.notifications(later)).stream().anyMatch(n -> n.status().equals("SENT")));
    assertThat(await(service.notifications(stuck)))
        .extracting(NotificationStore.Stored::status)
        .as("the first page is still under way")
        .containsExactly("SENDING");

    hung.forEach(req -> req.response().setStatusCode(200).end());
    Await.until(
        "the released page delivered",
        10_000,
        () ->
            await(service.notifications(stuck)).stream().anyMatch(n -> n.status().equals("SENT")));
    assertThat(calls.get("/hung")).as("sent once: it was never leased twice").hasValue(1);
  }
}

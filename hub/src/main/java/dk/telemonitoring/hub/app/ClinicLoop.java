package dk.telemonitoring.hub.app;

import dk.telemonitoring.alerts.AlertService;
import dk.telemonitoring.alerts.AlertsConfig;
import dk.telemonitoring.alerts.AlertsMigrations;
import dk.telemonitoring.alerts.domain.EscalationPolicies;
import dk.telemonitoring.alerts.escalation.EscalationEngine;
import dk.telemonitoring.alerts.notify.EmailChannel;
import dk.telemonitoring.alerts.notify.FindingWords;
import dk.telemonitoring.alerts.notify.InAppChannel;
import dk.telemonitoring.alerts.notify.NotificationChannel;
import dk.telemonitoring.alerts.notify.NotificationDispatcher;
import dk.telemonitoring.alerts.notify.PushChannel;
import dk.telemonitoring.alerts.notify.WebhookChannel;
import dk.telemonitoring.alerts.query.OperationsFigures;
import dk.telemonitoring.hub.config.DbUrl;
import dk.telemonitoring.hub.config.HubConfig;
import dk.telemonitoring.hub.config.Setting;
import dk.telemonitoring.hub.config.TriageConcurrency;
import dk.telemonitoring.hub.ingest.DevicePublisher;
import dk.telemonitoring.hub.push.PushAddresses;
import dk.telemonitoring.hub.store.PatientLabelStore;
import dk.telemonitoring.hub.triage.TriageConfig;
import dk.telemonitoring.hub.triage.engine.CriticalJudgement;
import dk.telemonitoring.hub.triage.rules.FindingValues;
import dk.telemonitoring.hub.triage.worker.CriticalLane;
import dk.telemonitoring.hub.triage.worker.MissedMeasurementScanner;
import dk.telemonitoring.hub.triage.worker.TriageMetrics;
import dk.telemonitoring.hub.triage.worker.TriageWorker;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.StartTLSOptions;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The clinic's core loop after ingest: triage of every committed reading (from the outbox, at
 * start-up too), alerts raised in the triage transaction, escalation timers and notification
 * delivery driven from the database, and the patient's feedback on the device's command topic.
 */
final class ClinicLoop {

  private static final Logger LOG = LoggerFactory.getLogger(ClinicLoop.class);

  private final Vertx vertx;
  private final HubConfig config;
  private final Pool pool;
  private final DevicePublisher mqtt;
  private final Pool lanePool;
  private final MeterRegistry registry;

  /**
   * Replies that only repeat the receipt are sent when asked for, or when there was no receipt to
   * repeat (read once: every triaged message asks).
   */
  private final boolean plainReplies;

  private AlertService alerts;
  private TriageWorker triage;
  private CriticalLane lane;
  private TriageMetrics triageMetrics;
  private AlertsMetrics alertsMetrics;
  private MissedMeasurementScanner scanner;
  private EscalationEngine escalationEngine;
  private NotificationDispatcher dispatcher;

  /**
   * @param lanePool the critical lane's own connections, so its alert never queues behind the
   *     writers' and triage's transactions for a pooled connection
   */
  ClinicLoop(
      Vertx vertx,
      HubConfig config,
      Pool pool,
      Pool lanePool,
      DevicePublisher mqtt,
      MeterRegistry registry) {
    this.vertx = vertx;
    this.config = config;
    this.pool = pool;
    this.lanePool = lanePool;
    this.mqtt = mqtt;
    this.registry = registry;
    this.plainReplies =
        config.getBoolean(Setting.FEEDBACK_PLAIN_REPLIES)
            || !config.getBoolean(Setting.FEEDBACK_RECEIPTS);
  }

  /** The alerts module's own schema, in its own history table. Blocking: run off the event loop. */
  static void migrate(DbUrl db) {
    AlertsMigrations.migrate(db.jdbcUrl(), db.user(), db.password());
  }

  Future<Void> start() {
    AlertsConfig alertsConfig = alertsConfig();
    alerts = new AlertService(pool, alertsConfig, Clock.systemUTC());
    triageMetrics = new TriageMetrics(registry).start(vertx, lanePool, Duration.ofSeconds(1));
    // On the shared pool, not the lane's: the critical lane's two connections never wait on a
    // count.
    alertsMetrics =
        new AlertsMetrics(new OperationsFigures(pool), registry)
            .start(vertx, Duration.ofSeconds(5));
    AlertsBridge bridge = new AlertsBridge(alerts);
    triage =
        new TriageWorker(
                vertx,
                pool,
                bridge,
                TriageConcurrency.of(
                    config.get(Setting.TRIAGE_CONCURRENCY),
                    Runtime.getRuntime().availableProcessors()),
                config.getInt(Setting.TRIAGE_MEMORY_READINGS))
            .onTriaged(this::afterTriage)
            .onTriaged(triageMetrics::triaged);
    triageMetrics.watch(triage);
    lane =
        new CriticalLane(
                vertx,
                lanePool,
                bridge,
                new CriticalJudgement(TriageConfig.full()),
                Duration.ofSeconds(1),
                Clock.systemUTC())
            .onRaised(triageMetrics::laneRaised);
    scanner = new MissedMeasurementScanner(vertx, pool);
    escalationEngine = new EscalationEngine(pool, alertsConfig, Clock.systemUTC());
    // Paging content (issue 14): the hub tells the alerts module how to name a patient (name or
    // pseudonym, per
    // clinic; each delivered page audited) and how to word a finding's values. The only place these
    // ports are wired.
    FindingWords findingWords =
        (ruleId, inputs) -> {
          FindingValues.Values v = FindingValues.of(ruleId, inputs);
          return new FindingWords.Values(v.da(), v.en());
        };
    dispatcher =
        new NotificationDispatcher(
            pool,
            alertsConfig,
            Clock.systemUTC(),
            channels(),
            new PatientLabelStore(pool),
            findingWords);
    Future<String> escalation =
        vertx.deployVerticle(escalationEngine).compose(id -> vertx.deployVerticle(dispatcher));
    if (config.getBoolean(Setting.CRITICAL_LANE_ENABLED)) {
      escalation = escalation.compose(id -> lane.start().map(id));
    } else {
      LOG.warn(
          "SAFETY: critical lane disabled on this instance: a CRITICAL reading waits for triage");
    }
    if (!config.getBoolean(Setting.TRIAGE_ENABLED)) {
      LOG.warn(
          "triage disabled on this instance: readings wait in the outbox for a hub that triages");
      return escalation.mapEmpty();
    }
    return escalation.compose(id -> triage.start()).compose(v -> scanner.start());
  }

  /**
   * Completes once triage's and the lane's contexts are undeployed (the hub then undeploys the
   * rest).
   */
  Future<Void> stop() {
    triageMetrics.stop(vertx);
    alertsMetrics.stop(vertx);
    scanner.stop();
    return Future.all(lane.stop(), triage.stop()).mapEmpty();
  }

  /**
   * An alert changed (any hub, announced at commit): fire what fell due and send what was paged
   * now, not at the next tick. A CRITICAL alert's first page is due when it opens; the page itself
   * commits a transition, which announces it again and wakes the dispatcher.
   */
  void alertsChanged() {
    escalationEngine.wake();
    dispatcher.wake();
  }

  /**
   * After a batch commits: triage what it stored, now rather than at the next timer tick. {@code
   * markedCritical}: the batch marked an outbox row for the critical lane. Only then is the lane
   * woken: asking the outbox after every batch whether anything was marked cost a sixth of the
   * lane's connection time at 2,000 msg/s, and a scan of the whole outbox while its statistics were
   * stale (docs/benchmark.md). Rows marked elsewhere wait for the lane's timer.
   */
  void wake(boolean markedCritical) {
    if (markedCritical && config.getBoolean(Setting.CRITICAL_LANE_ENABLED)) {
      lane.wake(true);
    }
    if (config.getBoolean(Setting.TRIAGE_ENABLED)) {
      triage.wake();
    }
  }

  AlertService alerts() {
    return alerts;
  }

  private void afterTriage(TriageWorker.Triaged t) {
    vertx
        .eventBus()
        .publish(
            PushAddresses.TRIAGE_RESULTS,
            new JsonObject()
                .put("patientId", t.patientId().toString())
                .put("clinicId", t.clinicId())
                .put("deviceId", t.deviceId())
                .put("msgId", t.msgId())
                .put("level", t.outcome().level().name()));
    if (t.reply() != null && (!t.reply().repeatsTheReceipt() || plainReplies)) {
      JsonObject reply =
          new JsonObject()
              .put("v", 1)
              .put("kind", t.reply().kind().wire())
              .put("msgId", t.msgId())
              .put("level", t.reply().level().name())
              .put(
                  "message",
                  new JsonObject()
                      .put("da", t.reply().message().da())
                      .put("en", t.reply().message().en()));
      mqtt.publishCommand(t.clinicId(), t.deviceId(), reply.toBuffer());
    }
  }

  private AlertsConfig alertsConfig() {
    Duration engineInterval = Duration.ofMillis(config.getInt(Setting.ALERTS_ENGINE_INTERVAL_MS));
    String secret = config.get(Setting.ALERTS_ACK_SECRET);
    if (secret.isEmpty()) {
      if (!config.getBoolean(Setting.DEMO_MODE)) {
        throw new IllegalStateException(
            "HUB_ALERTS_ACK_SECRET must be set (16+ random bytes) outside demo mode");
      }
      LOG.warn(
          "SAFETY: acknowledge links are signed with the development secret; set HUB_ALERTS_ACK_SECRET");
      secret = AlertsConfig.DEVELOPMENT_TOKEN_SECRET;
    }
    return AlertsConfig.defaults()
        .withPolicies(
            EscalationPolicies.withDelays(
                Duration.parse(config.get(Setting.ALERTS_RED_TO_DOCTOR)),
                Duration.parse(config.get(Setting.ALERTS_DOCTOR_TO_BACKUP))))
        .withIntervals(engineInterval, engineInterval)
        .withRetries(
            config.getInt(Setting.ALERTS_DELIVERY_MAX_ATTEMPTS),
            Duration.parse(config.get(Setting.ALERTS_RETRY_BACKOFF)),
            Duration.parse(config.get(Setting.ALERTS_RETRY_BACKOFF_MAX)))
        .withAckLinks(config.get(Setting.PUBLIC_URL) + "/alerts/ack", secret)
        .withAckTokenTtl(Duration.parse(config.get(Setting.ALERTS_LINK_TTL)));
  }

  private List<NotificationChannel> channels() {
    List<NotificationChannel> channels = new ArrayList<>();
    channels.add(
        new WebhookChannel(
            vertx, new HttpClientOptions().setConnectTimeout(5_000), Clock.systemUTC()));
    channels.add(
        new PushChannel(
            (topic, json) -> mqtt.publishRaw(topic, io.vertx.core.buffer.Buffer.buffer(json))));
    channels.add(
        new InAppChannel(
            message -> {
              vertx
                  .eventBus()
                  .publish(
                      PushAddresses.IN_APP_NOTIFICATIONS,
                      new JsonObject()
                          .put("notificationId", message.notificationId().toString())
                          .put("alertId", message.alertId().toString())
                          .put("clinicId", message.clinicId())
                          .put("patientId", message.patientId().toString())
                          .put("ruleId", message.ruleId())
                          .put("level", message.level().name())
                          .put("personId", message.personId())
                          .put("role", message.recipientRole())
                          .put("reminder", message.reminder())
                          .put("explanation", message.explanation()));
              return Future.succeededFuture();
            }));
    if (!config.get(Setting.SMTP_HOST).isEmpty()) {
      MailConfig mail =
          new MailConfig()
              .setHostname(config.get(Setting.SMTP_HOST))
              .setPort(config.getInt(Setting.SMTP_PORT))
              .setStarttls(StartTLSOptions.valueOf(config.get(Setting.SMTP_STARTTLS)));
      if (!config.get(Setting.SMTP_USERNAME).isEmpty()) {
        mail.setUsername(config.get(Setting.SMTP_USERNAME))
            .setPassword(config.get(Setting.SMTP_PASSWORD));
      }
      channels.add(new EmailChannel(MailClient.create(vertx, mail), config.get(Setting.SMTP_FROM)));
    } else {
      LOG.warn("SAFETY: no SMTP server configured (HUB_SMTP_HOST): on-call doctors get no e-mail");
    }
    return channels.stream()
        .<NotificationChannel>map(c -> new CountedChannel(c, registry))
        .toList();
  }
}

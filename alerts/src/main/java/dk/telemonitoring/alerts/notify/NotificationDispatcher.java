package dk.telemonitoring.alerts.notify;

import dk.telemonitoring.alerts.AlertsConfig;
import dk.telemonitoring.alerts.domain.AckTokens;
import dk.telemonitoring.alerts.domain.AlertFinding;
import dk.telemonitoring.alerts.domain.Channel;
import dk.telemonitoring.alerts.domain.NotificationMessage;
import dk.telemonitoring.alerts.domain.PageFinding;
import dk.telemonitoring.alerts.domain.PatientLabel;
import dk.telemonitoring.alerts.store.FindingStore;
import dk.telemonitoring.alerts.store.NotificationStore;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers notifications from the database: leases due rows, sends each by its channel, records
 * every attempt with its status, retries with exponential backoff and dead-letters after {@link
 * AlertsConfig#maxAttempts()}. A dispatcher that dies mid-send loses its lease and another one
 * retries (at least once; receivers de-duplicate by the idempotency key). Each page names the
 * patient by the label {@link PatientLabels} gives (never in a log line) and carries the alert's
 * live findings worded by {@link FindingWords}.
 */
public final class NotificationDispatcher extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(NotificationDispatcher.class);

  private final Pool pool;
  private final AlertsConfig config;
  private final Clock clock;
  private final Map<Channel, NotificationChannel> channels = new EnumMap<>(Channel.class);
  private final NotificationStore store = new NotificationStore();
  private final FindingStore findingStore = new FindingStore();
  private final PatientLabels labels;
  private final FindingWords words;
  private final AckTokens tokens;
  private long timerId = -1;
  private boolean leasing;

  /** A wake came while leasing or with every slot in flight. */
  private boolean again;

  /** Deliveries under way; only touched on this verticle's event loop. */
  private int inFlight;

  /**
   * Pages that name nobody and word no values (the explanations only): for tests of the delivery
   * machinery.
   */
  public NotificationDispatcher(
      Pool pool, AlertsConfig config, Clock clock, List<NotificationChannel> channels) {
    this(pool, config, clock, channels, PatientLabels.NONE, FindingWords.NONE);
  }

  public NotificationDispatcher(
      Pool pool,
      AlertsConfig config,
      Clock clock,
      List<NotificationChannel> channels,
      PatientLabels labels,
      FindingWords words) {
    this.pool = pool;
    this.labels = labels;
    this.words = words;
    this.config = config;
    this.clock = clock;
    channels.forEach(c -> this.channels.put(c.channel(), c));
    this.tokens = new AckTokens(config.ackTokenSecret());
  }

  @Override
  public Future<?> start() {
    for (Channel c : Channel.values()) {
      if (!channels.containsKey(c)) {
        LOG.warn(
            "notification channel not configured; its notifications will be dead-lettered [channel: {}]",
            c);
      }
    }
    timerId = vertx.setPeriodic(config.dispatchInterval().toMillis(), id -> tick());
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timerId);
    return Future.succeededFuture();
  }

  /**
   * Leases and sends what is due now rather than at the next tick, e.g. after a page was committed.
   * Any thread.
   */
  public void wake() {
    if (context != null) {
      context.runOnContext(v -> tick());
    }
  }

  /**
   * Leases what is due, up to the free delivery slots, and starts those deliveries without waiting
   * for them: a slow or hung channel (an SMTP server that stalls until the delivery timeout) holds
   * only its own slots, never the pages due after it. The lease outlives the delivery timeout, so
   * nothing in flight is leased twice.
   */
  private void tick() {
    int free = config.dispatchBatchSize() - inFlight;
    if (leasing || free <= 0) {
      // Not lost: the lease under way may have looked before this page committed, and a full
      // house frees a slot when a delivery ends; either then leases again.
      again = true;
      return;
    }
    leasing = true;
    again = false;
    lease(free)
        .onComplete(
            ar -> {
              leasing = false;
              if (ar.failed()) {
                LOG.warn("notification round failed [error: {}]", ar.cause().toString());
              } else {
                // A full lease may have left more that is due: lease again when a slot frees.
                if (ar.result().size() >= free) again = true;
                for (NotificationMessage m : ar.result()) {
                  inFlight++;
                  deliver(m)
                      .onComplete(
                          done -> {
                            inFlight--;
                            if (again) tick();
                          });
                }
              }
              if (again) tick();
            });
  }

  private Future<List<NotificationMessage>> lease(int limit) {
    return store
        .lease(pool, clock.instant(), config.deliveryLease(), limit, tokens, config.ackBaseUrl())
        .compose(this::withPages);
  }

  /**
   * Adds each page's patient label and live findings. A page goes out without them rather than not
   * at all: a failed read leaves the explanation of the alert and a page naming nobody.
   */
  private Future<List<NotificationMessage>> withPages(List<NotificationMessage> leased) {
    if (leased.isEmpty()) {
      return Future.succeededFuture(leased);
    }
    Set<UUID> alertIds = new LinkedHashSet<>();
    Set<UUID> patientIds = new LinkedHashSet<>();
    leased.forEach(
        m -> {
          alertIds.add(m.alertId());
          patientIds.add(m.patientId());
        });
    Future<Map<UUID, List<AlertFinding>>> found =
        findingStore
            .of(pool, List.copyOf(alertIds))
            .recover(
                e -> {
                  LOG.warn("pages go out without their findings [error: {}]", e.toString());
                  return Future.succeededFuture(Map.of());
                });
    Future<Map<UUID, PatientLabel>> named =
        safely(() -> labels.labels(patientIds))
            .recover(
                e -> {
                  LOG.warn("pages go out naming no patient [error: {}]", e.toString());
                  return Future.succeededFuture(Map.of());
                });
    return Future.all(found, named)
        .map(
            v -> {
              List<NotificationMessage> out = new ArrayList<>();
              for (NotificationMessage m : leased) {
                List<PageFinding> live = new ArrayList<>();
                for (AlertFinding f : found.result().getOrDefault(m.alertId(), List.of())) {
                  if (f.live()) {
                    live.add(pageFinding(f));
                  }
                }
                out.add(
                    m.withPage(
                        named.result().getOrDefault(m.patientId(), PatientLabel.unknown()), live));
              }
              return out;
            });
  }

  private PageFinding pageFinding(AlertFinding f) {
    FindingWords.Values v;
    try {
      v = words.values(f.ruleId(), f.inputs());
    } catch (RuntimeException e) {
      // Values the wording does not expect must not stop the page: its explanation still says what
      // is wrong.
      LOG.warn(
          "finding's values not worded [alertId: {}, rule: {}, error: {}]",
          f.alertId(),
          f.ruleId(),
          e.toString());
      v = new FindingWords.Values("", "");
    }
    return new PageFinding(f.level(), v.da(), v.en(), f.explanationDa(), f.explanation());
  }

  private static <T> Future<T> safely(java.util.function.Supplier<Future<T>> call) {
    try {
      return call.get();
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  /**
   * One round that waits for its deliveries (tests drive the dispatcher with it); returns how many
   * were attempted.
   */
  public Future<Integer> runOnce() {
    return lease(config.dispatchBatchSize())
        .compose(
            messages -> {
              List<Future<Void>> all = new ArrayList<>();
              messages.forEach(m -> all.add(deliver(m)));
              return Future.join(all).otherwiseEmpty().map(messages.size());
            });
  }

  private Future<Void> deliver(NotificationMessage m) {
    NotificationChannel channel = channels.get(m.channel());
    long started = System.nanoTime();
    Future<String> sent =
        channel == null
            ? Future.failedFuture("channel " + m.channel() + " is not configured")
            : safely(channel, m)
                .timeout(config.deliveryTimeout().toMillis(), TimeUnit.MILLISECONDS);
    return sent.transform(
        ar -> {
          long ms = (System.nanoTime() - started) / 1_000_000;
          Instant now = clock.instant();
          if (ar.succeeded()) {
            return store
                .recordDelivered(pool, m.notificationId(), m.attempt(), now, ms, ar.result())
                .compose(v -> recordDisclosure(m));
          }
          String error = String.valueOf(ar.cause().getMessage());
          // A channel this hub has no configuration for never delivers: given up on at once, so
          // the board says the page did not arrive now, not after minutes of retries.
          Instant retryAt =
              channel == null || m.attempt() >= config.maxAttempts()
                  ? null
                  : now.plus(backoff(m.attempt()));
          if (retryAt == null) {
            LOG.error(
                "notification dead-lettered [notificationId: {}, alertId: {}, channel: {}, attempts: {}, error: {}]",
                m.notificationId(),
                m.alertId(),
                m.channel(),
                m.attempt(),
                error);
          } else {
            LOG.warn(
                "notification attempt failed [notificationId: {}, channel: {}, attempt: {}, error: {}]",
                m.notificationId(),
                m.channel(),
                m.attempt(),
                error);
          }
          Future<Void> failed =
              store.recordFailed(pool, m.notificationId(), m.attempt(), now, ms, error, retryAt);
          return retryAt == null ? failed.compose(v -> recordGivenUp(m)) : failed;
        });
  }

  /**
   * The delivered page disclosed the patient to its recipient; a failed record is loud but undoes
   * no page.
   */
  private Future<Void> recordDisclosure(NotificationMessage m) {
    return audited(() -> labels.disclosed(m), m, "page delivered but its disclosure not recorded");
  }

  /** As above, for a page given up on. */
  private Future<Void> recordGivenUp(NotificationMessage m) {
    return audited(
        () -> labels.notDelivered(m), m, "page given up on but not recorded in the audit log");
  }

  private static Future<Void> audited(
      java.util.function.Supplier<Future<Void>> record, NotificationMessage m, String failure) {
    return safely(record)
        .recover(
            e -> {
              LOG.error(
                  "{} [notificationId: {}, alertId: {}, error: {}]",
                  failure,
                  m.notificationId(),
                  m.alertId(),
                  e.toString());
              return Future.succeededFuture();
            });
  }

  private static Future<String> safely(NotificationChannel channel, NotificationMessage m) {
    try {
      return channel.deliver(m);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  Duration backoff(int attempt) {
    long factor = 1L << Math.min(attempt - 1, 20);
    Duration d = config.retryBackoff().multipliedBy(factor);
    return d.compareTo(config.retryBackoffMax()) > 0 ? config.retryBackoffMax() : d;
  }
}

package dk.telemonitoring.hub.triage.worker;

import dk.telemonitoring.hub.triage.DeviceFeedback;
import dk.telemonitoring.hub.triage.TriageOutcome;
import dk.telemonitoring.hub.triage.engine.TriageEngine;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains {@code triage_outbox} in batches ({@link TriageBatch}: one transaction each, which claims
 * rows, locks and loads their patients, triages and commits) and tells its listeners what each
 * committed batch triaged. Runs at start-up (what a dead hub left), on a periodic timer, and when
 * {@link #wake()} is called after an ingest batch, on a worker context of its own (never the
 * ingest's event loop); all SQL is the reactive client's. Each patient's triaged readings stay in
 * memory between batches ({@link BatchHistories}), checked against the stamp every batch writes.
 *
 * <p>Patients are split into {@code concurrency} partitions by a hash of their id, each drained by
 * its own transaction: a triage is a chain of dependent round trips, so one drainer leaves the
 * database mostly idle, and partitioning by patient keeps each patient's readings in one drainer,
 * in measurement order.
 */
public final class TriageWorker {

  private static final Logger LOG = LoggerFactory.getLogger(TriageWorker.class);

  /**
   * Readings the triage memory holds at most when not configured ({@link HistoryMemory}): about 150
   * MB of heap, a year of daily spot checks for 2,000 patients or an hour of 1 Hz samples for 140.
   */
  public static final long DEFAULT_MEMORY_READINGS = 1_000_000;

  /** The rule id of a patient's "call me" request. */
  public static final String CONTACT_RULE = "contact.request";

  /** A committed triage, for the device feedback and live updates. */
  public record Triaged(
      UUID patientId,
      String clinicId,
      String deviceId,
      String msgId,
      TriageOutcome outcome,
      DeviceFeedback.Reply reply) {}

  private final Vertx vertx;
  private final int batchSize;
  private final Duration period;
  private final int concurrency;
  private final BatchHistories histories;
  private final PendingRepeats pendingRepeats;
  private final TriageBatch batch;
  private final AtomicBoolean[] running;
  private final AtomicBoolean[] again;
  private final List<Consumer<Triaged>> listeners = new CopyOnWriteArrayList<>();
  private long timerId = -1;
  private String deploymentId;

  /** Where triage runs once started ({@link #start()}); before, on the caller's context. */
  private volatile Context context;

  public TriageWorker(
      Vertx vertx,
      Pool pool,
      AlertSink sink,
      TriageEngine engine,
      int batchSize,
      Duration period,
      Clock clock,
      int concurrency,
      long memoryReadings) {
    this.vertx = vertx;
    this.batchSize = batchSize;
    this.period = period;
    this.concurrency = Math.max(1, concurrency);
    this.histories = new BatchHistories(new HistoryMemory(memoryReadings));
    RuleEpisodes episodes = new RuleEpisodes(sink);
    this.pendingRepeats = new PendingRepeats(pool, episodes, clock);
    this.batch =
        new TriageBatch(pool, engine, batchSize, this.concurrency, clock, histories, episodes);
    this.running = new AtomicBoolean[this.concurrency];
    this.again = new AtomicBoolean[this.concurrency];
    for (int i = 0; i < this.concurrency; i++) {
      running[i] = new AtomicBoolean();
      again[i] = new AtomicBoolean();
    }
  }

  public TriageWorker(
      Vertx vertx,
      Pool pool,
      AlertSink sink,
      TriageEngine engine,
      int batchSize,
      Duration period,
      Clock clock,
      int concurrency) {
    this(vertx, pool, sink, engine, batchSize, period, clock, concurrency, DEFAULT_MEMORY_READINGS);
  }

  public TriageWorker(
      Vertx vertx,
      Pool pool,
      AlertSink sink,
      TriageEngine engine,
      int batchSize,
      Duration period,
      Clock clock) {
    this(vertx, pool, sink, engine, batchSize, period, clock, 1);
  }

  /** Defaults: full engine, 200 rows per transaction, 2 s timer. */
  public TriageWorker(
      Vertx vertx, Pool pool, AlertSink sink, int concurrency, long memoryReadings) {
    this(
        vertx,
        pool,
        sink,
        new TriageEngine(dk.telemonitoring.hub.triage.TriageConfig.full()),
        200,
        Duration.ofSeconds(2),
        Clock.systemUTC(),
        concurrency,
        memoryReadings);
  }

  /**
   * Called after each committed triage (outside the transaction); publish the reply on the command
   * topic here.
   */
  public TriageWorker onTriaged(Consumer<Triaged> listener) {
    listeners.add(listener);
    return this;
  }

  /**
   * Drains what is there now (start-up recovery), then keeps draining on the timer. Through {@link
   * #wake()}, so a timer tick during a long recovery cannot start a second drainer on a partition.
   */
  public Future<Void> start() {
    // A worker context of its own: rule evaluation is CPU work, and on the ingest's event loop
    // (which wakes triage after every commit) it held up the next batch's reads and receipts.
    return vertx
        .deployVerticle(
            new OwnContext(), new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER))
        .onSuccess(id -> deploymentId = id)
        .mapEmpty();
  }

  /** Runs the timer and every drain {@link #wake()} starts on triage's own context. */
  private final class OwnContext extends VerticleBase {
    @Override
    public Future<?> start() {
      TriageWorker.this.context = context;
      timerId =
          vertx.setPeriodic(
              period.toMillis(),
              id -> {
                wake();
                expirePendingRepeats()
                    .onFailure(
                        e -> LOG.warn("pending repeat expiry failed [error: {}]", e.toString()));
              });
      wake();
      return Future.succeededFuture();
    }
  }

  /** What triage holds in memory, for its metrics ({@link TriageMetrics#watch}). */
  HistoryMemory memory() {
    return histories.memory();
  }

  /** Completes once triage's own context is undeployed. */
  public Future<Void> stop() {
    if (timerId >= 0) vertx.cancelTimer(timerId);
    return deploymentId == null ? Future.succeededFuture() : vertx.undeploy(deploymentId);
  }

  /**
   * Nudge: the ingest calls this after each committed batch. Safe from any thread; coalesces per
   * partition.
   */
  public void wake() {
    for (int partition = 0; partition < concurrency; partition++) {
      wake(partition);
    }
  }

  private void wake(int partition) {
    if (!running[partition].compareAndSet(false, true)) {
      again[partition].set(true);
      return;
    }
    again[partition].set(false);
    Context own = context;
    if (own == null || own == Vertx.currentContext()) {
      drainThenAgain(partition);
    } else {
      own.runOnContext(v -> drainThenAgain(partition));
    }
  }

  private void drainThenAgain(int partition) {
    drainPartition(partition)
        .onComplete(
            ar -> {
              running[partition].set(false);
              if (ar.failed())
                LOG.warn(
                    "triage drain failed [partition: {}, error: {}]",
                    partition,
                    ar.cause().toString());
              if (again[partition].getAndSet(false)) wake(partition);
            });
  }

  /** One batch of one partition's patients; tells the listeners what it triaged once committed. */
  Future<Integer> drainOnce(int partition) {
    return batch
        .run(partition)
        .onSuccess(done -> done.triaged().forEach(this::tell))
        .map(TriageBatch.Done::rows);
  }

  private void tell(Triaged t) {
    for (Consumer<Triaged> l : listeners) {
      try {
        l.accept(t);
      } catch (RuntimeException e) {
        LOG.warn("triage listener failed [error: {}]", e.toString());
      }
    }
  }

  /**
   * Drains every partition until the outbox is empty (or batches came back short). Returns the rows
   * triaged.
   */
  public Future<Integer> drainAll() {
    List<Future<Integer>> drains = new ArrayList<>();
    for (int partition = 0; partition < concurrency; partition++) {
      drains.add(drainPartition(partition));
    }
    return Future.all(drains).map(all -> drains.stream().mapToInt(Future::result).sum());
  }

  private Future<Integer> drainPartition(int partition) {
    return drainOnce(partition)
        .compose(
            n ->
                n >= batchSize
                    ? drainPartition(partition).map(m -> n + m)
                    : Future.succeededFuture(n));
  }

  /**
   * A repeat that never came: the deferred finding is alarmed when its window has passed, so no
   * abnormal reading is lost because the patient did not repeat.
   */
  public Future<Integer> expirePendingRepeats() {
    return pendingRepeats.expire();
  }
}

package dk.telemonitoring.hub.triage.worker;

import static dk.telemonitoring.hub.triage.worker.TriageSql.instant;

import dk.telemonitoring.alerts.domain.Level;
import dk.telemonitoring.hub.triage.Baseline;
import dk.telemonitoring.hub.triage.DeviceFeedback;
import dk.telemonitoring.hub.triage.Observation;
import dk.telemonitoring.hub.triage.PatientContext;
import dk.telemonitoring.hub.triage.RuleState;
import dk.telemonitoring.hub.triage.TriageOutcome;
import dk.telemonitoring.hub.triage.engine.TriageEngine;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains {@code triage_outbox}: claims rows with {@code FOR UPDATE SKIP LOCKED} in one transaction,
 * takes a per-patient {@code pg_advisory_xact_lock} (patients in sorted order, so two hubs cannot
 * deadlock), loads the patients' contexts, rule states and recent readings by measurement time (one
 * statement per kind for all patients of the batch, {@link PatientBatchSql}), runs the {@link
 * TriageEngine} one patient after the other, stores the results, raises or clears alerts through
 * the {@link AlertSink} in the same transaction, deletes the outbox rows and commits. Runs at
 * start-up (what a dead hub left), on a periodic timer, and when {@link #wake()} is called after an
 * ingest batch, on a worker context of its own (never the ingest's event loop); all SQL is the
 * reactive client's. Each patient's triaged readings stay in memory between batches ({@link
 * BatchHistories}), checked against the stamp every batch writes.
 *
 * <p>Patients are split into {@code concurrency} partitions by a hash of their id, each drained by
 * its own transaction: a triage is a chain of dependent round trips, so one drainer leaves the
 * database mostly idle, and partitioning by patient keeps each patient's readings in one drainer,
 * in measurement order.
 */
public final class TriageWorker {

  private static final Logger LOG = LoggerFactory.getLogger(TriageWorker.class);

  /**
   * How far back samples of continuous recordings are loaded before a batch's earliest reading:
   * longer than the observation window (15 min) and the repeat window (20 min), the only rules that
   * read them from history.
   */
  static final Duration CONTINUOUS_LOOKBACK = Duration.ofHours(1);

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

  /**
   * @param laneAlerted the critical lane already raised this message's alert: its findings join the
   *     patient's open alert and open none
   */
  private record OutboxRow(
      long id,
      UUID patientId,
      String deviceId,
      String msgId,
      Instant measuredAt,
      String kind,
      boolean laneAlerted) {}

  private final Vertx vertx;
  private final Pool pool;
  private final AlertSink sink;
  private final TriageEngine engine;
  private final int batchSize;
  private final Duration period;
  private final Clock clock;
  private final int concurrency;
  private final BatchHistories histories;
  private final RuleEpisodes episodes;
  private final PendingRepeats pendingRepeats;
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
    this.pool = pool;
    this.sink = sink;
    this.engine = engine;
    this.batchSize = batchSize;
    this.period = period;
    this.clock = clock;
    this.concurrency = Math.max(1, concurrency);
    this.histories = new BatchHistories(new HistoryMemory(memoryReadings));
    this.episodes = new RuleEpisodes(sink);
    this.pendingRepeats = new PendingRepeats(pool, episodes, clock);
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

  public void stop() {
    if (timerId >= 0) vertx.cancelTimer(timerId);
    if (deploymentId != null) vertx.undeploy(deploymentId);
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

  /** One transaction over at most {@code batchSize} outbox rows of one partition's patients. */
  Future<Integer> drainOnce(int partition) {
    List<Triaged> done = new ArrayList<>();
    BatchWrites writes = new BatchWrites(UUID.randomUUID());
    return pool.withTransaction(
            tx ->
                claim(tx, partition)
                    .compose(
                        rows -> {
                          TreeMap<String, List<OutboxRow>> byPatient = new TreeMap<>();
                          rows.forEach(
                              r ->
                                  byPatient
                                      .computeIfAbsent(
                                          r.patientId().toString(), k -> new ArrayList<>())
                                      .add(r));
                          List<List<OutboxRow>> patients = new ArrayList<>(byPatient.values());
                          rows.forEach(r -> writes.claimedRefs.add(r.deviceId() + "/" + r.msgId()));
                          return load(tx, patients, writes)
                              .compose(
                                  loaded ->
                                      Futures.sequence(
                                          patients,
                                          list -> triagePatient(tx, list, loaded, done, writes)))
                              .compose(v -> writes.flush(tx))
                              .compose(v -> deleteOutbox(tx, rows))
                              .map(v -> rows.size());
                        }))
        .onFailure(e -> writes.forget(histories))
        .onSuccess(v -> writes.remember(histories))
        .onSuccess(
            n ->
                done.forEach(
                    t ->
                        listeners.forEach(
                            l -> {
                              try {
                                l.accept(t);
                              } catch (RuntimeException e) {
                                LOG.warn("triage listener failed [error: {}]", e.toString());
                              }
                            })));
  }

  /**
   * The next rows, in order per patient: a patient's rows after one still waiting for the critical
   * lane are left for a later round, so that the lane holding that row never lets its later rows be
   * triaged first (the row itself is taken when the lane does not hold it).
   */
  private Future<List<OutboxRow>> claim(SqlConnection tx, int partition) {
    return tx.preparedQuery(
            """
        SELECT id, patient_id, device_id, msg_id, measured_at, kind, critical_alerted_at FROM triage_outbox o
        WHERE ($2 = 1 OR (hashtext(patient_id::text) & 2147483647) % $2 = $3)
          AND NOT EXISTS (SELECT 1 FROM triage_outbox c
                          WHERE c.critical AND c.patient_id = o.patient_id AND c.id < o.id)
        ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED""")
        .execute(Tuple.of(batchSize, concurrency, partition))
        .map(
            rs -> {
              List<OutboxRow> out = new ArrayList<>();
              for (Row r : rs) {
                out.add(
                    new OutboxRow(
                        r.getLong("id"),
                        r.getUUID("patient_id"),
                        r.getString("device_id"),
                        r.getString("msg_id"),
                        instant(r, "measured_at"),
                        r.getString("kind"),
                        r.getValue("critical_alerted_at") != null));
              }
              return out;
            });
  }

  /** What a batch read about its patients before triaging any of them. */
  private record Loaded(
      Map<UUID, PatientContext> contexts,
      Map<UUID, Instant> lastTriaged,
      Map<UUID, Map<String, RuleState>> states,
      Map<UUID, List<Observation>> histories) {}

  private static final Loaded NOTHING = new Loaded(Map.of(), Map.of(), Map.of(), Map.of());

  /**
   * Locks the batch's patients (in the order given: sorted by id as text) and reads what triage
   * needs about all of them, one statement per kind ({@link PatientBatchSql}). Nothing a patient's
   * triage writes is read for another patient, so reading all first reads what one patient after
   * the other read. A patient's context is read before its closed episodes are closed ({@link
   * #ruleStates}), as before; the last triage times and histories, which nothing here writes, are
   * sent along at once. Histories and last triage times come from this hub's memory where it is
   * current ({@link BatchHistories}).
   */
  private Future<Loaded> load(
      SqlConnection tx, List<List<OutboxRow>> patients, BatchWrites writes) {
    if (patients.isEmpty()) {
      return Future.succeededFuture(NOTHING);
    }
    List<UUID> ids = new ArrayList<>();
    Map<UUID, Instant> earliest = new HashMap<>();
    List<PatientBatchSql.Window> windows = new ArrayList<>();
    for (List<OutboxRow> rows : patients) {
      rows.sort(Comparator.comparing(OutboxRow::measuredAt));
      UUID patientId = rows.get(0).patientId();
      Instant first = rows.get(0).measuredAt();
      ids.add(patientId);
      earliest.put(patientId, first);
      windows.add(
          new PatientBatchSql.Window(
              patientId,
              first.minus(Baseline.LOOKBACK).minus(Duration.ofDays(1)),
              rows.get(rows.size() - 1).measuredAt(),
              first.minus(CONTINUOUS_LOOKBACK)));
    }
    writes.patients.addAll(ids);
    writes.windows.addAll(windows);
    return PatientBatchSql.lockPatients(tx, ids)
        .compose(
            v -> {
              Future<Map<UUID, PatientContext>> contexts = PatientContextSql.contexts(tx, ids);
              Future<Map<UUID, Map<String, RuleState>>> states =
                  contexts.compose(c -> episodes.ruleStates(tx, ids, earliest));
              Future<BatchHistories.Read> read = histories.read(tx, windows);
              Future<Set<UUID>> awaiting = PendingRepeats.waiting(tx, ids);
              return Future.all(contexts, states, read, awaiting)
                  .map(
                      all -> {
                        writes.read = read.result();
                        writes.awaitingRepeat.addAll(awaiting.result());
                        return new Loaded(
                            contexts.result(),
                            read.result().lastTriaged(),
                            states.result(),
                            read.result().histories());
                      });
            });
  }

  private Future<Void> triagePatient(
      SqlConnection tx,
      List<OutboxRow> rows,
      Loaded loadedBatch,
      List<Triaged> done,
      BatchWrites writes) {
    UUID patientId = rows.get(0).patientId();
    PatientContext ctx = loadedBatch.contexts().get(patientId);
    Instant lastTriaged = loadedBatch.lastTriaged().get(patientId);
    Map<String, RuleState> states = loadedBatch.states().get(patientId);
    Map<String, RuleState> loaded = Map.copyOf(states);
    List<Observation> history = loadedBatch.histories().get(patientId);
    // Each message's readings found in one pass over the window per patient, not one per message
    // (an hour of 1 Hz samples is thousands of readings), and only the batch's messages kept.
    Map<String, List<Observation>> byMessage = new HashMap<>();
    for (OutboxRow row : rows) byMessage.put(row.deviceId() + "/" + row.msgId(), new ArrayList<>());
    for (Observation o : history) {
      List<Observation> message = o.ref() == null ? null : byMessage.get(o.ref());
      if (message != null) message.add(o);
    }
    return Futures.sequence(
            rows,
            row ->
                triageOne(
                    tx,
                    ctx,
                    row,
                    history,
                    byMessage.getOrDefault(row.deviceId() + "/" + row.msgId(), List.of()),
                    states,
                    lastTriaged,
                    done,
                    writes))
        .onSuccess(
            v ->
                writes.states.addAll(
                    TriageSql.ruleStateTuples(patientId, RuleEpisodes.changed(loaded, states))));
  }

  private Future<Void> triageOne(
      SqlConnection tx,
      PatientContext ctx,
      OutboxRow row,
      List<Observation> history,
      List<Observation> message,
      Map<String, RuleState> states,
      Instant lastTriaged,
      List<Triaged> done,
      BatchWrites writes) {
    String ref = row.deviceId() + "/" + row.msgId();
    boolean continuous = message.stream().anyMatch(Observation::continuous);
    Future<TriageOutcome> outcomeF;
    if ("contact".equals(row.kind())) {
      outcomeF = ContactRequests.of(tx, ctx, row.deviceId(), row.msgId(), row.measuredAt());
    } else if (message.isEmpty()) {
      LOG.warn(
          "outbox row without readings [deviceId: {}, msgId: {}]", row.deviceId(), row.msgId());
      return Future.succeededFuture();
    } else {
      outcomeF =
          Future.succeededFuture(
              engine.evaluate(ctx, message, history).withoutPointlessRepeat(states));
    }
    return outcomeF.compose(
        evaluated -> {
          Instant now = clock.instant();
          // A repeat is only worth waiting for while the patient is still at the device.
          boolean defer =
              evaluated.repeatRequested()
                  && !evaluated.passive()
                  && evaluated.measuredAt().plus(engine.config().repeatWindow()).isAfter(now);
          TriageOutcome outcome =
              evaluated.repeatRequested() && !defer
                  ? new TriageOutcome(
                      evaluated.measuredAt(),
                      evaluated.level(),
                      evaluated.findings(),
                      evaluated.passive(),
                      false,
                      evaluated.confirmation(),
                      evaluated.implausible())
                  : evaluated;
          boolean late = lastTriaged != null && outcome.measuredAt().isBefore(lastTriaged);
          writes.results.addAll(
              TriageSql.resultTuples(
                  ctx.patientId(), row.deviceId(), row.msgId(), row.measuredAt(), outcome, late));
          if (!outcome.findings().isEmpty()) {
            writes.triagedUpTo.merge(ctx.patientId(), row.measuredAt(), BatchHistories::later);
          }
          Future<Void> f = Future.succeededFuture();
          if (defer) {
            writes.awaitingRepeat.add(ctx.patientId());
            f =
                f.compose(
                    v ->
                        PendingRepeats.await(
                            tx,
                            row.deviceId(),
                            row.msgId(),
                            ctx.patientId(),
                            row.measuredAt(),
                            outcome.level(),
                            now.plus(engine.config().repeatWindow())));
          }
          if (outcome.confirmation() && writes.awaitingRepeat.contains(ctx.patientId())) {
            f =
                f.compose(
                    v ->
                        PendingRepeats.settle(
                            tx,
                            ctx.patientId(),
                            row.measuredAt().minus(engine.config().repeatWindow()),
                            row.measuredAt(),
                            now,
                            outcome.level().abnormal()));
          }
          if (!outcome.passive() && !defer) {
            f =
                f.compose(
                    v ->
                        episodes.applyHysteresis(
                            tx,
                            ctx,
                            outcome.findings(),
                            states,
                            row.measuredAt(),
                            ref,
                            continuous,
                            row.laneAlerted()));
          }
          if (!outcome.passive() && outcome.level() == Level.GREEN) {
            f = f.compose(v -> PersonalBests.raise(tx, ctx, states, message));
          }
          DeviceFeedback.Reply reply = DeviceFeedback.decide(outcome, row.msgId(), ctx.language());
          return f.onSuccess(
              v ->
                  done.add(
                      new Triaged(
                          ctx.patientId(),
                          ctx.clinicId(),
                          row.deviceId(),
                          row.msgId(),
                          outcome,
                          reply)));
        });
  }

  /**
   * A repeat that never came: the deferred finding is alarmed when its window has passed, so no
   * abnormal reading is lost because the patient did not repeat.
   */
  public Future<Integer> expirePendingRepeats() {
    return pendingRepeats.expire();
  }

  private static Future<Void> deleteOutbox(SqlConnection tx, List<OutboxRow> rows) {
    if (rows.isEmpty()) {
      return Future.succeededFuture();
    }
    Long[] ids = rows.stream().map(OutboxRow::id).toArray(Long[]::new);
    return tx.preparedQuery("DELETE FROM triage_outbox WHERE id = ANY($1)")
        .execute(Tuple.of(ids))
        .mapEmpty();
  }
}

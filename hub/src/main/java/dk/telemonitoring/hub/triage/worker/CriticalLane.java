package dk.telemonitoring.hub.triage.worker;

import static dk.telemonitoring.hub.store.SqlTimes.utc;
import static dk.telemonitoring.hub.triage.worker.TriageSql.instant;

import dk.telemonitoring.hub.reading.MeasurementType;
import dk.telemonitoring.hub.store.TriageLocks;
import dk.telemonitoring.hub.triage.Finding;
import dk.telemonitoring.hub.triage.Observation;
import dk.telemonitoring.hub.triage.PatientContext;
import dk.telemonitoring.hub.triage.engine.CriticalJudgement;
import io.vertx.core.Context;
import io.vertx.core.Future;
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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The critical lane: raises the alert of a message whose outbox row the batch marked {@code
 * critical} (a value that may cross a CRITICAL floor or the patient's CRITICAL limit) ahead of any
 * outbox backlog, on a pool of its own. In one transaction it claims marked rows ({@code FOR UPDATE
 * SKIP LOCKED}, so a row full triage holds is left to it), takes each patient's triage lock (in
 * patient order, as triage does), judges the message ({@link CriticalJudgement}), signals each
 * CRITICAL finding to the {@link AlertSink} and records on the row that it did. The row stays in
 * the outbox: full triage later evaluates it as always and, seeing it alerted, only joins the
 * patient's open alert. Exactly once: the alert and the mark commit together, and a row the lane
 * has marked is never claimed by it again.
 */
public final class CriticalLane {

  private static final Logger LOG = LoggerFactory.getLogger(CriticalLane.class);

  /** Rows per transaction. */
  static final int BATCH = 50;

  /** A message whose alert the lane raised, after commit. */
  public record Raised(UUID patientId, String clinicId, Duration sinceStored) {}

  /** A message the lane alerted on, told once its transaction commits. */
  private record Alerted(UUID patientId, String clinicId, Instant enqueuedAt) {}

  private record Marked(
      long id,
      UUID patientId,
      String deviceId,
      String msgId,
      Instant measuredAt,
      Instant enqueuedAt) {}

  private final Vertx vertx;
  private final Pool pool;
  private final AlertSink sink;
  private final CriticalJudgement judgement;
  private final Duration period;
  private final Clock clock;
  private final AtomicBoolean running = new AtomicBoolean();
  private final AtomicBoolean again = new AtomicBoolean();
  private final AtomicBoolean known = new AtomicBoolean();
  private final List<Consumer<Raised>> listeners = new CopyOnWriteArrayList<>();
  private long timerId = -1;
  private String deploymentId;

  /** Where the lane runs once started ({@link #start()}); before, on the caller's context. */
  private volatile Context context;

  public CriticalLane(
      Vertx vertx,
      Pool pool,
      AlertSink sink,
      CriticalJudgement judgement,
      Duration period,
      Clock clock) {
    this.vertx = vertx;
    this.pool = pool;
    this.sink = sink;
    this.judgement = judgement;
    this.period = period;
    this.clock = clock;
  }

  /** Told after each committed alert the lane raised (outside the transaction). */
  public CriticalLane onRaised(Consumer<Raised> listener) {
    listeners.add(listener);
    return this;
  }

  /**
   * Drains what is marked now (a dead hub's rows too), then on a timer as catch-up, on an event
   * loop context of the lane's own ({@link OwnContext}).
   */
  public Future<Void> start() {
    return vertx.deployVerticle(new OwnContext()).onSuccess(id -> deploymentId = id).mapEmpty();
  }

  /** Completes once the lane's context is undeployed. */
  public Future<Void> stop() {
    if (timerId >= 0) vertx.cancelTimer(timerId);
    return deploymentId == null ? Future.succeededFuture() : vertx.undeploy(deploymentId);
  }

  /**
   * Where the lane's transactions run. Woken from the ingest's commit, they ran on the ingest's
   * event loop, the hub's busiest thread: at 2,000 msg/s the lane's sessions sat idle in their
   * transactions, waiting for the hub to send the next statement, for most of their time
   * (docs/benchmark.md).
   */
  private final class OwnContext extends VerticleBase {
    @Override
    public Future<?> start() {
      CriticalLane.this.context = context;
      timerId = vertx.setPeriodic(period.toMillis(), id -> wake());
      wake();
      return Future.succeededFuture();
    }
  }

  /**
   * Asks the outbox first whether anything is marked: the timer's catch-up for rows another hub or
   * a stopped one marked. Safe from any thread; coalesces.
   */
  public void wake() {
    wake(false);
  }

  /**
   * After a batch commits that marked a row for the lane: the lane claims at once, without first
   * asking whether anything is marked.
   */
  public void wake(boolean rowsMarked) {
    if (rowsMarked) known.set(true);
    if (!running.compareAndSet(false, true)) {
      again.set(true);
      return;
    }
    again.set(false);
    Context own = context;
    if (own == null || own == Vertx.currentContext()) {
      drainThenAgain();
    } else {
      own.runOnContext(v -> drainThenAgain());
    }
  }

  private void drainThenAgain() {
    drain()
        .onComplete(
            ar -> {
              running.set(false);
              if (ar.failed()) {
                LOG.warn("critical lane failed [error: {}]", ar.cause().toString());
              }
              if (again.getAndSet(false)) wake(false);
            });
  }

  /** Until no marked row is left (or a batch came back short). Returns the rows judged. */
  public Future<Integer> drain() {
    return (known.getAndSet(false) ? Future.succeededFuture(true) : anyMarked())
        .compose(
            any ->
                !any
                    ? Future.succeededFuture(0)
                    : drainOnce()
                        .compose(
                            n -> n >= BATCH ? drain().map(m -> n + m) : Future.succeededFuture(n)));
  }

  /** A read outside a transaction: after most batches there is nothing to do. */
  private Future<Boolean> anyMarked() {
    return pool.query("SELECT 1 FROM triage_outbox WHERE critical LIMIT 1")
        .execute()
        .map(rs -> rs.size() > 0);
  }

  Future<Integer> drainOnce() {
    List<Alerted> alerted = new ArrayList<>();
    return pool.withTransaction(
            tx ->
                claim(tx)
                    .compose(
                        rows ->
                            rows.isEmpty()
                                ? Future.succeededFuture(0)
                                : judge(tx, rows, alerted).map(v -> rows.size())))
        .onSuccess(
            n -> {
              Instant now = clock.instant();
              alerted.forEach(
                  a ->
                      tell(
                          new Raised(
                              a.patientId(), a.clinicId(), Duration.between(a.enqueuedAt(), now))));
            });
  }

  private void tell(Raised r) {
    listeners.forEach(
        l -> {
          try {
            l.accept(r);
          } catch (RuntimeException e) {
            LOG.warn("critical lane listener failed [error: {}]", e.toString());
          }
        });
  }

  /**
   * The claimed patients' locks, their contexts and the messages are asked for at once: the
   * connection pipelines the statements and the database runs them in the order sent, so every read
   * still follows the locks, in two round trips instead of three per patient and one per message.
   * The marks go with the first signal for the same reason. A lane round trip on a saturated
   * database is tens of milliseconds, and they were most of the lane's time.
   */
  private Future<Void> judge(SqlConnection tx, List<Marked> rows, List<Alerted> raised) {
    List<UUID> patients =
        rows.stream()
            .map(Marked::patientId)
            .distinct()
            .sorted(Comparator.comparing(UUID::toString))
            .toList();
    Future<Void> locked = TriageLocks.patients(tx, patients);
    Future<Map<UUID, PatientContext>> contexts = PatientContextSql.contexts(tx, patients);
    List<Future<List<Observation>>> messages = rows.stream().map(r -> message(tx, r)).toList();
    return Future.all(locked, contexts, Future.all(messages))
        .compose(
            all -> {
              List<AlertSignal> signals = new ArrayList<>();
              List<Boolean> marks = new ArrayList<>();
              for (int i = 0; i < rows.size(); i++) {
                Marked row = rows.get(i);
                PatientContext ctx = contexts.result().get(row.patientId());
                List<Finding> critical = judgement.judge(ctx, messages.get(i).result());
                critical.forEach(f -> signals.add(signal(ctx, row, f)));
                marks.add(!critical.isEmpty());
                if (!critical.isEmpty()) {
                  raised.add(new Alerted(ctx.patientId(), ctx.clinicId(), row.enqueuedAt()));
                }
              }
              // Patient by patient in lock order, as before: one signal's statements at a time.
              signals.sort(Comparator.comparing(s -> s.patientId().toString()));
              return Future.all(
                      mark(tx, rows, marks), Futures.sequence(signals, s -> sink.signal(tx, s)))
                  .mapEmpty();
            });
  }

  private static AlertSignal signal(PatientContext ctx, Marked row, Finding f) {
    return new AlertSignal(
        ctx.clinicId(),
        ctx.patientId(),
        f.ruleId(),
        f.ruleVersion(),
        f.level(),
        f.explanation(),
        f.inputs(),
        row.measuredAt(),
        row.deviceId() + "/" + row.msgId(),
        true);
  }

  private Future<List<Marked>> claim(SqlConnection tx) {
    return tx.preparedQuery(
            """
        SELECT id, patient_id, device_id, msg_id, measured_at, enqueued_at FROM triage_outbox
        WHERE critical ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED""")
        .execute(Tuple.of(BATCH))
        .map(
            rs -> {
              List<Marked> out = new ArrayList<>();
              for (Row r : rs) {
                out.add(
                    new Marked(
                        r.getLong("id"),
                        r.getUUID("patient_id"),
                        r.getString("device_id"),
                        r.getString("msg_id"),
                        instant(r, "measured_at"),
                        instant(r, "enqueued_at")));
              }
              return out;
            });
  }

  /** The message's readings (within a day of the row's measurement time: the hypertable's key). */
  private static Future<List<Observation>> message(SqlConnection tx, Marked row) {
    return tx.preparedQuery(
            """
        SELECT code, value, measured_at, flags, context, detail, device_id, msg_id FROM readings
        WHERE device_id = $1 AND msg_id = $2 AND measured_at >= $3 AND measured_at < $3 + interval '1 day'""")
        .execute(Tuple.of(row.deviceId(), row.msgId(), utc(row.measuredAt())))
        .map(
            rs -> {
              List<Observation> out = new ArrayList<>();
              for (Row r : rs) {
                MeasurementType.byCode(r.getString("code"))
                    .ifPresent(type -> out.add(TriageSql.observation(r, type)));
              }
              return out;
            });
  }

  /** Judged: no longer the lane's; when alerted, full triage will only join. One statement. */
  private static Future<Void> mark(SqlConnection tx, List<Marked> rows, List<Boolean> alerted) {
    Long[] ids = rows.stream().map(Marked::id).toArray(Long[]::new);
    return tx.preparedQuery(
            """
        UPDATE triage_outbox o SET critical = false,
          critical_alerted_at = CASE WHEN m.alerted THEN clock_timestamp() END
        FROM unnest($1::bigint[], $2::boolean[]) AS m(id, alerted) WHERE o.id = m.id""")
        .execute(
            Tuple.tuple().addArrayOfLong(ids).addArrayOfBoolean(alerted.toArray(Boolean[]::new)))
        .mapEmpty();
  }
}

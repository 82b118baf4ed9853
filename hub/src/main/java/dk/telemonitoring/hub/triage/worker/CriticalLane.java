package dk.telemonitoring.hub.triage.worker;

import static dk.telemonitoring.hub.triage.worker.TriageSql.instant;
import static dk.telemonitoring.hub.triage.worker.TriageSql.utc;

import dk.telemonitoring.hub.reading.MeasurementType;
import dk.telemonitoring.hub.store.TriageLocks;
import dk.telemonitoring.hub.triage.Finding;
import dk.telemonitoring.hub.triage.Observation;
import dk.telemonitoring.hub.triage.engine.CriticalJudgement;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
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
  private final List<Consumer<Raised>> listeners = new CopyOnWriteArrayList<>();
  private long timerId = -1;

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

  /** Drains what is marked now (a dead hub's rows too), then on a timer as catch-up. */
  public Future<Void> start() {
    timerId = vertx.setPeriodic(period.toMillis(), id -> wake());
    wake();
    return Future.succeededFuture();
  }

  public void stop() {
    if (timerId >= 0) vertx.cancelTimer(timerId);
  }

  /** After a batch commits. Safe from any thread; coalesces. */
  public void wake() {
    if (!running.compareAndSet(false, true)) {
      again.set(true);
      return;
    }
    again.set(false);
    drain()
        .onComplete(
            ar -> {
              running.set(false);
              if (ar.failed()) {
                LOG.warn("critical lane failed [error: {}]", ar.cause().toString());
              }
              if (again.getAndSet(false)) wake();
            });
  }

  /** Until no marked row is left (or a batch came back short). Returns the rows judged. */
  public Future<Integer> drain() {
    return anyMarked()
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
    List<Raised> raised = new ArrayList<>();
    return pool.withTransaction(
            tx ->
                claim(tx)
                    .compose(
                        rows -> {
                          TreeMap<String, List<Marked>> byPatient = new TreeMap<>();
                          rows.forEach(
                              r ->
                                  byPatient
                                      .computeIfAbsent(
                                          r.patientId().toString(), k -> new ArrayList<>())
                                      .add(r));
                          return Futures.sequence(
                                  new ArrayList<>(byPatient.values()),
                                  list -> judgePatient(tx, list, raised))
                              .map(v -> rows.size());
                        }))
        .onSuccess(
            n ->
                raised.forEach(
                    r ->
                        listeners.forEach(
                            l -> {
                              try {
                                l.accept(r);
                              } catch (RuntimeException e) {
                                LOG.warn("critical lane listener failed [error: {}]", e.toString());
                              }
                            })));
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

  private Future<Void> judgePatient(SqlConnection tx, List<Marked> rows, List<Raised> raised) {
    UUID patientId = rows.get(0).patientId();
    return TriageLocks.patient(tx, patientId)
        .compose(v -> TriageSql.context(tx, patientId))
        .compose(
            ctx ->
                Futures.sequence(
                    rows,
                    row ->
                        message(tx, row)
                            .compose(
                                message -> {
                                  List<Finding> critical = judgement.judge(ctx, message);
                                  String ref = row.deviceId() + "/" + row.msgId();
                                  return Futures.sequence(
                                          critical,
                                          f ->
                                              sink.signal(
                                                  tx,
                                                  new AlertSignal(
                                                      ctx.clinicId(),
                                                      ctx.patientId(),
                                                      f.ruleId(),
                                                      f.ruleVersion(),
                                                      f.level(),
                                                      f.explanation(),
                                                      f.inputs(),
                                                      row.measuredAt(),
                                                      ref,
                                                      true)))
                                      .compose(v -> mark(tx, row, !critical.isEmpty()))
                                      .onSuccess(
                                          v -> {
                                            if (!critical.isEmpty()) {
                                              raised.add(
                                                  new Raised(
                                                      ctx.patientId(),
                                                      ctx.clinicId(),
                                                      Duration.between(
                                                          row.enqueuedAt(), clock.instant())));
                                            }
                                          });
                                })));
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

  /** Judged: no longer the lane's; when alerted, full triage will only join. */
  private static Future<Void> mark(SqlConnection tx, Marked row, boolean alerted) {
    return tx.preparedQuery(
            """
        UPDATE triage_outbox SET critical = false,
          critical_alerted_at = CASE WHEN $2 THEN clock_timestamp() END WHERE id = $1""")
        .execute(Tuple.of(row.id(), alerted))
        .mapEmpty();
  }
}

package dk.telemonitoring.hub.triage.worker;

import static dk.telemonitoring.hub.triage.worker.TriageSql.instant;

import dk.telemonitoring.alerts.domain.Level;
import dk.telemonitoring.hub.store.TriageLocks;
import dk.telemonitoring.hub.triage.Baseline;
import dk.telemonitoring.hub.triage.DeviceFeedback;
import dk.telemonitoring.hub.triage.Observation;
import dk.telemonitoring.hub.triage.PatientContext;
import dk.telemonitoring.hub.triage.RuleState;
import dk.telemonitoring.hub.triage.TriageOutcome;
import dk.telemonitoring.hub.triage.engine.TriageEngine;
import io.vertx.core.Future;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One triage transaction over at most {@code batchSize} outbox rows of one partition's patients:
 * claims them ({@code FOR UPDATE SKIP LOCKED}), takes the patients' triage locks in sorted order,
 * loads what triage needs about all of them (one statement per kind, {@link PatientBatchSql}; the
 * histories from this hub's memory where it is current, {@link BatchHistories}), runs the {@link
 * TriageEngine} one patient after the other, raises or clears alerts through {@link RuleEpisodes}
 * in the same transaction, writes the results and rule states ({@link BatchWrites}), deletes the
 * outbox rows and commits. {@link TriageWorker} decides when batches run.
 */
final class TriageBatch {

  private static final Logger LOG = LoggerFactory.getLogger(TriageBatch.class);

  /**
   * How far back samples of continuous recordings are loaded before a batch's earliest reading:
   * longer than the observation window (15 min) and the repeat window (20 min), the only rules that
   * read them from history.
   */
  static final Duration CONTINUOUS_LOOKBACK = Duration.ofHours(1);

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

  private final Pool pool;
  private final TriageEngine engine;
  private final int batchSize;
  private final int partitions;
  private final Clock clock;
  private final BatchHistories histories;
  private final RuleEpisodes episodes;

  TriageBatch(
      Pool pool,
      TriageEngine engine,
      int batchSize,
      int partitions,
      Clock clock,
      BatchHistories histories,
      RuleEpisodes episodes) {
    this.pool = pool;
    this.engine = engine;
    this.batchSize = batchSize;
    this.partitions = partitions;
    this.clock = clock;
    this.histories = histories;
    this.episodes = episodes;
  }

  /** What a batch did: the rows it took from the outbox and the triages it committed. */
  record Done(int rows, List<TriageWorker.Triaged> triaged) {}

  /** Runs one batch over the partition's patients; fails when its transaction did not commit. */
  Future<Done> run(int partition) {
    List<TriageWorker.Triaged> done = new ArrayList<>();
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
                              .map(v -> new Done(rows.size(), done));
                        }))
        .onFailure(e -> writes.forget(histories))
        .onSuccess(v -> writes.remember(histories));
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
        .execute(Tuple.of(batchSize, partitions, partition))
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
      Map<UUID, List<Observation>> histories,
      Map<UUID, List<Observation>> recent) {}

  private static final Loaded NOTHING =
      new Loaded(Map.of(), Map.of(), Map.of(), Map.of(), Map.of());

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
    return TriageLocks.patients(tx, ids)
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
                            read.result().histories(),
                            read.result().recent());
                      });
            });
  }

  private Future<Void> triagePatient(
      SqlConnection tx,
      List<OutboxRow> rows,
      Loaded loadedBatch,
      List<TriageWorker.Triaged> done,
      BatchWrites writes) {
    UUID patientId = rows.get(0).patientId();
    PatientContext ctx = loadedBatch.contexts().get(patientId);
    Instant lastTriaged = loadedBatch.lastTriaged().get(patientId);
    Map<String, RuleState> states = loadedBatch.states().get(patientId);
    Map<String, RuleState> loaded = Map.copyOf(states);
    List<Observation> history = loadedBatch.histories().get(patientId);
    // Each message's readings found in one pass over the end of the window that holds them, not
    // one per message (an hour of 1 Hz samples is thousands of readings), and only the batch's
    // messages kept.
    Map<String, List<Observation>> byMessage = new HashMap<>();
    for (OutboxRow row : rows) byMessage.put(row.deviceId() + "/" + row.msgId(), new ArrayList<>());
    for (Observation o : loadedBatch.recent().get(patientId)) {
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
      List<TriageWorker.Triaged> done,
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
              engine.evaluateInWindow(ctx, message, history).withoutPointlessRepeat(states));
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
          writes.results.add(
              new TriageResultRows.Message(
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
                      new TriageWorker.Triaged(
                          ctx.patientId(),
                          ctx.clinicId(),
                          row.deviceId(),
                          row.msgId(),
                          outcome,
                          reply)));
        });
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

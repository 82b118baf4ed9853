package dk.telemonitoring.hub.store;

import dk.telemonitoring.hub.reading.RejectReason;
import dk.telemonitoring.hub.reading.Rejection;
import dk.telemonitoring.hub.store.WriteItem.Event;
import dk.telemonitoring.hub.store.WriteItem.Measurements;
import dk.telemonitoring.hub.store.WriteItem.Quarantined;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects received messages into batches (by size and by time) and writes each batch in one
 * transaction. A message's callback runs only after its batch committed: that is when the ingest
 * may acknowledge it to the broker. When the database is down, batches are retried with backoff and
 * nothing is acknowledged; the broker's in-flight limit then bounds how much waits here. A batch
 * the database rejects for its content is split until the one bad message is found and quarantined,
 * so one poison message cannot stop the stream. The devices heard from are handed to a {@link
 * LastSeenCoalescer} after the commit, outside the batch's transaction.
 *
 * <p>An {@linkplain WriteItem#urgent() urgent} message (a reading the critical lane may alert on)
 * does not queue behind the others: it is written at once in a batch of the urgent messages alone,
 * one such batch at a time, on connections of their own. Under load the queue holds seconds of
 * messages and every pooled connection is busy, and the critical lane raises its alert only from
 * the commit.
 *
 * <p>Not thread-safe: use it from one Vert.x context (the ingest verticle's).
 */
public final class BatchWriter {

  private static final Logger LOG = LoggerFactory.getLogger(BatchWriter.class);

  /** Told about every batch, for metrics and for waking the triage worker. */
  public interface Listener {
    void batchCommitted(List<WriteItem> items, Written written, long nanos);

    void batchFailed(int size, Throwable failure);
  }

  public record Settings(
      int batchMax, long batchDelayMs, int maxConcurrentBatches, long retryMaxMs) {}

  private record Pending(WriteItem item, Consumer<WriteOutcome> onCommitted) {}

  private final Vertx vertx;
  private final Pool pool;
  private final Pool urgentPool;
  private final Settings settings;
  private final Listener listener;
  private final LastSeenCoalescer lastSeen;
  private final Deque<Pending> queue = new ArrayDeque<>();
  private final Deque<Pending> urgent = new ArrayDeque<>();
  private int activeBatches;

  /** An urgent batch is being written (beside the {@code maxConcurrentBatches}). */
  private boolean urgentBatchActive;

  private long timerId = -1;
  private boolean backingOff;
  private int consecutiveFailures;
  private boolean databaseUp = true;

  /** How often the devices heard from are written ({@code devices.last_seen_at}, battery). */
  static final long LAST_SEEN_INTERVAL_MS = 1000;

  /**
   * Call on the context that will use it: the last-seen writes are timed there.
   *
   * @param urgentPool for the urgent batches: connections the other batches never hold
   */
  public BatchWriter(
      Vertx vertx, Pool pool, Pool urgentPool, Settings settings, Listener listener) {
    this(
        vertx,
        pool,
        urgentPool,
        settings,
        listener,
        new LastSeenCoalescer(vertx, pool, LAST_SEEN_INTERVAL_MS).start());
  }

  BatchWriter(
      Vertx vertx,
      Pool pool,
      Pool urgentPool,
      Settings settings,
      Listener listener,
      LastSeenCoalescer lastSeen) {
    this.vertx = vertx;
    this.pool = pool;
    this.urgentPool = urgentPool;
    this.settings = settings;
    this.listener = listener;
    this.lastSeen = lastSeen;
  }

  public void submit(WriteItem item, Consumer<WriteOutcome> onCommitted) {
    if (item.urgent()) {
      urgent.addLast(new Pending(item, onCommitted));
      flush();
      return;
    }
    queue.addLast(new Pending(item, onCommitted));
    if (queue.size() >= settings.batchMax()) {
      flush();
    } else if (timerId < 0 && !backingOff) {
      timerId =
          vertx.setTimer(
              settings.batchDelayMs(),
              id -> {
                timerId = -1;
                flush();
              });
    }
  }

  /** Messages waiting for a transaction. */
  public int pending() {
    return queue.size() + urgent.size();
  }

  /**
   * Writes the devices' last-seen times still pending (at shutdown); batches in flight are not
   * waited for.
   */
  public Future<Void> close() {
    return lastSeen.close();
  }

  /** False while writes are failing for a reason other than the data. */
  public boolean databaseUp() {
    return databaseUp;
  }

  private void flush() {
    if (!backingOff && !urgent.isEmpty() && !urgentBatchActive) {
      write(take(urgent), true);
    }
    while (!backingOff && activeBatches < settings.maxConcurrentBatches() && !queue.isEmpty()) {
      write(take(queue), false);
    }
  }

  private List<Pending> take(Deque<Pending> from) {
    List<Pending> batch = new ArrayList<>(Math.min(from.size(), settings.batchMax()));
    while (batch.size() < settings.batchMax() && !from.isEmpty()) {
      batch.add(from.pollFirst());
    }
    return batch;
  }

  private void write(List<Pending> batch, boolean urgentBatch) {
    if (urgentBatch) {
      urgentBatchActive = true;
    } else {
      activeBatches++;
    }
    long start = System.nanoTime();
    List<WriteItem> items = batch.stream().map(Pending::item).toList();
    (urgentBatch ? urgentPool : pool)
        .withTransaction(tx -> BatchSql.write(tx, items))
        .onComplete(
            ar -> {
              if (urgentBatch) {
                urgentBatchActive = false;
              } else {
                activeBatches--;
              }
              if (ar.succeeded()) {
                committed(batch, items, ar.result(), System.nanoTime() - start);
              } else {
                failed(batch, ar.cause());
              }
              scheduleNext();
            });
  }

  private void committed(List<Pending> batch, List<WriteItem> items, Written written, long nanos) {
    consecutiveFailures = 0;
    if (!databaseUp) {
      LOG.info("database writes recovered");
      databaseUp = true;
    }
    lastSeen.record(items);
    listener.batchCommitted(items, written, nanos);
    for (int i = 0; i < batch.size(); i++) {
      batch.get(i).onCommitted().accept(written.outcomes().get(i));
    }
  }

  private void failed(List<Pending> batch, Throwable failure) {
    listener.batchFailed(batch.size(), failure);
    if (SqlErrors.causedByData(failure)) {
      isolatePoison(batch, failure);
      return;
    }
    consecutiveFailures++;
    if (databaseUp || consecutiveFailures % 20 == 0) {
      LOG.warn(
          "batch write failed, will retry [size: {}, attempt: {}, reason: {}]",
          batch.size(),
          consecutiveFailures,
          SqlErrors.describe(failure));
    }
    databaseUp = false;
    for (int i = batch.size() - 1; i >= 0; i--) {
      Pending p = batch.get(i);
      (p.item().urgent() ? urgent : queue).addFirst(p);
    }
    backOff();
  }

  /** Halves a batch the data made fail; a lone failing message becomes a quarantine row. */
  private void isolatePoison(List<Pending> batch, Throwable failure) {
    if (batch.size() == 1) {
      Pending p = batch.get(0);
      LOG.warn(
          "message refused by the database, quarantining it [reason: {}]",
          SqlErrors.describe(failure));
      queue.addFirst(
          new Pending(asQuarantine(p.item(), SqlErrors.describe(failure)), p.onCommitted()));
      return;
    }
    int half = batch.size() / 2;
    write(batch.subList(0, half), false);
    write(batch.subList(half, batch.size()), false);
  }

  private static WriteItem asQuarantine(WriteItem item, String reason) {
    Rejection rejection = new Rejection(RejectReason.STORAGE_REJECTED, reason);
    if (item instanceof Measurements m) {
      return new Quarantined(
          m.source().topic(),
          m.set().clinicId(),
          m.set().deviceId(),
          m.set().msgId(),
          rejection,
          m.source().payload(),
          m.receivedAt());
    }
    if (item instanceof Event e) {
      return new Quarantined(
          e.source().topic(),
          e.event().clinicId(),
          e.event().deviceId(),
          e.event().msgId(),
          rejection,
          e.source().payload(),
          e.receivedAt());
    }
    Quarantined q = (Quarantined) item;
    // The likeliest reason a quarantine row itself fails is a NUL byte PostgreSQL text refuses:
    // keep the bytes.
    return new Quarantined(
        q.topic().replace('\u0000', ' '),
        q.clinicId(),
        q.deviceId(),
        q.msgId(),
        rejection,
        q.payload(),
        q.receivedAt());
  }

  private void backOff() {
    if (backingOff) {
      return;
    }
    backingOff = true;
    long delay = Math.min(settings.retryMaxMs(), 50L << Math.min(consecutiveFailures, 10));
    vertx.setTimer(
        delay,
        id -> {
          backingOff = false;
          flush();
        });
  }

  private void scheduleNext() {
    if (queue.size() >= settings.batchMax() || !urgent.isEmpty()) {
      flush();
    } else if (!queue.isEmpty() && timerId < 0 && !backingOff) {
      timerId =
          vertx.setTimer(
              settings.batchDelayMs(),
              id -> {
                timerId = -1;
                flush();
              });
    }
  }
}

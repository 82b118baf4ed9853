package dk.telemonitoring.hub.store;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A BatchWriter on a context of its own, as in a hub's ingest verticle, with its listener's
 * failures kept: for the store's tests on a real database.
 */
final class ContextBatchWriter {
  final Context context;
  final List<Throwable> failures = new CopyOnWriteArrayList<>();
  final BatchWriter writer;
  final LastSeenCoalescer lastSeen;

  /**
   * @param maxBatch messages per batch at most
   */
  ContextBatchWriter(Vertx vertx, Pool pool, int maxBatch, long lastSeenIntervalMs)
      throws Exception {
    this(vertx, pool, pool, new BatchWriter.Settings(maxBatch, 5, 2, 1000), lastSeenIntervalMs);
  }

  /**
   * @param urgentPool the urgent batches' own connections
   */
  ContextBatchWriter(
      Vertx vertx,
      Pool pool,
      Pool urgentPool,
      BatchWriter.Settings settings,
      long lastSeenIntervalMs)
      throws Exception {
    context = newContext(vertx);
    BatchWriter.Listener listener =
        new BatchWriter.Listener() {
          @Override
          public void batchCommitted(List<WriteItem> items, Written written, long nanos) {}

          @Override
          public void batchFailed(int size, Throwable failure) {
            failures.add(failure);
          }
        };
    CompletableFuture<LastSeenCoalescer> created = new CompletableFuture<>();
    context.runOnContext(
        v -> created.complete(new LastSeenCoalescer(vertx, pool, lastSeenIntervalMs).start()));
    lastSeen = created.get(10, TimeUnit.SECONDS);
    writer = new BatchWriter(vertx, pool, urgentPool, settings, listener, lastSeen);
  }

  Future<List<WriteOutcome>> submitAll(List<WriteItem> items) {
    Promise<List<WriteOutcome>> done = Promise.promise();
    context.runOnContext(
        v -> {
          List<Future<WriteOutcome>> each = new ArrayList<>();
          for (WriteItem item : items) {
            Promise<WriteOutcome> p = Promise.promise();
            writer.submit(item, p::complete);
            each.add(p.future());
          }
          Future.all(each).map(all -> each.stream().map(Future::result).toList()).onComplete(done);
        });
    return done.future();
  }

  Future<Void> flush() {
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> lastSeen.flush().onComplete(done));
    return done.future();
  }

  Future<Void> close() {
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> writer.close().onComplete(done));
    return done.future();
  }

  /**
   * A context of its own: from a thread that is not Vert.x's, getOrCreateContext makes one (per
   * thread).
   */
  private static Context newContext(Vertx vertx) {
    CompletableFuture<Context> context = new CompletableFuture<>();
    new Thread(() -> context.complete(vertx.getOrCreateContext())).start();
    return context.join();
  }
}

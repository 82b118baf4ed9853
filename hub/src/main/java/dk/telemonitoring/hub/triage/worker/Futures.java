package dk.telemonitoring.hub.triage.worker;

import io.vertx.core.Future;
import java.util.List;
import java.util.function.Function;

/** Futures run one after another (statements of one transaction cannot overlap). */
final class Futures {

  private Futures() {}

  /** {@code step} for each item in order, each after the previous one succeeded. */
  static <T> Future<Void> sequence(List<T> items, Function<T, Future<Void>> step) {
    Future<Void> f = Future.succeededFuture();
    for (T item : items) {
      f = f.compose(v -> step.apply(item));
    }
    return f;
  }
}

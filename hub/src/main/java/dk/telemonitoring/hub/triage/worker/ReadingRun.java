package dk.telemonitoring.hub.triage.worker;

import dk.telemonitoring.hub.triage.Observation;
import java.time.Instant;
import java.util.AbstractList;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * A patient's remembered readings (sorted by {@link HistoryMemory#ORDER}) as a read-only view of an
 * array that the next batch appends to in place: remembering a batch's few new readings then costs
 * those readings, not a copy of the patient's 90 days (issue 15: the copy was a fifth to a third of
 * triage). A view never changes: appends write only past the last slot any view covers, and a view
 * that does not end there copies instead.
 */
final class ReadingRun extends AbstractList<Observation> implements RandomAccess {

  private static final ReadingRun EMPTY =
      new ReadingRun(new Store(new Observation[0], 0), 0, 0, false);

  /** The shared array; {@code used} slots are covered by some view. */
  private static final class Store {
    final Observation[] items;
    int used;

    Store(Observation[] items, int used) {
      this.items = items;
      this.used = used;
    }
  }

  private final Store store;
  private final int from;
  private final int to;
  private final boolean continuous;

  private ReadingRun(Store store, int from, int to, boolean continuous) {
    this.store = store;
    this.from = from;
    this.to = to;
    this.continuous = continuous;
  }

  /** A run of {@code sorted} (copied). */
  static ReadingRun of(List<Observation> sorted) {
    if (sorted instanceof ReadingRun run) return run;
    if (sorted.isEmpty()) return EMPTY;
    Observation[] items = sorted.toArray(new Observation[0]);
    return new ReadingRun(new Store(items, items.length), 0, items.length, anyContinuous(sorted));
  }

  @Override
  public Observation get(int index) {
    Objects.checkIndex(index, size());
    return store.items[from + index];
  }

  @Override
  public int size() {
    return to - from;
  }

  /**
   * Whether the run may hold continuous samples: a window keeps those from a later time than spot
   * checks, so only a run of spot checks is cut to a window at one index.
   */
  boolean mayHoldContinuous() {
    return continuous;
  }

  /** Index of the first reading measured at or after {@code t}. */
  int firstAtOrAfter(Instant t) {
    int lo = 0;
    int hi = size();
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (get(mid).measuredAt().isBefore(t)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The readings from {@code index} on (a view). */
  ReadingRun from(int index) {
    Objects.checkIndex(index, size() + 1);
    return index == 0 ? this : new ReadingRun(store, from + index, to, continuous);
  }

  /**
   * This run followed by {@code later}, which must all come after its last reading by {@link
   * HistoryMemory#ORDER}: in place when this view ends at the array's last used slot and the array
   * has room, else in a new array with room to grow.
   */
  ReadingRun followedBy(List<Observation> later) {
    if (later.isEmpty()) return this;
    boolean cont = continuous || anyContinuous(later);
    int n = later.size();
    synchronized (store) {
      if (to == store.used && store.items.length - to >= n) {
        for (int i = 0; i < n; i++) store.items[to + i] = later.get(i);
        store.used = to + n;
        return new ReadingRun(store, from, to + n, cont);
      }
    }
    int size = size();
    Observation[] items = new Observation[Math.max(16, 2 * (size + n))];
    System.arraycopy(store.items, from, items, 0, size);
    for (int i = 0; i < n; i++) items[size + i] = later.get(i);
    return new ReadingRun(new Store(items, size + n), 0, size + n, cont);
  }

  private static boolean anyContinuous(List<Observation> readings) {
    for (Observation o : readings) {
      if (o.continuous()) return true;
    }
    return false;
  }
}

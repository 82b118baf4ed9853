package dk.telemonitoring.hub.triage.worker;

import dk.telemonitoring.hub.triage.Observation;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Two patients' reading lists sorted by {@link HistoryMemory#ORDER}, merged in one pass: a batch
 * merges a patient's remembered 90 days with the few readings still in the outbox, and copying,
 * hashing and sorting the whole window for that was a sixth of triage.
 */
final class SortedMerge {

  private SortedMerge() {}

  /**
   * The readings of {@code base} and {@code more} that their predicates keep, by {@link
   * HistoryMemory#ORDER}; a reading in both (equal) is taken once, as one of {@code more}.
   */
  static List<Observation> merge(
      List<Observation> base,
      Predicate<Observation> keepBase,
      List<Observation> more,
      Predicate<Observation> keepMore) {
    List<Observation> out = new ArrayList<>(base.size() + more.size());
    int i = 0;
    int j = 0;
    // Mostly the remembered readings are all older than the outbox's: those are copied at once.
    if (!more.isEmpty()) {
      int before = firstNotBefore(base, more.get(0));
      for (; i < before; i++) add(out, base.get(i), keepBase);
    }
    while (i < base.size() || j < more.size()) {
      if (j == more.size()) {
        add(out, base.get(i++), keepBase);
      } else if (i == base.size()) {
        add(out, more.get(j++), keepMore);
      } else {
        int c = HistoryMemory.ORDER.compare(base.get(i), more.get(j));
        if (c < 0) {
          add(out, base.get(i++), keepBase);
        } else if (c > 0) {
          add(out, more.get(j++), keepMore);
        } else {
          // Readings of one time, message and type: the base's that are not in `more`, then
          // `more`'s (a stable sort of both would give that order).
          int iEnd = tieEnd(base, i, more.get(j));
          int jEnd = tieEnd(more, j, more.get(j));
          List<Observation> tied = more.subList(j, jEnd);
          for (; i < iEnd; i++) {
            if (!tied.contains(base.get(i))) add(out, base.get(i), keepBase);
          }
          for (; j < jEnd; j++) add(out, more.get(j), keepMore);
        }
      }
    }
    return out;
  }

  /** Index of the first reading of {@code sorted} not ordered before {@code key}. */
  private static int firstNotBefore(List<Observation> sorted, Observation key) {
    int lo = 0;
    int hi = sorted.size();
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (HistoryMemory.ORDER.compare(sorted.get(mid), key) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private static int tieEnd(List<Observation> list, int from, Observation key) {
    int end = from;
    while (end < list.size() && HistoryMemory.ORDER.compare(list.get(end), key) == 0) end++;
    return end;
  }

  /** {@code readings} by {@link HistoryMemory#ORDER} (a copy). */
  static List<Observation> sorted(List<Observation> readings) {
    List<Observation> out = new ArrayList<>(readings);
    out.sort(HistoryMemory.ORDER);
    return out;
  }

  private static void add(List<Observation> out, Observation o, Predicate<Observation> keep) {
    if (keep.test(o)) out.add(o);
  }
}

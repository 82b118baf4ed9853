package dk.telemonitoring.hub.triage;

import java.time.Instant;
import java.util.List;

/** Binary search in a patient's readings ordered by measurement time. */
final class ByTime {

  private ByTime() {}

  /** Index of the first observation of {@code byTime} measured at or after {@code t}. */
  static int firstAtOrAfter(List<Observation> byTime, Instant t) {
    int lo = 0;
    int hi = byTime.size();
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (byTime.get(mid).measuredAt().isBefore(t)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Index of the first observation of {@code byTime} measured after {@code t}. */
  static int firstAfter(List<Observation> byTime, Instant t) {
    int lo = 0;
    int hi = byTime.size();
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (!byTime.get(mid).measuredAt().isAfter(t)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

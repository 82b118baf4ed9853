package dk.telemonitoring.hub.triage.worker;

import dk.telemonitoring.hub.triage.Observation;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The readings this hub has triaged per patient, so that a batch reads from the database only what
 * is new since (issue 15): reading and decoding each patient's 90-day history for every batch was a
 * third of triage's time. The database stays the source of truth: an entry is used only while the
 * patient's triage stamp in the database is the one this hub wrote with it ({@code
 * triage_patient_stamps}, read under the patient's triage lock), so a restarted hub, another hub
 * that triaged the patient meanwhile, or a transaction that did not commit all make the next batch
 * load the patient afresh.
 *
 * <p>Bounded by a number of readings held (least recently triaged patients go first); thread-safe.
 */
final class HistoryMemory {

  /** Readings by measurement time, ties in a fixed order, so every load gives the same list. */
  static final Comparator<Observation> ORDER = HistoryMemory::compare;

  /** {@link #ORDER} written out: batches compare every remembered reading. */
  private static int compare(Observation a, Observation b) {
    int c = a.measuredAt().compareTo(b.measuredAt());
    if (c != 0) return c;
    c = (a.ref() == null ? "" : a.ref()).compareTo(b.ref() == null ? "" : b.ref());
    return c != 0 ? c : a.type().compareTo(b.type());
  }

  /**
   * One patient's remembered readings.
   *
   * @param stamp the stamp this hub wrote with them
   * @param spotFrom spot checks measured from here on are all held
   * @param continuousFrom continuous samples measured from here on are all held
   * @param readings sorted by {@link #ORDER}
   * @param completeUpTo every reading the patient had measured up to here when it was loaded is in
   *     {@code readings}; later ones the hub triaged since too, others are read on use
   * @param lastTriaged the latest measurement time with a stored result, null when none
   */
  record Remembered(
      UUID stamp,
      Instant spotFrom,
      Instant continuousFrom,
      List<Observation> readings,
      Instant completeUpTo,
      Instant lastTriaged) {

    boolean covers(Instant from, Instant continuousSince) {
      return !from.isBefore(spotFrom) && !continuousSince.isBefore(continuousFrom);
    }
  }

  private final long budget;
  private final LinkedHashMap<UUID, Remembered> entries = new LinkedHashMap<>(64, 0.75f, true);
  private long held;
  private long found;
  private long loaded;

  /**
   * @param budget readings held at most, over all patients; 0 remembers nothing
   */
  HistoryMemory(long budget) {
    this.budget = Math.max(0, budget);
  }

  boolean enabled() {
    return budget > 0;
  }

  /**
   * The patient's entry when it is still the database's ({@code stamp}) and holds the window from
   * {@code from} (spot checks) and {@code continuousFrom} (continuous samples).
   */
  synchronized Optional<Remembered> current(
      UUID patient, UUID stamp, Instant from, Instant continuousFrom) {
    Remembered r = entries.get(patient);
    if (r == null || stamp == null || !r.stamp().equals(stamp) || !r.covers(from, continuousFrom)) {
      loaded++;
      return Optional.empty();
    }
    found++;
    return Optional.of(r);
  }

  /** Replaces the patient's entry, then lets go of the least recently used beyond the budget. */
  synchronized void remember(UUID patient, Remembered r) {
    Remembered old = entries.remove(patient);
    if (old != null) held -= old.readings().size();
    if (r.readings().size() > budget) return;
    entries.put(patient, r);
    held += r.readings().size();
    var it = entries.entrySet().iterator();
    while (held > budget && it.hasNext()) {
      Map.Entry<UUID, Remembered> eldest = it.next();
      held -= eldest.getValue().readings().size();
      it.remove();
    }
  }

  synchronized void forget(UUID patient) {
    Remembered old = entries.remove(patient);
    if (old != null) held -= old.readings().size();
  }

  synchronized int patients() {
    return entries.size();
  }

  synchronized long readings() {
    return held;
  }

  /** Patients a batch found current here, since start. */
  synchronized long found() {
    return found;
  }

  /** Patients a batch had to load from the database, since start. */
  synchronized long loaded() {
    return loaded;
  }
}

package dk.telemonitoring.hub.triage.worker;

import dk.telemonitoring.hub.triage.Joined;
import dk.telemonitoring.hub.triage.Observation;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Each batch patient's history window and last triage time. A patient the {@link HistoryMemory}
 * holds, under the stamp the database has, costs only the readings still in the outbox (the batch's
 * own among them) and those stored since the memory was complete; any other patient is loaded from
 * the database as before.
 *
 * <p>The window a rule sees is the same either way: every stored reading of the patient measured up
 * to the memory's completeness was in the load or left the outbox in a triage of this hub since
 * (any other triage moves the stamp), or is still in the outbox; later ones are read.
 */
final class BatchHistories {

  /** PostgreSQL keeps microseconds: the first instant after a stored time. */
  static final Duration PRECISION = Duration.ofNanos(1_000);

  /**
   * Held below a window's start, so that a batch that starts a little earlier (a late reading)
   * still finds its patient in memory.
   */
  static final Duration SPOT_SLACK = Duration.ofDays(2);

  static final Duration CONTINUOUS_SLACK = Duration.ofMinutes(15);

  /**
   * What a batch read.
   *
   * @param histories per patient, what the rules see: the window's readings by measurement time
   * @param lastTriaged per patient, the latest measurement time with a result (absent when none)
   * @param bases per patient, what the memory is built from once the batch commits (empty when the
   *     memory is off)
   * @param recent per patient, the end of its history that holds the batch's readings (the whole
   *     history unless the memory had all older ones)
   */
  record Read(
      Map<UUID, List<Observation>> histories,
      Map<UUID, Instant> lastTriaged,
      Map<UUID, Base> bases,
      Map<UUID, List<Observation>> recent) {}

  /**
   * A patient's readings before this batch's pending ones were added.
   *
   * @param completeUpTo every stored reading of the patient measured up to here (from {@code
   *     spotFrom}, {@code continuousFrom}) is in {@code readings} or {@code pending}
   * @param pending the readings of the patient's outbox rows up to the window's end, as read now
   * @param run when not null, {@code readings} is this remembered run of spot checks followed by
   *     the readings stored since, and those and {@code pending} all come after the run's last
   */
  record Base(
      List<Observation> readings,
      Instant spotFrom,
      Instant continuousFrom,
      Instant completeUpTo,
      Instant lastTriaged,
      List<Observation> pending,
      ReadingRun run) {

    /** The readings after the run (all of them when there is none). */
    List<Observation> sinceRun() {
      return run == null ? readings : readings.subList(run.size(), readings.size());
    }
  }

  private final HistoryMemory memory;

  BatchHistories(HistoryMemory memory) {
    this.memory = memory;
  }

  HistoryMemory memory() {
    return memory;
  }

  /** Reads the windows' patients (already locked in {@code tx}). */
  Future<Read> read(SqlConnection tx, List<PatientBatchSql.Window> windows) {
    List<UUID> ids = windows.stream().map(PatientBatchSql.Window::patientId).toList();
    if (!memory.enabled()) {
      Future<Map<UUID, List<Observation>>> histories = PatientBatchSql.histories(tx, windows);
      Future<Map<UUID, Instant>> last = PatientBatchSql.lastTriaged(tx, ids);
      return Future.all(histories, last)
          .map(all -> new Read(histories.result(), last.result(), Map.of(), histories.result()));
    }
    return PatientBatchSql.stamps(tx, ids).compose(stamps -> readWithMemory(tx, windows, stamps));
  }

  private Future<Read> readWithMemory(
      SqlConnection tx, List<PatientBatchSql.Window> windows, Map<UUID, UUID> stamps) {
    Map<UUID, HistoryMemory.Remembered> hits = new HashMap<>();
    List<PatientBatchSql.Window> missed = new ArrayList<>();
    List<PatientBatchSql.Window> since = new ArrayList<>();
    for (PatientBatchSql.Window w : windows) {
      Optional<HistoryMemory.Remembered> hit =
          memory.current(w.patientId(), stamps.get(w.patientId()), w.from(), w.continuousFrom());
      if (hit.isEmpty()) {
        missed.add(w);
        continue;
      }
      hits.put(w.patientId(), hit.get());
      Instant after = hit.get().completeUpTo().plus(PRECISION);
      if (!w.to().isBefore(after)) {
        since.add(new PatientBatchSql.Window(w.patientId(), after, w.to(), after));
      }
    }
    List<UUID> missedIds = missed.stream().map(PatientBatchSql.Window::patientId).toList();
    Future<Map<UUID, List<Observation>>> loaded = histories(tx, missed);
    Future<Map<UUID, List<Observation>>> newer = histories(tx, since);
    Future<Map<UUID, Instant>> last =
        missed.isEmpty()
            ? Future.succeededFuture(Map.of())
            : PatientBatchSql.lastTriaged(tx, missedIds);
    Future<Map<UUID, List<Observation>>> pending = PatientBatchSql.pendingReadings(tx, windows);
    return Future.all(loaded, newer, last, pending)
        .map(
            all -> {
              Map<UUID, List<Observation>> histories = new HashMap<>();
              Map<UUID, Instant> lastTriaged = new HashMap<>();
              Map<UUID, Base> bases = new HashMap<>();
              Map<UUID, List<Observation>> recent = new HashMap<>();
              for (PatientBatchSql.Window w : windows) {
                UUID p = w.patientId();
                HistoryMemory.Remembered hit = hits.get(p);
                List<Observation> waiting =
                    SortedMerge.sorted(pending.result().getOrDefault(p, List.of()));
                Predicate<Observation> inWindow = o -> inWindow(o, w);
                Base base;
                if (hit == null) {
                  base =
                      new Base(
                          SortedMerge.sorted(loaded.result().getOrDefault(p, List.of())),
                          w.from(),
                          w.continuousFrom(),
                          w.to(),
                          last.result().get(p),
                          waiting,
                          null);
                } else {
                  List<Observation> stored =
                      SortedMerge.sorted(newer.result().getOrDefault(p, List.of()));
                  ReadingRun run = appendable(hit.readings(), stored, waiting, w);
                  base =
                      new Base(
                          run != null ? new Joined(run, stored) : merged(hit.readings(), stored),
                          hit.spotFrom(),
                          hit.continuousFrom(),
                          later(hit.completeUpTo(), w.to()),
                          hit.lastTriaged(),
                          waiting,
                          run);
                }
                bases.put(p, base);
                if (base.run() != null) {
                  // The run is all spot checks up to the window's end: the window cuts it at one
                  // index, and the batch's readings are all in the small rest.
                  ReadingRun run = base.run();
                  List<Observation> rest =
                      SortedMerge.merge(base.sinceRun(), inWindow, waiting, inWindow);
                  histories.put(p, new Joined(run.from(run.firstAtOrAfter(w.from())), rest));
                  recent.put(p, rest);
                } else {
                  List<Observation> h =
                      SortedMerge.merge(base.readings(), inWindow, waiting, inWindow);
                  histories.put(p, h);
                  recent.put(p, h);
                }
                if (base.lastTriaged() != null) lastTriaged.put(p, base.lastTriaged());
              }
              return new Read(histories, lastTriaged, bases, recent);
            });
  }

  /**
   * The patient's remembered readings when they are a run of spot checks, all measured up to the
   * window's end and all before what the database gave since ({@code since}, {@code waiting}): the
   * usual case of readings arriving in order, which then cost the batch only its own readings. Null
   * otherwise.
   */
  private static ReadingRun appendable(
      List<Observation> remembered,
      List<Observation> since,
      List<Observation> waiting,
      PatientBatchSql.Window w) {
    if (!(remembered instanceof ReadingRun run) || run.mayHoldContinuous()) return null;
    if (run.isEmpty()) return run;
    Observation last = run.get(run.size() - 1);
    boolean inOrder =
        !last.measuredAt().isAfter(w.to())
            && (since.isEmpty() || HistoryMemory.ORDER.compare(last, since.get(0)) < 0)
            && (waiting.isEmpty() || HistoryMemory.ORDER.compare(last, waiting.get(0)) < 0);
    return inOrder ? run : null;
  }

  private static Future<Map<UUID, List<Observation>>> histories(
      SqlConnection tx, List<PatientBatchSql.Window> windows) {
    return windows.isEmpty()
        ? Future.succeededFuture(Map.of())
        : PatientBatchSql.histories(tx, windows);
  }

  /**
   * After the batch committed under {@code stamp}: each patient's memory is its base plus the
   * readings of the outbox rows the batch triaged ({@code claimedRefs}), trimmed to a little before
   * the window.
   *
   * @param triagedUpTo per patient, the latest measurement time the batch stored a result for
   */
  void remember(
      Read read,
      List<PatientBatchSql.Window> windows,
      UUID stamp,
      Set<String> claimedRefs,
      Map<UUID, Instant> triagedUpTo) {
    for (PatientBatchSql.Window w : windows) {
      Base base = read.bases().get(w.patientId());
      if (base == null) continue;
      Instant spotFrom = later(base.spotFrom(), w.from().minus(SPOT_SLACK));
      Instant continuousFrom =
          later(base.continuousFrom(), w.continuousFrom().minus(CONTINUOUS_SLACK));
      // The base's pending readings stay only if this batch claimed them (committed with it).
      Predicate<Observation> claimed =
          o -> claimedRefs.contains(o.ref()) && held(o, spotFrom, continuousFrom);
      ReadingRun kept;
      if (base.run() != null) {
        ReadingRun run = base.run();
        kept =
            run.from(run.firstAtOrAfter(spotFrom))
                .followedBy(
                    SortedMerge.merge(
                        base.sinceRun(),
                        o -> held(o, spotFrom, continuousFrom),
                        base.pending(),
                        claimed));
      } else {
        kept =
            ReadingRun.of(
                SortedMerge.merge(
                    base.readings(),
                    o -> held(o, spotFrom, continuousFrom),
                    base.pending(),
                    claimed));
      }
      Instant last = triagedUpTo.get(w.patientId());
      memory.remember(
          w.patientId(),
          new HistoryMemory.Remembered(
              stamp,
              spotFrom,
              continuousFrom,
              kept,
              base.completeUpTo(),
              base.lastTriaged() == null ? last : later(base.lastTriaged(), last)));
    }
  }

  /** A transaction that may or may not have committed: its patients are loaded afresh next time. */
  void forget(List<PatientBatchSql.Window> windows) {
    windows.forEach(w -> memory.forget(w.patientId()));
  }

  /** Both sorted lists' readings, each once, by {@link HistoryMemory#ORDER}. */
  private static List<Observation> merged(List<Observation> readings, List<Observation> more) {
    return more.isEmpty() ? readings : SortedMerge.merge(readings, o -> true, more, o -> true);
  }

  /**
   * Whether the database's window read returns it: spot checks from {@code from}, samples later.
   */
  private static boolean inWindow(Observation o, PatientBatchSql.Window w) {
    Instant from = o.continuous() ? w.continuousFrom() : w.from();
    return !o.measuredAt().isBefore(from) && !o.measuredAt().isAfter(w.to());
  }

  private static boolean held(Observation o, Instant spotFrom, Instant continuousFrom) {
    return !o.measuredAt().isBefore(o.continuous() ? continuousFrom : spotFrom);
  }

  static Instant later(Instant a, Instant b) {
    if (b == null) return a;
    return a.isAfter(b) ? a : b;
  }
}

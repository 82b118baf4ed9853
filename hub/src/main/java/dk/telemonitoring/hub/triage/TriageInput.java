package dk.telemonitoring.hub.triage;

import dk.telemonitoring.hub.reading.MeasurementType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One message's values to triage, the patient's earlier readings (by event time) and the
 * configuration. Built once per message and read by every rule, so the message's time and the
 * merged series are worked out once, not on every call (the rules ask for them inside loops over
 * the patient's history).
 */
public final class TriageInput {

  private static final Comparator<Observation> BY_TIME =
      Comparator.comparing(Observation::measuredAt);

  private final PatientContext patient;
  private final List<Observation> message;
  private final List<Observation> history;
  private final TriageConfig config;
  private final Instant at;
  private final List<Observation> all;
  private final Map<MeasurementType, Optional<Baseline>> baselines =
      new EnumMap<>(MeasurementType.class);

  /**
   * @param message the values measured together (one device message), all at {@link #at()}
   * @param history the patient's other readings measured at or before {@code at}; later ones are
   *     ignored, so a late reading is evaluated in its place in the series
   */
  public TriageInput(
      PatientContext patient,
      List<Observation> message,
      List<Observation> history,
      TriageConfig config) {
    this(patient, List.copyOf(message), config, history);
  }

  private TriageInput(
      PatientContext patient,
      List<Observation> msg,
      TriageConfig config,
      List<Observation> history) {
    Instant latest = latest(msg);
    List<Observation> earlier = new ArrayList<>(history.size());
    for (Observation o : history) {
      if (!o.measuredAt().isAfter(latest) && !partOf(o, msg)) earlier.add(o);
    }
    earlier.sort(BY_TIME);
    List<Observation> merged = new ArrayList<>(earlier);
    merged.addAll(msg);
    merged.sort(BY_TIME);
    this.patient = patient;
    this.message = msg;
    this.history = Collections.unmodifiableList(earlier);
    this.config = config;
    this.at = latest;
    this.all = Collections.unmodifiableList(merged);
  }

  private TriageInput(
      PatientContext patient,
      List<Observation> msg,
      TriageConfig config,
      Instant at,
      List<Observation> history,
      List<Observation> all) {
    this.patient = patient;
    this.message = msg;
    this.history = history;
    this.config = config;
    this.at = at;
    this.all = all;
  }

  /**
   * The same input as the constructor gives, read in place from a window instead of copied: a batch
   * triages each message against the patient's 90 days, and copying and sorting them per message
   * was a large part of triage (issue 15).
   *
   * @param byTime the patient's readings in order of measurement time (ties in any order, kept),
   *     holding the message's own readings, if at all, at their own measurement times
   */
  public static TriageInput inWindow(
      PatientContext patient,
      List<Observation> message,
      List<Observation> byTime,
      TriageConfig config) {
    List<Observation> msg = List.copyOf(message);
    Instant latest = latest(msg);
    List<Observation> upToMessage = byTime.subList(0, ByTime.firstAfter(byTime, latest));
    List<Observation> history =
        Collections.unmodifiableList(
            SkippingView.without(upToMessage, storedCopies(upToMessage, msg)));
    // As a stable sort of history then message: the history up to the message's first reading as
    // it is, then the few readings from there on with the message's, sorted.
    int cut = ByTime.firstAfter(history, earliest(msg));
    List<Observation> rest = new ArrayList<>(history.subList(cut, history.size()));
    rest.addAll(msg);
    rest.sort(BY_TIME);
    List<Observation> all = new Joined(history.subList(0, cut), rest);
    return new TriageInput(patient, msg, config, latest, history, all);
  }

  /** Ascending indexes in {@code byTime} of the message's stored readings, found at their times. */
  private static int[] storedCopies(List<Observation> byTime, List<Observation> msg) {
    BitSet found = new BitSet();
    for (Observation m : msg) {
      for (int i = ByTime.firstAtOrAfter(byTime, m.measuredAt());
          i < byTime.size() && byTime.get(i).measuredAt().equals(m.measuredAt());
          i++) {
        if (partOf(byTime.get(i), msg)) found.set(i);
      }
    }
    return found.stream().toArray();
  }

  private static Instant earliest(List<Observation> msg) {
    Instant earliest = msg.get(0).measuredAt();
    for (Observation m : msg) {
      if (m.measuredAt().isBefore(earliest)) earliest = m.measuredAt();
    }
    return earliest;
  }

  private static Instant latest(List<Observation> msg) {
    Instant latest = null;
    for (Observation m : msg) {
      if (latest == null || m.measuredAt().isAfter(latest)) latest = m.measuredAt();
    }
    if (latest == null) throw new IllegalArgumentException("empty message");
    return latest;
  }

  /** The same reading of the same message (a stored copy of a value being triaged). */
  private static boolean partOf(Observation o, List<Observation> msg) {
    if (o.ref() == null) return false;
    for (Observation m : msg) {
      if (o.ref().equals(m.ref()) && o.type() == m.type()) return true;
    }
    return false;
  }

  public PatientContext patient() {
    return patient;
  }

  public List<Observation> message() {
    return message;
  }

  /** The patient's other readings measured at or before {@link #at()}, by measurement time. */
  public List<Observation> history() {
    return history;
  }

  public TriageConfig config() {
    return config;
  }

  /** Measurement time of the message (event time). */
  public Instant at() {
    return at;
  }

  /** History plus the message, ordered by measurement time. */
  public List<Observation> all() {
    return all;
  }

  /**
   * The part of {@link #history()} measured at or after {@code from}: a view, found by binary
   * search, so a rule that looks back days does not walk the whole 90-day window per message.
   */
  public List<Observation> historySince(Instant from) {
    return history.subList(ByTime.firstAtOrAfter(history, from), history.size());
  }

  /**
   * The part of {@link #all()} measured at or after {@code from} (a view, as {@link
   * #historySince}).
   */
  public List<Observation> allSince(Instant from) {
    return all.subList(ByTime.firstAtOrAfter(all, from), all.size());
  }

  /**
   * The patient's personal baseline of {@code type} at this message ({@link Baseline#of}), worked
   * out once per message however many rules read it.
   */
  public Optional<Baseline> baseline(MeasurementType type) {
    return baselines.computeIfAbsent(
        type, t -> Baseline.ofByTime(t, history, at, patient.alertEpisodes()));
  }

  public Optional<Observation> inMessage(MeasurementType type) {
    return message.stream().filter(o -> o.type() == type).findFirst();
  }

  /**
   * The limit that applies: the patient's own when personal limits are on, else the group default.
   */
  public Optional<PatientLimit> limit(String code) {
    if (config.personalLimits()) {
      Optional<PatientLimit> own = patient.limit(code);
      if (own.isPresent()) return own;
    }
    return GroupDefaults.forCondition(patient.condition(), Instant.EPOCH).stream()
        .filter(l -> l.code().equals(code))
        .findFirst();
  }
}

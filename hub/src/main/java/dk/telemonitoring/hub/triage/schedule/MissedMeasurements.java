package dk.telemonitoring.hub.triage.schedule;

import dk.telemonitoring.hub.reading.MeasurementType;
import dk.telemonitoring.hub.triage.Explanation;
import dk.telemonitoring.hub.triage.TimeInterval;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Pure function over (schedule, measurement times, now): the patient is "not measuring" while the
 * most recent slot whose grace has passed holds no reading. The task reports how many slots in a
 * row were missed. A late upload that fills the slot makes the condition go away (readings are
 * matched on measurement time).
 */
public final class MissedMeasurements {

  private static final DateTimeFormatter WHEN_EN =
      DateTimeFormatter.ofPattern("d MMM HH:mm", Locale.UK);
  private static final DateTimeFormatter WHEN_DA =
      DateTimeFormatter.ofPattern("d. MMM 'kl.' HH.mm", Locale.forLanguageTag("da-DK"));

  private MissedMeasurements() {}

  /**
   * The missed slots ending the series of due slots (newest last); empty when the latest due slot
   * was measured.
   */
  public static List<Slot> trailingMissed(
      MeasurementSchedule schedule,
      Collection<Instant> measuredAt,
      Instant now,
      java.time.Duration lookback) {
    return trailingMissed(schedule, measuredAt, now, lookback, List.of());
  }

  /**
   * As above; a slot that overlaps a passive interval (admitted, on holiday) is not due and ends
   * the series like a measured one: after a discharge the series starts afresh, neither counting
   * the days in hospital as missed nor chaining on to slots missed before the admission.
   */
  public static List<Slot> trailingMissed(
      MeasurementSchedule schedule,
      Collection<Instant> measuredAt,
      Instant now,
      java.time.Duration lookback,
      Collection<TimeInterval> passive) {
    List<Slot> due =
        schedule.slots(now.minus(lookback), now).stream()
            .filter(s -> !s.end().plus(schedule.grace()).isAfter(now))
            .toList();
    List<Slot> missed = new ArrayList<>();
    for (int i = due.size() - 1; i >= 0; i--) {
      Slot s = due.get(i);
      if (measuredAt.stream().anyMatch(s::contains)) break;
      if (passive.stream().anyMatch(p -> overlaps(p, s))) break;
      missed.add(0, s);
    }
    return missed;
  }

  public static Optional<NurseTask> task(
      UUID patientId, MeasurementSchedule schedule, Collection<Instant> measuredAt, Instant now) {
    return task(patientId, schedule, measuredAt, now, List.of());
  }

  /** The task, with slots in {@code passive} intervals not due. */
  public static Optional<NurseTask> task(
      UUID patientId,
      MeasurementSchedule schedule,
      Collection<Instant> measuredAt,
      Instant now,
      Collection<TimeInterval> passive) {
    List<Slot> missed =
        trailingMissed(schedule, measuredAt, now, java.time.Duration.ofDays(14), passive);
    if (missed.isEmpty()) return Optional.empty();
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("code", schedule.code());
    details.put("missedSlots", missed.size());
    details.put("firstMissedFrom", missed.get(0).start().toString());
    details.put("lastMissedUntil", missed.get(missed.size() - 1).end().toString());
    return Optional.of(
        new NurseTask(
            patientId,
            NurseTask.Kind.MISSED_MEASUREMENT,
            missed.get(0).start(),
            details,
            text(schedule, missed.size(), missed.get(0).start())));
  }

  /**
   * What the nurse reads: the measurement by its name, the count, and since when in the clinic's
   * time, e.g. "2 planlagte målinger af iltmætning mangler i træk, siden 5. dec. kl. 12.00".
   */
  static Explanation text(MeasurementSchedule schedule, int missed, Instant since) {
    Optional<MeasurementType> type = MeasurementType.byCode(schedule.code());
    String en = type.map(t -> lowerFirst(t.displayEn())).orElse(schedule.code());
    String da = type.map(t -> lowerFirst(t.displayDa())).orElse(schedule.code());
    var at = since.atZone(schedule.zone());
    return new Explanation(
        missed == 1
            ? "1 scheduled " + en + " measurement missed, since " + WHEN_EN.format(at) + "."
            : missed
                + " scheduled "
                + en
                + " measurements missed in a row, since "
                + WHEN_EN.format(at)
                + ".",
        missed == 1
            ? "1 planlagt måling af " + da + " mangler, siden " + WHEN_DA.format(at) + "."
            : missed
                + " planlagte målinger af "
                + da
                + " mangler i træk, siden "
                + WHEN_DA.format(at)
                + ".");
  }

  /** "Iltmætning" becomes "iltmætning" inside a sentence; "CAT-score" stays as it is. */
  private static String lowerFirst(String name) {
    return name.length() > 1 && Character.isLowerCase(name.charAt(1))
        ? Character.toLowerCase(name.charAt(0)) + name.substring(1)
        : name;
  }

  private static boolean overlaps(TimeInterval p, Slot s) {
    return p.from().isBefore(s.end()) && (p.to() == null || p.to().isAfter(s.start()));
  }
}

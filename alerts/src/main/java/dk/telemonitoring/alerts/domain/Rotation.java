package dk.telemonitoring.alerts.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A rotation of people through one role, in the clinic's local time. A new shift starts at each
 * handover time on every {@code rotationDays}-th day counted from {@code anchorDate}; people take
 * shifts in list order, starting with the first person at the first handover of the anchor date.
 * Handovers are wall-clock times in {@code zone}, so a 08:00 handover stays at 08:00 across
 * daylight-saving changes (the shift around the change is 23 or 25 hours long). A rotation applies
 * from its anchor date while no rotation of the same role that takes precedence ({@link #precedes})
 * applies, and, when it has a {@code lastDate}, until its first handover time on the day after that
 * date (the last day's shifts are worked to their end). So a rota for the holidays, with a last
 * date, stands in for the ordinary one, which applies again when it ends.
 *
 * @param handoverTimes sorted local times of day, e.g. [08:00] for a daily doctor, [07:00, 15:00,
 *     23:00] for nurses
 */
public record Rotation(
    long id,
    String clinicId,
    OnCallRole role,
    ZoneId zone,
    LocalDate anchorDate,
    LocalDate lastDate,
    int rotationDays,
    List<LocalTime> handoverTimes,
    List<String> personIds) {

  public Rotation {
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(anchorDate, "anchorDate");
    if (lastDate != null && lastDate.isBefore(anchorDate)) {
      throw new IllegalArgumentException("a rotation's last day cannot come before its first");
    }
    handoverTimes = handoverTimes.stream().sorted().distinct().toList();
    personIds = List.copyOf(personIds);
    if (rotationDays < 1) {
      throw new IllegalArgumentException("rotationDays must be at least 1");
    }
    if (handoverTimes.isEmpty() || personIds.isEmpty()) {
      throw new IllegalArgumentException("a rotation needs handover times and people");
    }
  }

  /** A rotation without a last day: it applies until one that takes precedence starts. */
  public Rotation(
      long id,
      String clinicId,
      OnCallRole role,
      ZoneId zone,
      LocalDate anchorDate,
      int rotationDays,
      List<LocalTime> handoverTimes,
      List<String> personIds) {
    this(id, clinicId, role, zone, anchorDate, null, rotationDays, handoverTimes, personIds);
  }

  /** Its first shift's start: the first handover time of the anchor date. */
  public Instant start() {
    return ZonedDateTime.of(anchorDate, handoverTimes.get(0), zone).toInstant();
  }

  /**
   * When it stops applying: the first handover time of the day after its last date, if it has one.
   */
  public Optional<Instant> end() {
    return Optional.ofNullable(lastDate)
        .map(d -> ZonedDateTime.of(d.plusDays(1), handoverTimes.get(0), zone).toInstant());
  }

  /** The same rotation with another last day (null: none); validated as a new one. */
  public Rotation withLastDate(LocalDate last) {
    return new Rotation(
        id, clinicId, role, zone, anchorDate, last, rotationDays, handoverTimes, personIds);
  }

  /** Whether it has stopped applying by {@code now}: its last day's shifts are over. */
  public boolean endedBy(Instant now) {
    return end().map(e -> !e.isAfter(now)).orElse(false);
  }

  /** Whether it applies at {@code t}, other rotations aside. */
  public boolean covers(Instant t) {
    return !start().isAfter(t) && end().map(t::isBefore).orElse(true);
  }

  /**
   * Whether this rotation wins over {@code other} where both apply: the later anchor date, and of
   * two on one date the newer.
   */
  public boolean precedes(Rotation other) {
    int byDate = anchorDate.compareTo(other.anchorDate);
    return byDate > 0 || (byDate == 0 && id > other.id);
  }
}

package dk.telemonitoring.alerts.domain;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;

/**
 * A rotation of people through one role, in the clinic's local time. A new shift starts at each
 * handover time on every {@code rotationDays}-th day counted from {@code anchorDate}; people take
 * shifts in list order, starting with the first person at the first handover of the anchor date.
 * Handovers are wall-clock times in {@code zone}, so a 08:00 handover stays at 08:00 across
 * daylight-saving changes (the shift around the change is 23 or 25 hours long). A rotation applies
 * from its anchor date until a rotation for the same role with a later anchor date starts.
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
    int rotationDays,
    List<LocalTime> handoverTimes,
    List<String> personIds) {

  public Rotation {
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(anchorDate, "anchorDate");
    handoverTimes = handoverTimes.stream().sorted().distinct().toList();
    personIds = List.copyOf(personIds);
    if (rotationDays < 1) {
      throw new IllegalArgumentException("rotationDays must be at least 1");
    }
    if (handoverTimes.isEmpty() || personIds.isEmpty()) {
      throw new IllegalArgumentException("a rotation needs handover times and people");
    }
  }
}

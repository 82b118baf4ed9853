package dk.telemonitoring.hub.triage.schedule;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * How often a measurement is due, as windows in the patient's local time (Europe/Copenhagen by
 * default). Windows are built from local dates and times through {@link java.time.ZonedDateTime},
 * so a day is 23 or 25 hours long on the DST change days and no slot is lost or doubled.
 *
 * <p>Programmes (docs/clinical-reference.md#schedules): twice daily for the first 14 days, then
 * twice weekly (Danish national COPD telemedicine); daily weight for heart failure. Window
 * boundaries (judgement): twice daily = 00:00-13:00 and 13:00-24:00; twice weekly =
 * Monday-Wednesday and Thursday-Sunday.
 */
public enum Cadence {
  TWICE_DAILY,
  DAILY,
  TWICE_WEEKLY,
  WEEKLY;

  private static final LocalTime MIDDAY_SPLIT = LocalTime.of(13, 0);

  /** Windows whose local start date lies in [from, to]. */
  public List<Slot> windows(LocalDate from, LocalDate to, ZoneId zone) {
    List<Slot> out = new ArrayList<>();
    for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
      switch (this) {
        case TWICE_DAILY -> {
          out.add(
              new Slot(
                  d.atStartOfDay(zone).toInstant(),
                  d.atTime(MIDDAY_SPLIT).atZone(zone).toInstant()));
          out.add(
              new Slot(
                  d.atTime(MIDDAY_SPLIT).atZone(zone).toInstant(),
                  d.plusDays(1).atStartOfDay(zone).toInstant()));
        }
        case DAILY ->
            out.add(
                new Slot(
                    d.atStartOfDay(zone).toInstant(),
                    d.plusDays(1).atStartOfDay(zone).toInstant()));
        case TWICE_WEEKLY -> {
          if (d.getDayOfWeek() == DayOfWeek.MONDAY) {
            out.add(
                new Slot(
                    d.atStartOfDay(zone).toInstant(),
                    d.plusDays(3).atStartOfDay(zone).toInstant()));
          } else if (d.getDayOfWeek() == DayOfWeek.THURSDAY) {
            out.add(
                new Slot(
                    d.atStartOfDay(zone).toInstant(),
                    d.plusDays(4).atStartOfDay(zone).toInstant()));
          }
        }
        case WEEKLY -> {
          if (d.getDayOfWeek() == DayOfWeek.MONDAY) {
            out.add(
                new Slot(
                    d.atStartOfDay(zone).toInstant(),
                    d.plusDays(7).atStartOfDay(zone).toInstant()));
          }
        }
      }
    }
    return out;
  }
}

package dk.telemonitoring.hub.triage.schedule;

import dk.telemonitoring.hub.triage.Condition;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * A patient's measurement schedule for one measurement code: phases counted in days from the start
 * date (the day of enrolment, local time), each with a cadence, and the grace time after a window's
 * end before the slot counts as missed.
 */
public record MeasurementSchedule(
    String code, LocalDate startDate, List<Phase> phases, Duration grace, ZoneId zone) {

  public static final ZoneId COPENHAGEN = ZoneId.of("Europe/Copenhagen");
  public static final Duration DEFAULT_GRACE = Duration.ofHours(2);

  /** Days [fromDay, untilDay) after the start date; {@code untilDay == null} means open-ended. */
  public record Phase(int fromDay, Integer untilDay, Cadence cadence) {}

  public MeasurementSchedule {
    phases = List.copyOf(phases);
  }

  /**
   * The programme defaults (docs/clinical-reference.md#schedules): lung patients SpO2 twice daily
   * for 14 days then twice weekly (Danish national COPD telemedicine); heart failure daily weight.
   */
  public static List<MeasurementSchedule> defaultsFor(Condition condition, LocalDate start) {
    return switch (condition) {
      case COPD, FIBROSIS, AATD ->
          List.of(
              new MeasurementSchedule(
                  "spo2",
                  start,
                  List.of(
                      new Phase(0, 14, Cadence.TWICE_DAILY),
                      new Phase(14, null, Cadence.TWICE_WEEKLY)),
                  DEFAULT_GRACE,
                  COPENHAGEN));
      case HEART_FAILURE ->
          List.of(
              new MeasurementSchedule(
                  "weight",
                  start,
                  List.of(new Phase(0, null, Cadence.DAILY)),
                  DEFAULT_GRACE,
                  COPENHAGEN));
    };
  }

  /** Slots whose window ends after {@code from} and starts before {@code to}, in order. */
  public List<Slot> slots(Instant from, Instant to) {
    List<Slot> out = new ArrayList<>();
    LocalDate first = from.atZone(zone).toLocalDate().minusDays(7);
    LocalDate last = to.atZone(zone).toLocalDate();
    for (Phase p : phases) {
      LocalDate pFrom = startDate.plusDays(p.fromDay());
      LocalDate pTo = p.untilDay() == null ? last : startDate.plusDays(p.untilDay()).minusDays(1);
      LocalDate a = first.isAfter(pFrom) ? first : pFrom;
      LocalDate b = last.isBefore(pTo) ? last : pTo;
      if (a.isAfter(b)) continue;
      for (Slot s : p.cadence().windows(a, b, zone)) {
        // a weekly window may run past the phase end; clip it there
        Instant phaseEnd =
            p.untilDay() == null
                ? null
                : startDate.plusDays(p.untilDay()).atStartOfDay(zone).toInstant();
        Slot clipped =
            phaseEnd != null && s.end().isAfter(phaseEnd) ? new Slot(s.start(), phaseEnd) : s;
        if (clipped.end().isAfter(from) && clipped.start().isBefore(to)) out.add(clipped);
      }
    }
    out.sort(java.util.Comparator.comparing(Slot::start));
    return out;
  }
}

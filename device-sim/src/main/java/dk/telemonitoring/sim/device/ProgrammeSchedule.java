package dk.telemonitoring.sim.device;

import dk.telemonitoring.sim.patient.Condition;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;

/**
 * When a programme asks a patient to measure (docs/clinical-reference.md#schedules): respiratory
 * patients twice daily for the first {@code intensiveDays}, then twice weekly (Monday and Thursday
 * mornings, as in the Danish national COPD programme); heart-failure patients weigh themselves and
 * take their blood pressure every morning and use the oximeter twice weekly. Times are nominal;
 * patients drift around them.
 */
public final class ProgrammeSchedule {
  static final LocalTime MORNING = LocalTime.of(8, 0);
  static final LocalTime EVENING = LocalTime.of(19, 0);
  static final LocalTime WEIGH_IN = LocalTime.of(7, 30);

  private final Condition condition;
  private final int intensiveDays;

  public ProgrammeSchedule(Condition condition, int intensiveDays) {
    this.condition = condition;
    this.intensiveDays = intensiveDays;
  }

  /**
   * Nominal local times at which the given device is due on day {@code dayIndex} (0 = enrolment
   * day).
   */
  public List<LocalTime> slots(DeviceKind device, int dayIndex, LocalDate date) {
    boolean twiceWeeklyDay =
        date.getDayOfWeek() == DayOfWeek.MONDAY || date.getDayOfWeek() == DayOfWeek.THURSDAY;
    if (condition == Condition.HEART_FAILURE) {
      return switch (device) {
        case SCALE, BP_CUFF -> List.of(WEIGH_IN);
        case OXIMETER, TABLET -> twiceWeeklyDay ? List.of(MORNING) : List.of();
        default -> List.of();
      };
    }
    boolean intensive = dayIndex < intensiveDays;
    return switch (device) {
      case OXIMETER, SPIROMETER, TABLET ->
          intensive ? List.of(MORNING, EVENING) : twiceWeeklyDay ? List.of(MORNING) : List.of();
      case THERMOMETER -> intensive || twiceWeeklyDay ? List.of(MORNING) : List.of();
      default -> List.of();
    };
  }
}

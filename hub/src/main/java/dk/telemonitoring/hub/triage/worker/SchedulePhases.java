package dk.telemonitoring.hub.triage.worker;

import dk.telemonitoring.hub.triage.schedule.Cadence;
import dk.telemonitoring.hub.triage.schedule.MeasurementSchedule.Phase;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The text form of schedule phases in {@code patient_schedules.phases}:
 * "TWICE_DAILY:0-14,TWICE_WEEKLY:14-".
 */
public final class SchedulePhases {

  private SchedulePhases() {}

  public static String format(List<Phase> phases) {
    return phases.stream()
        .map(
            p -> p.cadence() + ":" + p.fromDay() + "-" + (p.untilDay() == null ? "" : p.untilDay()))
        .collect(Collectors.joining(","));
  }

  public static List<Phase> parse(String text) {
    List<Phase> out = new ArrayList<>();
    for (String part : text.split(",")) {
      String[] kv = part.trim().split(":");
      String[] range = kv[1].split("-", -1);
      out.add(
          new Phase(
              Integer.parseInt(range[0]),
              range[1].isEmpty() ? null : Integer.parseInt(range[1]),
              Cadence.valueOf(kv[0])));
    }
    return out;
  }
}

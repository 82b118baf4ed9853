package dk.telemonitoring.hub.api;

import dk.telemonitoring.hub.store.PatientScheduleStore;
import dk.telemonitoring.hub.store.PatientScheduleStore.Scheduled;
import dk.telemonitoring.hub.triage.schedule.MeasurementSchedule;
import dk.telemonitoring.hub.triage.schedule.Slot;
import dk.telemonitoring.hub.triage.worker.SchedulePhases;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Who measures as scheduled: per patient, the scheduled slots that fell due in a period (window
 * wholly inside it and its grace passed, the same slots the missed-measurement scanner judges) and
 * how many of them hold a spot check of the scheduled code (a wearable's continuous samples do not
 * count). Slots while the patient was passive (admitted, on holiday) are not due: nobody measures
 * in a hospital bed; nor are slots that began before enrolment or end after its end: the schedule
 * runs between them.
 */
final class ScheduleAdherence {

  /** Slots due and slots measured for one patient. */
  record Counts(long due, long met) {
    static final Counts NONE = new Counts(0, 0);

    Counts plus(Counts o) {
      return new Counts(due + o.due, met + o.met);
    }

    /** Share of due slots measured, or null with none due. */
    Double share() {
      return due == 0 ? null : met / (double) due;
    }
  }

  private final PatientScheduleStore schedules;

  ScheduleAdherence(Pool pool) {
    this.schedules = new PatientScheduleStore(pool);
  }

  Future<Map<UUID, Counts>> perPatient(String clinic, Instant from, Instant to) {
    return schedules
        .ofClinic(clinic, to)
        .compose(
            scheduled -> {
              List<UUID> patients = new ArrayList<>();
              List<String> codes = new ArrayList<>();
              List<OffsetDateTime> starts = new ArrayList<>();
              List<OffsetDateTime> ends = new ArrayList<>();
              for (Scheduled r : scheduled) {
                MeasurementSchedule schedule =
                    new MeasurementSchedule(
                        r.code(),
                        r.startDate(),
                        SchedulePhases.parse(r.phases()),
                        Duration.ofMinutes(r.graceMinutes()),
                        ZoneId.of(r.zone()));
                for (Slot s : schedule.slots(from, to)) {
                  if (!s.start().isBefore(from) && !s.end().plus(schedule.grace()).isAfter(to)) {
                    patients.add(r.patientId());
                    codes.add(schedule.code());
                    starts.add(s.start().atOffset(ZoneOffset.UTC));
                    ends.add(s.end().atOffset(ZoneOffset.UTC));
                  }
                }
              }
              if (patients.isEmpty()) {
                return Future.succeededFuture(Map.<UUID, Counts>of());
              }
              return schedules
                  .slotCounts(
                      patients.toArray(UUID[]::new),
                      codes.toArray(String[]::new),
                      starts.toArray(OffsetDateTime[]::new),
                      ends.toArray(OffsetDateTime[]::new))
                  .map(
                      counts -> {
                        Map<UUID, Counts> out = new HashMap<>();
                        counts.forEach((p, c) -> out.put(p, new Counts(c.due(), c.met())));
                        return out;
                      });
            });
  }
}

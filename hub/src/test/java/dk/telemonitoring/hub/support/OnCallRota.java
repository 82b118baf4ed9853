package dk.telemonitoring.hub.support;

import dk.telemonitoring.alerts.domain.Contact;
import dk.telemonitoring.alerts.domain.OnCallRole;
import dk.telemonitoring.alerts.domain.Rotation;
import dk.telemonitoring.alerts.store.ScheduleStore;
import io.vertx.sqlclient.Pool;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;

/**
 * A clinic's on-call doctor and nurse on duty now: one-person daily rotations handing over at
 * 08:00.
 */
public final class OnCallRota {

  private OnCallRota() {}

  public static void doctorAndNurse(Pool pool, Contact doctor, Contact nurse) {
    ScheduleStore schedules = new ScheduleStore();
    schedules.saveContact(pool, doctor).await();
    schedules.saveContact(pool, nurse).await();
    daily(schedules, pool, doctor, OnCallRole.ONCALL_DOCTOR);
    daily(schedules, pool, nurse, OnCallRole.NURSE_ON_DUTY);
  }

  private static void daily(ScheduleStore schedules, Pool pool, Contact person, OnCallRole role) {
    ZoneId cph = ZoneId.of("Europe/Copenhagen");
    LocalDate anchor = LocalDate.now(cph).minusDays(1);
    schedules
        .addRotation(
            pool,
            new Rotation(
                0,
                person.clinicId(),
                role,
                cph,
                anchor,
                1,
                List.of(LocalTime.of(8, 0)),
                List.of(person.personId())))
        .await();
  }
}

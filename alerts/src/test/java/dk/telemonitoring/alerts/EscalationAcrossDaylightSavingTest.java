package dk.telemonitoring.alerts;

import static dk.telemonitoring.alerts.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.alerts.domain.Level;
import dk.telemonitoring.alerts.escalation.EscalationEngine;
import dk.telemonitoring.alerts.store.NotificationStore;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The doctor paged is the one on call by the local 08:00 handover, across both daylight saving
 * changes, not by fixed 24-hour shifts.
 */
class EscalationAcrossDaylightSavingTest extends EscalationFixture {

  @Test
  void scheduleAcrossDaylightSavingChangesPagesTheDoctorOnCallByLocalHandover() {
    // 2026-03-29 (spring forward): 08:00 CEST = 06:00Z; dr-b's day (day 7). A fixed 24 h rotation
    // would hand
    // over at 07:00Z.
    assertThat(pagedDoctorAt("2026-03-29T05:50:00Z")).isEqualTo("dr-a");
    assertThat(pagedDoctorAt("2026-03-29T06:30:00Z")).isEqualTo("dr-b");
    // 2026-10-24 is still summer time (dr-a from 06:00Z); 2026-10-25 (fall back): 08:00 CET =
    // 07:00Z is dr-b.
    assertThat(pagedDoctorAt("2026-10-24T06:30:00Z")).isEqualTo("dr-a");
    assertThat(pagedDoctorAt("2026-10-25T06:30:00Z")).isEqualTo("dr-a");
    assertThat(pagedDoctorAt("2026-10-25T07:00:00Z")).isEqualTo("dr-b");
  }

  private String pagedDoctorAt(String instant) {
    MutableClock clock = new MutableClock(Instant.parse(instant));
    AlertService service = new AlertService(pool, CONFIG, clock);
    UUID id = raise(service, "dst", Level.CRITICAL, clock.instant());
    await(new EscalationEngine(pool, CONFIG, clock).runOnce());
    Set<String> paged =
        notifications(id).stream()
            .filter(n -> n.recipientRole().equals("ONCALL_DOCTOR"))
            .map(NotificationStore.Stored::personId)
            .collect(Collectors.toSet());
    assertThat(paged).hasSize(1);
    await(
        service.resolve(
            id, "test", dk.telemonitoring.alerts.domain.CareOutcome.NO_ACTION_NEEDED, null));
    return paged.iterator().next();
  }
}

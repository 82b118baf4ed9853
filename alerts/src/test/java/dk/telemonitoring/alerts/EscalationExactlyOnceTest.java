package dk.telemonitoring.alerts;

import static dk.telemonitoring.alerts.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.alerts.domain.AlertState;
import dk.telemonitoring.alerts.domain.Channel;
import dk.telemonitoring.alerts.domain.Level;
import dk.telemonitoring.alerts.escalation.EscalationEngine;
import dk.telemonitoring.alerts.store.NotificationStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Each escalation step fires exactly once: across an engine restarted between raise and escalation,
 * and with two engines on two Vert.x instances sharing one database.
 */
class EscalationExactlyOnceTest extends EscalationFixture {

  @Test
  void engineRestartedBetweenRaiseAndEscalationFiresTheDoctorPageExactlyOnce() {
    MutableClock clock = new MutableClock(Instant.parse("2026-06-01T12:00:00Z"));
    Vertx first = Vertx.vertx();
    Pool firstPool = db.pool(first, 2);
    AlertService service = new AlertService(firstPool, CONFIG, clock);
    UUID alertId = raise(service, "vios", Level.RED, clock.instant());
    await(new EscalationEngine(firstPool, CONFIG, clock).runOnce());
    await(first.close()); // the hub dies before the doctor step is due

    Vertx second = Vertx.vertx();
    try {
      Pool secondPool = db.pool(second, 2);
      EscalationEngine restarted = new EscalationEngine(secondPool, CONFIG, clock);
      clock.advance(Duration.ofSeconds(2));
      await(restarted.runOnce());
      await(restarted.runOnce());
      List<NotificationStore.Stored> doctorPages =
          notifications(alertId).stream()
              .filter(n -> n.recipientRole().equals("ONCALL_DOCTOR"))
              .toList();
      assertThat(doctorPages)
          .extracting(NotificationStore.Stored::channel)
          .containsExactlyInAnyOrder(Channel.EMAIL, Channel.WEBHOOK, Channel.IN_APP);
      // 2026-06-01 is day 71 of the rotation anchored on 2026-03-22: dr-b's day.
      assertThat(doctorPages).extracting(NotificationStore.Stored::personId).containsOnly("dr-b");
    } finally {
      await(second.close());
    }
  }

  @Test
  void twoEnginesOnTwoVertxInstancesFireEachEscalationExactlyOnce() {
    MutableClock clock = new MutableClock(Instant.parse("2026-06-02T12:00:00Z"));
    Vertx v1 = Vertx.vertx();
    Vertx v2 = Vertx.vertx();
    try {
      EscalationEngine e1 = new EscalationEngine(db.pool(v1, 3), CONFIG, clock);
      EscalationEngine e2 = new EscalationEngine(db.pool(v2, 3), CONFIG, clock);
      AlertService service = new AlertService(pool, CONFIG, clock);
      List<UUID> ids = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        ids.add(raise(service, "vios", Level.CRITICAL, clock.instant()));
      }
      int fired = 0;
      for (int round = 0; round < 5; round++) {
        Future<Integer> a = e1.runOnce();
        Future<Integer> b = e2.runOnce();
        await(Future.all(a, b));
        fired += a.result() + b.result();
      }
      assertThat(fired)
          .as("at least the first CRITICAL step of 30 alerts")
          .isGreaterThanOrEqualTo(30);
      for (UUID id : ids) {
        Map<String, Long> perTarget =
            notifications(id).stream()
                .collect(
                    Collectors.groupingBy(
                        n -> n.personId() + ":" + n.channel(), Collectors.counting()));
        assertThat(perTarget)
            .containsOnlyKeys("dr-a:EMAIL", "dr-a:WEBHOOK", "dr-a:IN_APP", "nurse-1:IN_APP");
        assertThat(perTarget.values()).containsOnly(1L);
        assertThat(await(service.get(id)).state()).isEqualTo(AlertState.ESCALATED);
        assertThat(await(service.history(id)))
            .filteredOn(t -> t.actorId().equals(AlertService.ENGINE_ACTOR))
            .hasSize(1);
      }
    } finally {
      await(v1.close());
      await(v2.close());
    }
  }
}

package dk.telemonitoring.alerts;

import static dk.telemonitoring.alerts.Await.await;
import static dk.telemonitoring.alerts.Await.failure;
import static org.assertj.core.api.Assertions.assertThat;

import dk.telemonitoring.alerts.domain.Advice;
import dk.telemonitoring.alerts.domain.AdviceInstruction;
import dk.telemonitoring.alerts.domain.Alert;
import dk.telemonitoring.alerts.domain.AlertAction;
import dk.telemonitoring.alerts.domain.AlertChange;
import dk.telemonitoring.alerts.domain.AlertConflictException;
import dk.telemonitoring.alerts.domain.AlertSignal;
import dk.telemonitoring.alerts.domain.AlertState;
import dk.telemonitoring.alerts.domain.AlertTransition;
import dk.telemonitoring.alerts.domain.CareOutcome;
import dk.telemonitoring.alerts.domain.IllegalTransitionException;
import dk.telemonitoring.alerts.domain.Level;
import dk.telemonitoring.alerts.domain.QueueEntry;
import io.vertx.core.Future;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

@ExtendWith(VertxExtension.class)
@Timeout(120)
class AlertLifecycleTest {

  @RegisterExtension static final ClassDatabase db = new ClassDatabase();
  private static Pool pool;
  private static Pool otherPool;
  private static AlertService service;
  private static final MutableClock clock = new MutableClock(Instant.parse("2026-02-02T10:00:00Z"));

  @BeforeAll
  static void setUp() throws Exception {
    pool = db.pool(4);
    otherPool = db.pool(4);
    service = new AlertService(pool, AlertsConfig.defaults(), clock);
  }

  private static AlertSignal signal(UUID patient, String rule, Level level) {
    return new AlertSignal(
        "vios", patient, rule, level, rule + " at " + level, clock.instant(), "reading-1");
  }

  private static AlertChange raise(Pool p, AlertSignal s) {
    return await(p.withTransaction(tx -> service.raise(tx, s)));
  }

  @Test
  void worseReadingRaisesTheOpenAlertInsteadOfOpeningASecond() {
    UUID patient = UUID.randomUUID();
    AlertChange first = raise(pool, signal(patient, "spo2-drop", Level.YELLOW));
    AlertChange same = raise(pool, signal(patient, "spo2-drop", Level.YELLOW));
    AlertChange worse = raise(pool, signal(patient, "spo2-drop", Level.RED));
    assertThat(first.kind()).isEqualTo(AlertChange.Kind.OPENED);
    assertThat(same.kind()).isEqualTo(AlertChange.Kind.UPDATED);
    assertThat(same.alertId()).isEqualTo(first.alertId());
    assertThat(worse.kind()).isEqualTo(AlertChange.Kind.RAISED);
    assertThat(worse.alertId()).isEqualTo(first.alertId());
    assertThat(worse.previousLevel()).isEqualTo(Level.YELLOW);
    assertThat(await(service.get(first.alertId())).level()).isEqualTo(Level.RED);
  }

  @Test
  void twoHubInstancesRaisingAtOnceOpenOneEpisode() {
    UUID patient = UUID.randomUUID();
    List<Future<AlertChange>> all = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      Pool p = i % 2 == 0 ? pool : otherPool;
      AlertSignal s = signal(patient, "pulse-rise", i == 7 ? Level.CRITICAL : Level.YELLOW);
      all.add(p.withTransaction(tx -> service.raise(tx, s)));
    }
    await(Future.all(all));
    assertThat(all.stream().map(f -> f.result().alertId()).distinct()).hasSize(1);
    assertThat(all.stream().filter(f -> f.result().kind() == AlertChange.Kind.OPENED)).hasSize(1);
    assertThat(await(service.get(all.get(0).result().alertId())).level()).isEqualTo(Level.CRITICAL);
  }

  @Test
  void illegalTransitionIsRejectedWithADomainException() {
    UUID id = raise(pool, signal(UUID.randomUUID(), "weight-gain", Level.RED)).alertId();
    await(service.acknowledge(id, "nurse-1", "calling the patient"));
    Throwable again = failure(service.acknowledge(id, "nurse-2", null));
    assertThat(again)
        .isInstanceOf(IllegalTransitionException.class)
        .hasMessageContaining("already acknowledged");
    await(service.resolve(id, "nurse-1", CareOutcome.ADVICE_BY_PHONE, "diuretic advice"));
    assertThat(failure(service.escalate(id, "nurse-1", null)))
        .isInstanceOf(IllegalTransitionException.class);
    assertThat(failure(service.discharge(id, LocalDate.of(2026, 2, 5), "nurse-1")))
        .isInstanceOf(IllegalTransitionException.class)
        .hasMessageContaining("admission");
  }

  @Test
  void aDoctorsAdviceIsKeptWithTheAlertNewestFirstOnTheBoardAndNotOnAResolvedAlert() {
    UUID id = raise(pool, signal(UUID.randomUUID(), "spo2-low", Level.RED)).alertId();
    Throwable noText =
        failure(service.advise(id, "dr-1", "Dr One", AdviceInstruction.START_RESCUE_PACK, " "));
    assertThat(noText).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rescue");
    assertThat(
            failure(
                service.advise(
                    id, "dr-1", "Dr One", AdviceInstruction.NO_ACTION, "x".repeat(1001))))
        .isInstanceOf(IllegalArgumentException.class);
    await(service.advise(id, "dr-1", "Dr One", AdviceInstruction.CALL_PATIENT_TODAY, null));
    clock.advance(Duration.ofMinutes(5));
    Advice second =
        await(
            service.advise(
                id,
                "dr-1",
                "Dr One",
                AdviceInstruction.START_RESCUE_PACK,
                " prednisolon 37,5 mg x 5 dage "));
    assertThat(second.note()).isEqualTo("prednisolon 37,5 mg x 5 dage");
    assertThat(await(service.latestAdvice(List.of(id))).get(id).instruction())
        .isEqualTo(AdviceInstruction.START_RESCUE_PACK);
    assertThat(await(service.advice(id)))
        .extracting(Advice::instruction)
        .containsExactly(AdviceInstruction.CALL_PATIENT_TODAY, AdviceInstruction.START_RESCUE_PACK);
    List<AlertTransition> history = await(service.history(id));
    assertThat(history)
        .extracting(AlertTransition::action)
        .as("the first advice acknowledges the alert in the doctor's name")
        .containsExactly(
            AlertAction.OPEN, AlertAction.ACKNOWLEDGE, AlertAction.ADVISE, AlertAction.ADVISE);
    assertThat(history.get(1).actorId()).isEqualTo("dr-1");
    Alert advised = await(service.get(id));
    assertThat(advised.state()).isEqualTo(AlertState.ACKNOWLEDGED);
    assertThat(advised.acknowledgedBy()).isEqualTo("dr-1");
    await(service.resolve(id, "nurse-1", CareOutcome.ADVICE_BY_PHONE, null));
    assertThat(failure(service.advise(id, "dr-1", "Dr One", AdviceInstruction.NO_ACTION, null)))
        .isInstanceOf(IllegalTransitionException.class);
  }

  @Test
  void historyRecordsEveryTransitionWithWhoWhenAndNote() {
    UUID id = raise(pool, signal(UUID.randomUUID(), "fev1-low", Level.RED)).alertId();
    await(service.acknowledge(id, "nurse-1", "will call"));
    await(service.addNote(id, "nurse-1", "no answer, trying again"));
    await(service.resolve(id, "dr-a", CareOutcome.HOSPITAL_ADMISSION, "admitted to Hvidovre"));
    await(service.discharge(id, LocalDate.of(2026, 2, 6), "dr-a"));
    await(service.reopen(id, "dr-a", "readmitted?"));
    List<AlertTransition> history = await(service.history(id));
    assertThat(history)
        .extracting(AlertTransition::action)
        .containsExactly(
            AlertAction.OPEN,
            AlertAction.ACKNOWLEDGE,
            AlertAction.NOTE,
            AlertAction.RESOLVE,
            AlertAction.DISCHARGE,
            AlertAction.REOPEN);
    assertThat(history)
        .extracting(AlertTransition::actorId)
        .containsExactly("system", "nurse-1", "nurse-1", "dr-a", "dr-a", "dr-a");
    assertThat(history.get(3).note()).contains("HOSPITAL_ADMISSION").contains("Hvidovre");
    assertThat(history.get(5).toState()).isEqualTo(AlertState.OPEN);
    assertThat(history).allSatisfy(t -> assertThat(t.at()).isNotNull());
  }

  @Test
  void reopeningWhileANewEpisodeIsOpenIsAConflict() {
    UUID patient = UUID.randomUUID();
    UUID old = raise(pool, signal(patient, "temp-high", Level.YELLOW)).alertId();
    await(service.resolve(old, "nurse-1", CareOutcome.NO_ACTION_NEEDED, null));
    UUID fresh = raise(pool, signal(patient, "temp-high", Level.YELLOW)).alertId();
    assertThat(fresh).isNotEqualTo(old);
    assertThat(failure(service.reopen(old, "nurse-1", null)))
        .isInstanceOf(AlertConflictException.class);
  }

  @Test
  void contactRequestEntersTheQueueAsRedWithItsDeadlineAheadOfYellow() {
    UUID calm = UUID.randomUUID();
    UUID worried = UUID.randomUUID();
    raise(
        pool,
        new AlertSignal(
            "queue-clinic", calm, "cat-rise", Level.YELLOW, "CAT up 4", clock.instant(), null));
    AlertChange contact =
        await(
            pool.withTransaction(
                tx ->
                    service.contactRequest(
                        tx, "queue-clinic", worried, "I am more breathless than usual")));
    AlertChange second =
        await(
            pool.withTransaction(
                tx -> service.contactRequest(tx, "queue-clinic", worried, "please call")));
    assertThat(second.alertId()).isEqualTo(contact.alertId());
    List<QueueEntry> queue = await(service.openAlerts(List.of("queue-clinic")));
    assertThat(queue).extracting(e -> e.alert().patientId()).containsExactly(worried, calm);
    Alert request = queue.get(0).alert();
    assertThat(request.level()).isEqualTo(Level.RED);
    assertThat(request.ruleId()).isEqualTo(AlertService.CONTACT_REQUEST_RULE);
    assertThat(queue.get(0).untilDeadline()).isEqualTo(Duration.ofHours(1));
    assertThat(await(service.history(contact.alertId())))
        .extracting(AlertTransition::note)
        .anyMatch(n -> n.contains("please call"));
  }

  @Test
  void clearedConditionResolvesUntouchedYellowButKeepsRedForAPerson() {
    UUID calm = UUID.randomUUID();
    UUID yellow = raise(pool, signal(calm, "pef-low", Level.YELLOW)).alertId();
    UUID worse = UUID.randomUUID();
    UUID red = raise(pool, signal(worse, "spo2-low", Level.RED)).alertId();
    AlertChange y =
        await(pool.withTransaction(tx -> service.clear(tx, calm, "pef-low", clock.instant())));
    AlertChange r =
        await(pool.withTransaction(tx -> service.clear(tx, worse, "spo2-low", clock.instant())));
    assertThat(y.kind()).isEqualTo(AlertChange.Kind.AUTO_RESOLVED);
    assertThat(r.kind()).isEqualTo(AlertChange.Kind.CLEARED);
    assertThat(await(service.get(yellow)).state()).isEqualTo(AlertState.RESOLVED);
    assertThat(await(service.get(red)).state()).isEqualTo(AlertState.OPEN);
  }

  @Test
  void snoozeIsRefusedForCriticalAndAcknowledgeAllGreenTakesOnlyGreen() {
    UUID p1 = UUID.randomUUID();
    UUID p2 = UUID.randomUUID();
    UUID critical = raise(pool, signal(p1, "news2", Level.CRITICAL)).alertId();
    assertThat(failure(service.snooze(critical, "nurse-1", clock.instant().plusSeconds(600), null)))
        .isInstanceOf(IllegalTransitionException.class);
    UUID p3 = UUID.randomUUID();
    UUID g1 = raise(pool, signal(p3, "info", Level.GREEN)).alertId();
    UUID g2 = raise(pool, signal(p2, "info", Level.GREEN)).alertId();
    assertThat(await(service.acknowledgeAllGreen(List.of(p1, p2, p3), "nurse-1"))).isEqualTo(2);
    assertThat(await(service.get(g1)).state()).isEqualTo(AlertState.ACKNOWLEDGED);
    assertThat(await(service.get(g2)).state()).isEqualTo(AlertState.ACKNOWLEDGED);
    assertThat(await(service.get(critical)).state()).isEqualTo(AlertState.OPEN);
  }

  @Test
  void clinicFiguresCountOutcomesAcuteContactsAndBedDays() {
    Instant from = clock.instant();
    UUID a =
        raise(
                pool,
                new AlertSignal("fig", UUID.randomUUID(), "spo2-low", Level.RED, "x", from, null))
            .alertId();
    UUID b =
        raise(
                pool,
                new AlertSignal(
                    "fig", UUID.randomUUID(), "spo2-low", Level.YELLOW, "x", from, null))
            .alertId();
    clock.advance(Duration.ofMinutes(10));
    await(service.acknowledge(a, "nurse-1", null));
    await(service.resolve(a, "dr-a", CareOutcome.HOSPITAL_ADMISSION, null));
    await(
        service.discharge(
            a,
            LocalDate.ofInstant(clock.instant(), java.time.ZoneId.of("Europe/Copenhagen"))
                .plusDays(4),
            "dr-a"));
    await(service.resolve(b, "nurse-1", CareOutcome.NO_ACTION_NEEDED, null));
    var figures =
        await(service.figures("fig", from.minusSeconds(1), from.plus(Duration.ofDays(7)), 10));
    assertThat(figures.outcomes())
        .containsEntry(CareOutcome.HOSPITAL_ADMISSION, 1L)
        .containsEntry(CareOutcome.NO_ACTION_NEEDED, 1L);
    assertThat(figures.acuteContacts()).isEqualTo(1);
    assertThat(figures.bedDays()).isEqualTo(4);
    assertThat(figures.noActionNeededShare()).isEqualTo(0.5);
    assertThat(figures.alertsPerPatientWeek().get("spo2-low"))
        .isCloseTo(0.2, org.assertj.core.data.Offset.offset(0.01));
    assertThat(figures.responseTimes())
        .filteredOn(t -> t.level() == Level.RED)
        .singleElement()
        .satisfies(t -> assertThat(t.medianToAcknowledge()).isEqualTo(Duration.ofMinutes(10)));
  }
}

package dk.telemonitoring.alerts;

import dk.telemonitoring.alerts.domain.Advice;
import dk.telemonitoring.alerts.domain.AdviceDoneException;
import dk.telemonitoring.alerts.domain.AdviceInstruction;
import dk.telemonitoring.alerts.domain.Alert;
import dk.telemonitoring.alerts.domain.AlertAction;
import dk.telemonitoring.alerts.domain.AlertNotFoundException;
import dk.telemonitoring.alerts.domain.AlertStateMachine;
import dk.telemonitoring.alerts.domain.IllegalTransitionException;
import dk.telemonitoring.alerts.store.AdviceStore;
import dk.telemonitoring.alerts.store.AlertStore;
import dk.telemonitoring.alerts.store.NotificationStore;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * What follows an alert besides its handling on the board: a snooze of its reminders, a doctor's
 * advice to the nurse, and the discharge that closes an admission. Each opens its own transaction
 * on the pool and locks the alert, as {@link NurseActions} does.
 */
final class AlertFollowUps extends AlertWrites {

  private final Pool pool;
  private final AdviceStore advice = new AdviceStore();

  AlertFollowUps(
      Pool pool,
      AlertsConfig config,
      Clock clock,
      AlertStore alerts,
      NotificationStore notifications,
      Policies policies) {
    super(config, clock, alerts, notifications, policies);
    this.pool = pool;
  }

  /**
   * A doctor's advice to the nurse: stored in full and recorded in the alert's history (free text
   * as the note); a resolved alert takes no more advice. Advice on an alert nobody has acknowledged
   * acknowledges it in the doctor's name first: a doctor who has advised has taken the case, and
   * the escalation must not go on to page the backup doctor for it.
   */
  Future<Advice> advise(
      UUID alertId, String actorId, String actorName, AdviceInstruction instruction, String note) {
    Objects.requireNonNull(instruction, "instruction");
    String text = note == null || note.isBlank() ? null : note.strip();
    if (text != null && text.length() > Advice.MAX_NOTE) {
      return Future.failedFuture(
          new IllegalArgumentException(
              "the advice's text is longer than " + Advice.MAX_NOTE + " characters"));
    }
    if (text == null && instruction.needsText()) {
      return Future.failedFuture(
          new IllegalArgumentException(
              "say in the text which rescue pack to start (drugs and doses)"));
    }
    Instant now = clock.instant();
    return onLocked(
        pool,
        alertId,
        (tx, found) -> {
          AlertStateMachine.next(found.state(), AlertAction.ADVISE);
          Future<Alert> taken =
              found.state().isUnacknowledged()
                  ? acknowledge(tx, found, actorId, "acknowledged with the advice", now)
                  : Future.succeededFuture(found);
          return taken.compose(a -> advise(tx, a, actorId, actorName, instruction, text, now));
        });
  }

  private Future<Advice> advise(
      SqlConnection tx,
      Alert a,
      String actorId,
      String actorName,
      AdviceInstruction instruction,
      String text,
      Instant now) {
    return advice
        .insert(tx, a.id(), now, actorId, actorName, instruction, text)
        .compose(
            stored ->
                alerts
                    .recordTransition(
                        tx,
                        a.id(),
                        now,
                        actorId,
                        AlertAction.ADVISE,
                        a.state(),
                        a.state(),
                        a.level(),
                        a.level(),
                        text)
                    .map(stored));
  }

  /**
   * A nurse carried out a doctor's advice after its alert had closed. Fails with {@link
   * AlertNotFoundException} when the alert has no such advice, and {@link AdviceDoneException} when
   * somebody already carried it out or it is not the alert's newest.
   */
  Future<Advice> carryOut(UUID alertId, long adviceId, String actorId) {
    Instant now = clock.instant();
    return onLocked(
        pool,
        alertId,
        (tx, a) ->
            advice
                .ofAlert(tx, alertId)
                .compose(
                    all -> {
                      Advice found =
                          all.stream()
                              .filter(v -> v.id() == adviceId)
                              .findFirst()
                              .orElseThrow(() -> new AlertNotFoundException(alertId));
                      if (found.carriedOutAt() != null
                          || all.get(all.size() - 1).id() != adviceId) {
                        throw new AdviceDoneException(
                            "the advice was carried out already, or newer advice replaced it");
                      }
                      return advice.carryOut(tx, alertId, adviceId, actorId, now);
                    })
                .map(Optional::orElseThrow));
  }

  /** Silences reminders until {@code until}; not for CRITICAL, and RED only once acknowledged. */
  Future<Alert> snooze(UUID alertId, String actorId, Instant until, String note) {
    Instant now = clock.instant();
    if (!until.isAfter(now)) {
      return Future.failedFuture(
          new IllegalArgumentException("snooze until must be in the future"));
    }
    return snooze(alertId, actorId, until, "snoozed until " + until + noteSuffix(note), now);
  }

  /**
   * Silences reminders until the hub reports the condition cleared ({@link #clear}), which then
   * resolves it.
   */
  Future<Alert> snoozeUntilClear(UUID alertId, String actorId, String note) {
    return snooze(
        alertId,
        actorId,
        null,
        "snoozed until the condition clears" + noteSuffix(note),
        clock.instant());
  }

  /** Snoozes until {@code until}, or until the condition clears when {@code until} is null. */
  private Future<Alert> snooze(
      UUID alertId, String actorId, Instant until, String historyNote, Instant now) {
    return onLocked(
        pool,
        alertId,
        (tx, a) -> {
          AlertStateMachine.checkSnooze(a.state(), a.level());
          Alert after = a.toBuilder().snoozedUntil(until).snoozedUntilClear(until == null).build();
          return save(tx, a, after, AlertAction.SNOOZE, actorId, historyNote, now)
              .compose(x -> alerts.holdTimer(tx, a.id(), until))
              .map(after);
        });
  }

  /**
   * Closes an admission (outcome HOSPITAL_ADMISSION or MUNICIPAL_ACUTE_BED) with its discharge
   * date.
   */
  Future<Alert> discharge(UUID alertId, LocalDate dischargeDate, String actorId) {
    Instant now = clock.instant();
    return onLocked(
        pool,
        alertId,
        (tx, a) -> {
          AlertStateMachine.checkDischarge(a.state(), a.outcome(), a.dischargedOn() != null);
          LocalDate admitted = a.resolvedAt().atZone(config.defaultZone()).toLocalDate();
          if (dischargeDate.isBefore(admitted)) {
            throw new IllegalTransitionException(
                a.state(),
                AlertAction.DISCHARGE,
                "discharge date " + dischargeDate + " is before the admission on " + admitted);
          }
          Alert after = a.toBuilder().dischargedOn(dischargeDate).build();
          return save(
                  tx, a, after, AlertAction.DISCHARGE, actorId, "discharged " + dischargeDate, now)
              .map(after);
        });
  }
}

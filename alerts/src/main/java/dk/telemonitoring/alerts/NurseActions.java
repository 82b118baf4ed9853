package dk.telemonitoring.alerts;

import dk.telemonitoring.alerts.domain.AckTokens;
import dk.telemonitoring.alerts.domain.Advice;
import dk.telemonitoring.alerts.domain.AdviceInstruction;
import dk.telemonitoring.alerts.domain.Alert;
import dk.telemonitoring.alerts.domain.AlertAction;
import dk.telemonitoring.alerts.domain.AlertChangedException;
import dk.telemonitoring.alerts.domain.AlertNotFoundException;
import dk.telemonitoring.alerts.domain.AlertState;
import dk.telemonitoring.alerts.domain.AlertStateMachine;
import dk.telemonitoring.alerts.domain.CareOutcome;
import dk.telemonitoring.alerts.domain.EscalationPhase;
import dk.telemonitoring.alerts.domain.IllegalTransitionException;
import dk.telemonitoring.alerts.domain.Level;
import dk.telemonitoring.alerts.domain.SeenFindings;
import dk.telemonitoring.alerts.store.AdviceStore;
import dk.telemonitoring.alerts.store.AlertStore;
import dk.telemonitoring.alerts.store.FindingStore;
import dk.telemonitoring.alerts.store.NotificationStore;
import dk.telemonitoring.alerts.store.Sql;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;

/**
 * The alert lifecycle people drive through {@link AlertService} (acknowledge, escalate, resolve,
 * reopen, note, snooze, discharge, acknowledge by a notification's link). Each opens its own
 * transaction on the pool and locks the alert; SQL failures come back as the module's exceptions.
 */
final class NurseActions extends AlertWrites {

  private final Pool pool;
  private final AdviceStore advice = new AdviceStore();
  private final FindingStore findings = new FindingStore();

  NurseActions(
      Pool pool,
      AlertsConfig config,
      Clock clock,
      AlertStore alerts,
      NotificationStore notifications,
      Policies policies) {
    super(config, clock, alerts, notifications, policies);
    this.pool = pool;
  }

  Future<Alert> acknowledge(UUID alertId, String actorId, String note) {
    return inTx(
        tx ->
            alerts
                .lock(tx, alertId)
                .compose(a -> acknowledge(tx, a, actorId, note, clock.instant())));
  }

  private Future<Alert> acknowledge(
      SqlConnection tx, Alert a, String actorId, String note, Instant now) {
    AlertState next = AlertStateMachine.next(a.state(), AlertAction.ACKNOWLEDGE);
    Alert after = a.toBuilder().state(next).acknowledgedAt(now).acknowledgedBy(actorId).build();
    return save(tx, a, after, AlertAction.ACKNOWLEDGE, actorId, note, now)
        .compose(x -> notifications.cancelPendingPages(tx, a.id()))
        .compose(x -> policies.policyFor(tx, a.clinicId(), a.level()))
        .compose(policy -> arm(tx, a.id(), policy, EscalationPhase.ACKNOWLEDGED, now))
        .map(after);
  }

  /** A person hands the alert to the doctor: pages from the policy's first doctor step, now. */
  Future<Alert> escalate(UUID alertId, String actorId, String note) {
    Instant now = clock.instant();
    return inTx(
        tx ->
            alerts
                .lock(tx, alertId)
                .compose(
                    a -> {
                      AlertState next = AlertStateMachine.next(a.state(), AlertAction.ESCALATE);
                      Alert after =
                          a.toBuilder()
                              .state(next)
                              .escalatedAt(a.escalatedAt() == null ? now : a.escalatedAt())
                              .build();
                      return save(tx, a, after, AlertAction.ESCALATE, actorId, note, now)
                          .compose(x -> policies.policyFor(tx, a.clinicId(), a.level()))
                          .compose(
                              policy -> {
                                int index = 0;
                                for (int i = 0; i < policy.steps().size(); i++) {
                                  if (policy.steps().get(i).pagesDoctor()) {
                                    index = i;
                                    break;
                                  }
                                }
                                int firstDoctorStep = index;
                                return policy.steps().isEmpty()
                                    ? Future.succeededFuture()
                                    : alerts
                                        .armTimer(
                                            tx,
                                            a.id(),
                                            a.level(),
                                            EscalationPhase.UNACKNOWLEDGED,
                                            now)
                                        .compose(
                                            x -> alerts.moveTimer(tx, a.id(), firstDoctorStep));
                              })
                          .map(after);
                    }));
  }

  /** Closes the alert with where on the care ladder the clinic acted (required). */
  Future<Alert> resolve(UUID alertId, String actorId, CareOutcome outcome, String note) {
    return resolve(alertId, actorId, outcome, note, null);
  }

  /**
   * As {@link #resolve(UUID, String, CareOutcome, String)}, refused ({@link AlertChangedException})
   * when a reading joined the alert after what the person saw ({@code seen}; null: not checked).
   */
  Future<Alert> resolve(
      UUID alertId, String actorId, CareOutcome outcome, String note, SeenFindings seen) {
    Objects.requireNonNull(outcome, "a person resolving an alert records the care-ladder outcome");
    Instant now = clock.instant();
    return inTx(
        tx ->
            alerts
                .lock(tx, alertId)
                .compose(
                    a -> seen == null ? Future.succeededFuture(a) : unchangedSince(tx, a, seen))
                .compose(
                    a -> {
                      AlertState next = AlertStateMachine.next(a.state(), AlertAction.RESOLVE);
                      Alert after =
                          a.toBuilder()
                              .state(next)
                              .resolvedAt(now)
                              .resolvedBy(actorId)
                              .outcome(outcome)
                              .snoozedUntil(null)
                              .snoozedUntilClear(false)
                              .build();
                      return save(
                              tx,
                              a,
                              after,
                              AlertAction.RESOLVE,
                              actorId,
                              outcomeNote(outcome, note),
                              now)
                          .compose(x -> alerts.deleteTimer(tx, a.id()))
                          .compose(x -> notifications.cancelAllPending(tx, a.id()))
                          .map(after);
                    }));
  }

  private Future<Alert> unchangedSince(SqlConnection tx, Alert a, SeenFindings seen) {
    return findings
        .of(tx, List.of(a.id()))
        .compose(
            byAlert -> {
              List<String> newer = seen.newerIn(byAlert.getOrDefault(a.id(), List.of()));
              return newer.isEmpty()
                  ? Future.succeededFuture(a)
                  : Future.failedFuture(
                      new AlertChangedException(
                          "newer readings joined the alert after it was shown: look at them"
                              + " before resolving (rules: "
                              + String.join(", ", newer)
                              + ")"));
            });
  }

  /**
   * Reopens a resolved alert (fails with a conflict if the patient has a newer open alert for the
   * rule).
   */
  Future<Alert> reopen(UUID alertId, String actorId, String note) {
    Instant now = clock.instant();
    return inTx(
        tx ->
            alerts
                .lock(tx, alertId)
                .compose(
                    a -> {
                      AlertState next = AlertStateMachine.next(a.state(), AlertAction.REOPEN);
                      return policies
                          .policyFor(tx, a.clinicId(), a.level())
                          .compose(
                              policy -> {
                                Alert after =
                                    a.toBuilder()
                                        .state(next)
                                        .resolvedAt(null)
                                        .resolvedBy(null)
                                        .outcome(null)
                                        .dischargedOn(null)
                                        .acknowledgedAt(null)
                                        .acknowledgedBy(null)
                                        .conditionClearedAt(null)
                                        .responseDeadline(now.plus(policy.responseDeadline()))
                                        .build();
                                return save(tx, a, after, AlertAction.REOPEN, actorId, note, now)
                                    .compose(
                                        x ->
                                            arm(
                                                tx,
                                                a.id(),
                                                policy,
                                                EscalationPhase.UNACKNOWLEDGED,
                                                now))
                                    .map(after);
                              });
                    }));
  }

  Future<Alert> addNote(UUID alertId, String actorId, String note) {
    Objects.requireNonNull(note, "note");
    Instant now = clock.instant();
    return inTx(
        tx ->
            alerts
                .lock(tx, alertId)
                .compose(
                    a -> {
                      AlertStateMachine.next(a.state(), AlertAction.NOTE);
                      return alerts
                          .recordTransition(
                              tx,
                              a.id(),
                              now,
                              actorId,
                              AlertAction.NOTE,
                              a.state(),
                              a.state(),
                              a.level(),
                              a.level(),
                              note)
                          .map(a);
                    }));
  }

  /**
   * A doctor's advice to the nurse: stored in full and recorded in the alert's history (free text
   * as the note); the state does not change, and a resolved alert takes no more advice.
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
    return inTx(
        tx ->
            alerts
                .lock(tx, alertId)
                .compose(
                    a -> {
                      AlertStateMachine.next(a.state(), AlertAction.ADVISE);
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
                    }));
  }

  /** Silences reminders until {@code until}; not for CRITICAL, and RED only once acknowledged. */
  Future<Alert> snooze(UUID alertId, String actorId, Instant until, String note) {
    Instant now = clock.instant();
    if (!until.isAfter(now)) {
      return Future.failedFuture(
          new IllegalArgumentException("snooze until must be in the future"));
    }
    return inTx(
        tx ->
            alerts
                .lock(tx, alertId)
                .compose(
                    a -> {
                      AlertStateMachine.checkSnooze(a.state(), a.level());
                      Alert after =
                          a.toBuilder().snoozedUntil(until).snoozedUntilClear(false).build();
                      return save(
                              tx,
                              a,
                              after,
                              AlertAction.SNOOZE,
                              actorId,
                              "snoozed until " + until + noteSuffix(note),
                              now)
                          .compose(x -> alerts.holdTimer(tx, a.id(), until))
                          .map(after);
                    }));
  }

  /**
   * Silences reminders until the hub reports the condition cleared ({@link #clear}), which then
   * resolves it.
   */
  Future<Alert> snoozeUntilClear(UUID alertId, String actorId, String note) {
    Instant now = clock.instant();
    return inTx(
        tx ->
            alerts
                .lock(tx, alertId)
                .compose(
                    a -> {
                      AlertStateMachine.checkSnooze(a.state(), a.level());
                      Alert after =
                          a.toBuilder().snoozedUntil(null).snoozedUntilClear(true).build();
                      return save(
                              tx,
                              a,
                              after,
                              AlertAction.SNOOZE,
                              actorId,
                              "snoozed until the condition clears" + noteSuffix(note),
                              now)
                          .compose(x -> alerts.holdTimer(tx, a.id(), null))
                          .map(after);
                    }));
  }

  /** Acknowledges every unacknowledged GREEN alert of the patients; returns how many. */
  Future<Integer> acknowledgeAllGreen(List<UUID> patientIds, String actorId) {
    Instant now = clock.instant();
    return inTx(
        tx ->
            alerts
                .lockOpenOfLevel(tx, patientIds, Level.GREEN)
                .compose(
                    list -> {
                      Future<Integer> chain = Future.succeededFuture(0);
                      for (Alert a : list) {
                        chain =
                            chain.compose(
                                n ->
                                    acknowledge(tx, a, actorId, "acknowledged with all green", now)
                                        .map(n + 1));
                      }
                      return chain;
                    }));
  }

  /**
   * Closes an admission (outcome HOSPITAL_ADMISSION or MUNICIPAL_ACUTE_BED) with its discharge
   * date.
   */
  Future<Alert> discharge(UUID alertId, LocalDate dischargeDate, String actorId) {
    Instant now = clock.instant();
    return inTx(
        tx ->
            alerts
                .lock(tx, alertId)
                .compose(
                    a -> {
                      AlertStateMachine.checkDischarge(
                          a.state(), a.outcome(), a.dischargedOn() != null);
                      LocalDate admitted =
                          a.resolvedAt().atZone(config.defaultZone()).toLocalDate();
                      if (dischargeDate.isBefore(admitted)) {
                        throw new IllegalTransitionException(
                            a.state(),
                            AlertAction.DISCHARGE,
                            "discharge date "
                                + dischargeDate
                                + " is before the admission on "
                                + admitted);
                      }
                      Alert after = a.toBuilder().dischargedOn(dischargeDate).build();
                      return save(
                              tx,
                              a,
                              after,
                              AlertAction.DISCHARGE,
                              actorId,
                              "discharged " + dischargeDate,
                              now)
                          .map(after);
                    }));
  }

  /**
   * Acknowledges the alert a notification's link points at, as the notification's recipient;
   * further escalation steps stop. Clicking again, or after someone else acknowledged, changes
   * nothing. Unknown or expired tokens fail with {@link AlertNotFoundException}.
   */
  Future<Alert> acknowledgeByToken(String token) {
    Instant now = clock.instant();
    byte[] hash = AckTokens.hash(token == null ? "" : token);
    return inTx(
        tx ->
            notifications
                .lockToken(tx, hash)
                .compose(
                    found -> {
                      if (found.isEmpty() || found.get().expiresAt().isBefore(now)) {
                        throw new AlertNotFoundException("unknown or expired acknowledge token");
                      }
                      NotificationStore.TokenTarget target = found.get();
                      return alerts
                          .lock(tx, target.alertId())
                          .compose(
                              a -> {
                                Future<Alert> acked =
                                    a.state().isUnacknowledged()
                                        ? acknowledge(
                                            tx,
                                            a,
                                            target.personId(),
                                            "acknowledged from notification link",
                                            now)
                                        : Future.succeededFuture(a);
                                return acked.compose(
                                    after ->
                                        notifications
                                            .markTokenUsed(tx, target.notificationId(), now)
                                            .map(after));
                              });
                    }));
  }

  private <T> Future<T> inTx(Function<SqlConnection, Future<T>> work) {
    return pool.withTransaction(
            tx -> {
              try {
                return work.apply(tx);
              } catch (RuntimeException e) {
                return Future.failedFuture(e);
              }
            })
        .recover(Sql::translate);
  }

  private static String outcomeNote(CareOutcome outcome, String note) {
    return "outcome " + outcome + noteSuffix(note);
  }

  private static String noteSuffix(String note) {
    return note == null || note.isBlank() ? "" : ": " + note;
  }
}

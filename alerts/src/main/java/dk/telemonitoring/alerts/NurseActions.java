package dk.telemonitoring.alerts;

import dk.telemonitoring.alerts.domain.AckTokens;
import dk.telemonitoring.alerts.domain.Alert;
import dk.telemonitoring.alerts.domain.AlertAction;
import dk.telemonitoring.alerts.domain.AlertChangedException;
import dk.telemonitoring.alerts.domain.AlertNotFoundException;
import dk.telemonitoring.alerts.domain.AlertState;
import dk.telemonitoring.alerts.domain.AlertStateMachine;
import dk.telemonitoring.alerts.domain.CareOutcome;
import dk.telemonitoring.alerts.domain.EscalationPhase;
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
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * The alert lifecycle people drive through {@link AlertService}: acknowledge (also all GREEN at
 * once, and by a notification's link), escalate, resolve, reopen, note. Snoozes, advice and
 * discharges are {@link AlertFollowUps}. Each opens its own transaction on the pool and locks the
 * alert; SQL failures come back as the module's exceptions.
 */
final class NurseActions extends AlertWrites {

  private final Pool pool;
  private final FindingStore findings = new FindingStore();
  private final AdviceStore advice = new AdviceStore();

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
    return onLocked(pool, alertId, (tx, a) -> acknowledge(tx, a, actorId, note, clock.instant()));
  }

  /** A person hands the alert to the doctor: pages from the policy's first doctor step, now. */
  Future<Alert> escalate(UUID alertId, String actorId, String note) {
    Instant now = clock.instant();
    return onLocked(
        pool,
        alertId,
        (tx, a) -> {
          Alert after = a.escalated(now, actorId);
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
                            .armTimer(tx, a.id(), a.level(), EscalationPhase.UNACKNOWLEDGED, now)
                            .compose(x -> alerts.moveTimer(tx, a.id(), firstDoctorStep));
                  })
              .map(after);
        });
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
    return resolve(alertId, actorId, outcome, note, seen, false);
  }

  /**
   * As {@link #resolve(UUID, String, CareOutcome, String, SeenFindings)}; with {@code
   * carriesOutAdvice} (a nurse closing it) the alert's advice is carried out with it.
   */
  Future<Alert> resolve(
      UUID alertId,
      String actorId,
      CareOutcome outcome,
      String note,
      SeenFindings seen,
      boolean carriesOutAdvice) {
    Objects.requireNonNull(outcome, "a person resolving an alert records the care-ladder outcome");
    Instant now = clock.instant();
    return onLocked(
        pool,
        alertId,
        (tx, locked) ->
            (seen == null ? Future.succeededFuture(locked) : unchangedSince(tx, locked, seen))
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
                          .compose(
                              x ->
                                  carriesOutAdvice
                                      ? advice.carriedOutWithAlert(tx, a.id(), actorId, now)
                                      : Future.<Void>succeededFuture())
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
    return onLocked(
        pool,
        alertId,
        (tx, a) -> {
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
                        .compose(x -> arm(tx, a.id(), policy, EscalationPhase.UNACKNOWLEDGED, now))
                        .map(after);
                  });
        });
  }

  Future<Alert> addNote(UUID alertId, String actorId, String note) {
    Objects.requireNonNull(note, "note");
    Instant now = clock.instant();
    return onLocked(
        pool,
        alertId,
        (tx, a) -> {
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
        });
  }

  /** Acknowledges every unacknowledged GREEN alert of the patients; returns how many. */
  Future<Integer> acknowledgeAllGreen(List<UUID> patientIds, String actorId) {
    Instant now = clock.instant();
    return Sql.inTransaction(
        pool,
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
   * Acknowledges the alert a notification's link points at, as the notification's recipient;
   * further escalation steps stop. Clicking again, or after someone else acknowledged, changes
   * nothing. Unknown or expired tokens fail with {@link AlertNotFoundException}.
   */
  Future<Alert> acknowledgeByToken(String token) {
    Instant now = clock.instant();
    byte[] hash = AckTokens.hash(token == null ? "" : token);
    return Sql.inTransaction(
        pool,
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

  private static String outcomeNote(CareOutcome outcome, String note) {
    return "outcome " + outcome + noteSuffix(note);
  }
}

package dk.telemonitoring.alerts;

import dk.telemonitoring.alerts.domain.Alert;
import dk.telemonitoring.alerts.domain.AlertAction;
import dk.telemonitoring.alerts.domain.AlertState;
import dk.telemonitoring.alerts.domain.AlertStateMachine;
import dk.telemonitoring.alerts.domain.EscalationPhase;
import dk.telemonitoring.alerts.domain.EscalationPlan;
import dk.telemonitoring.alerts.domain.EscalationPolicy;
import dk.telemonitoring.alerts.store.AlertStore;
import dk.telemonitoring.alerts.store.NotificationStore;
import dk.telemonitoring.alerts.store.Sql;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import java.util.function.BiFunction;

/**
 * What every change of an alert needs and writes, on the caller's transaction: the alert's new
 * state together with its history row (who, when, a note), and the escalation timer re-armed for a
 * phase of the level's policy. The hub's triage signals ({@link AlertSignals}) and the lifecycle
 * people drive ({@link NurseActions}) build on it.
 */
abstract class AlertWrites {

  final AlertsConfig config;
  final Clock clock;
  final AlertStore alerts;
  final NotificationStore notifications;
  final Policies policies;

  AlertWrites(
      AlertsConfig config,
      Clock clock,
      AlertStore alerts,
      NotificationStore notifications,
      Policies policies) {
    this.config = config;
    this.clock = clock;
    this.alerts = alerts;
    this.notifications = notifications;
    this.policies = policies;
  }

  /**
   * {@code change} on the alert, locked for one transaction of its own: the shape of every action a
   * person takes on one alert (read it locked, check the transition, save it with its history row).
   */
  final <T> Future<T> onLocked(
      Pool pool, UUID alertId, BiFunction<SqlConnection, Alert, Future<T>> change) {
    return Sql.inTransaction(
        pool, tx -> alerts.lock(tx, alertId).compose(a -> change.apply(tx, a)));
  }

  /**
   * {@code actorId} takes the alert: the pages not yet sent are cancelled and the reminders of the
   * acknowledged phase armed, so no further escalation step pages anyone.
   */
  final Future<Alert> acknowledge(
      SqlConnection tx, Alert a, String actorId, String note, Instant now) {
    AlertState next = AlertStateMachine.next(a.state(), AlertAction.ACKNOWLEDGE);
    Alert after = a.toBuilder().state(next).acknowledgedAt(now).acknowledgedBy(actorId).build();
    return save(tx, a, after, AlertAction.ACKNOWLEDGE, actorId, note, now)
        .compose(x -> notifications.cancelPendingPages(tx, a.id()))
        .compose(x -> policies.policyFor(tx, a.clinicId(), a.level()))
        .compose(policy -> arm(tx, a.id(), policy, EscalationPhase.ACKNOWLEDGED, now))
        .map(after);
  }

  final Future<Void> arm(
      SqlConnection tx, UUID alertId, EscalationPolicy policy, EscalationPhase phase, Instant now) {
    return EscalationPlan.firstDelay(policy, phase)
        .map(delay -> alerts.armTimer(tx, alertId, policy.level(), phase, now.plus(delay)))
        .orElseGet(() -> alerts.deleteTimer(tx, alertId));
  }

  final Future<Alert> save(
      SqlConnection tx,
      Alert before,
      Alert after,
      AlertAction action,
      String actor,
      String note,
      Instant now) {
    return save(tx, before, after, action, actor, note, null, now);
  }

  /** As above, with the note's Danish (a finding's words, when triage or the patient wrote it). */
  final Future<Alert> save(
      SqlConnection tx,
      Alert before,
      Alert after,
      AlertAction action,
      String actor,
      String note,
      String noteDa,
      Instant now) {
    return alerts
        .update(tx, after, now)
        .compose(
            x ->
                alerts.recordTransition(
                    tx,
                    after.id(),
                    now,
                    actor,
                    action,
                    before.state(),
                    after.state(),
                    before.level(),
                    after.level(),
                    note,
                    noteDa))
        .map(after);
  }

  /** A person's note as the end of a history row's note: {@code ": note"}, or nothing. */
  static String noteSuffix(String note) {
    return note == null || note.isBlank() ? "" : ": " + note;
  }
}

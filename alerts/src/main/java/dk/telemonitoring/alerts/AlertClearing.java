package dk.telemonitoring.alerts;

import static dk.telemonitoring.alerts.AlertService.SYSTEM_ACTOR;

import dk.telemonitoring.alerts.domain.Alert;
import dk.telemonitoring.alerts.domain.AlertAction;
import dk.telemonitoring.alerts.domain.AlertChange;
import dk.telemonitoring.alerts.domain.AlertSignal;
import dk.telemonitoring.alerts.domain.AlertState;
import dk.telemonitoring.alerts.domain.Level;
import dk.telemonitoring.alerts.store.AlertStore;
import dk.telemonitoring.alerts.store.FindingStore;
import dk.telemonitoring.alerts.store.NotificationStore;
import dk.telemonitoring.alerts.store.Sql;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import java.util.function.BiFunction;

/**
 * The hub's triage signals of a rule's finding getting better ({@link AlertService#lower}, {@link
 * AlertService#clear}), on the hub's own transaction. The alert's level never drops while it is
 * open: a finding takes the lower level or clears, and only when every finding has cleared does the
 * alert's own clearing apply.
 */
final class AlertClearing extends AlertWrites {

  private final FindingStore findings;

  AlertClearing(
      AlertsConfig config,
      Clock clock,
      AlertStore alerts,
      FindingStore findings,
      NotificationStore notifications,
      Policies policies) {
    super(config, clock, alerts, notifications, policies);
    this.findings = findings;
  }

  /**
   * The rule's condition is better but still abnormal: its finding takes the lower level; the alert
   * keeps its own.
   */
  Future<AlertChange> lower(SqlConnection tx, AlertSignal lowered) {
    return onOpenAlert(
        tx,
        lowered.patientId(),
        (a, now) ->
            findings.lower(tx, a.id(), lowered, now).map(changed -> changed ? updated(a) : none()));
  }

  /** {@code change} on the patient's open alert, locked; no change when there is none. */
  private Future<AlertChange> onOpenAlert(
      SqlConnection tx, UUID patientId, BiFunction<Alert, Instant, Future<AlertChange>> change) {
    Instant now = clock.instant();
    return alerts
        .lockOpen(tx, patientId)
        .compose(
            open -> open.isEmpty() ? Future.succeededFuture(none()) : change.apply(open.get(), now))
        .recover(Sql::translate);
  }

  private static AlertChange updated(Alert a) {
    return new AlertChange(AlertChange.Kind.UPDATED, a.id(), a.level(), a.level(), a.state());
  }

  /**
   * The rule's finding in the patient's open alert is cleared. Only when every finding of the alert
   * is cleared does the alert's own clearing apply: an alert snoozed "until the condition clears"
   * is resolved, and so is an untouched OPEN alert below RED when {@link
   * AlertsConfig#autoResolveOnClear()}; anything else is marked cleared and stays for a person.
   */
  Future<AlertChange> clear(SqlConnection tx, UUID patientId, String ruleId, Instant clearedAt) {
    return onOpenAlert(
        tx,
        patientId,
        (a, now) ->
            findings
                .clear(tx, a.id(), ruleId, clearedAt, now)
                .compose(
                    cleared ->
                        !cleared
                            ? Future.succeededFuture(none())
                            : findings
                                .liveCount(tx, a.id())
                                .compose(
                                    live ->
                                        live > 0
                                            ? Future.succeededFuture(updated(a))
                                            : clearAlert(tx, a, clearedAt, now))));
  }

  private Future<AlertChange> clearAlert(
      SqlConnection tx, Alert a, Instant clearedAt, Instant now) {
    boolean untouched =
        a.state() == AlertState.OPEN
            && a.acknowledgedAt() == null
            && a.level().compareTo(Level.RED) < 0;
    if (a.snoozedUntilClear() || (config.autoResolveOnClear() && untouched)) {
      Alert after =
          a.toBuilder()
              .state(AlertState.RESOLVED)
              .resolvedAt(now)
              .resolvedBy(SYSTEM_ACTOR)
              .conditionClearedAt(clearedAt)
              .snoozedUntil(null)
              .snoozedUntilClear(false)
              .build();
      return save(tx, a, after, AlertAction.RESOLVE, SYSTEM_ACTOR, "condition cleared", now)
          .compose(x -> alerts.deleteTimer(tx, a.id()))
          .compose(x -> notifications.cancelAllPending(tx, a.id()))
          .map(
              x ->
                  new AlertChange(
                      AlertChange.Kind.AUTO_RESOLVED,
                      a.id(),
                      a.level(),
                      a.level(),
                      AlertState.RESOLVED));
    }
    Alert after = a.toBuilder().conditionClearedAt(clearedAt).build();
    return save(tx, a, after, AlertAction.CLEAR, SYSTEM_ACTOR, "condition cleared", now)
        .map(
            x ->
                new AlertChange(AlertChange.Kind.CLEARED, a.id(), a.level(), a.level(), a.state()));
  }

  private static AlertChange none() {
    return new AlertChange(AlertChange.Kind.NONE, null, null, null, null);
  }
}

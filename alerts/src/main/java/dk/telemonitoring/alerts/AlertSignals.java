package dk.telemonitoring.alerts;

import static dk.telemonitoring.alerts.AlertService.CONTACT_REQUEST_RULE;
import static dk.telemonitoring.alerts.AlertService.CONTACT_REQUEST_WORDING;
import static dk.telemonitoring.alerts.AlertService.CONTACT_REQUEST_WORDING_DA;
import static dk.telemonitoring.alerts.AlertService.PATIENT_ACTOR;
import static dk.telemonitoring.alerts.AlertService.SYSTEM_ACTOR;

import dk.telemonitoring.alerts.domain.Alert;
import dk.telemonitoring.alerts.domain.AlertAction;
import dk.telemonitoring.alerts.domain.AlertChange;
import dk.telemonitoring.alerts.domain.AlertKind;
import dk.telemonitoring.alerts.domain.AlertSignal;
import dk.telemonitoring.alerts.domain.AlertState;
import dk.telemonitoring.alerts.domain.AlertStateMachine;
import dk.telemonitoring.alerts.domain.EscalationPhase;
import dk.telemonitoring.alerts.domain.Level;
import dk.telemonitoring.alerts.store.AlertStore;
import dk.telemonitoring.alerts.store.NotificationStore;
import dk.telemonitoring.alerts.store.Sql;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * The hub's triage signals ({@link AlertService#raise}, {@link AlertService#clear},
 * {@link AlertService#contactRequest}), run on the hub's own transaction so that an alert exists exactly when its
 * triage result does.
 */
final class AlertSignals extends AlertWrites {

  AlertSignals(AlertsConfig config, Clock clock, AlertStore alerts, NotificationStore notifications,
      Policies policies) {
    super(config, clock, alerts, notifications, policies);
  }

  Future<AlertChange> raise(SqlConnection tx, AlertSignal signal) {
    return openOrRaise(tx, signal, AlertKind.READING, null, SYSTEM_ACTOR).recover(Sql::translate);
  }

  Future<AlertChange> clear(SqlConnection tx, UUID patientId, String ruleId, Instant clearedAt) {
    Instant now = clock.instant();
    return alerts.lockOpen(tx, patientId, ruleId).compose(open -> {
      if (open.isEmpty()) {
        return Future.succeededFuture(new AlertChange(AlertChange.Kind.NONE, null, null, null, null));
      }
      Alert a = open.get();
      boolean untouched = a.state() == AlertState.OPEN && a.acknowledgedAt() == null && a.level().compareTo(Level.RED) < 0;
      if (a.snoozedUntilClear() || (config.autoResolveOnClear() && untouched)) {
        Alert after = a.toBuilder().state(AlertState.RESOLVED).resolvedAt(now).resolvedBy(SYSTEM_ACTOR)
            .conditionClearedAt(clearedAt).snoozedUntil(null).snoozedUntilClear(false).build();
        return save(tx, a, after, AlertAction.RESOLVE, SYSTEM_ACTOR, "condition cleared", now)
            .compose(x -> alerts.deleteTimer(tx, a.id()))
            .compose(x -> notifications.cancelAllPending(tx, a.id()))
            .map(x -> new AlertChange(AlertChange.Kind.AUTO_RESOLVED, a.id(), a.level(), a.level(), AlertState.RESOLVED));
      }
      Alert after = a.toBuilder().conditionClearedAt(clearedAt).build();
      return save(tx, a, after, AlertAction.CLEAR, SYSTEM_ACTOR, "condition cleared", now)
          .map(x -> new AlertChange(AlertChange.Kind.CLEARED, a.id(), a.level(), a.level(), a.state()));
    }).recover(Sql::translate);
  }

  Future<AlertChange> contactRequest(SqlConnection tx, String clinicId, UUID patientId, String text) {
    String words = text == null || text.isBlank() ? "." : ": " + text;
    AlertSignal signal = new AlertSignal(clinicId, patientId, CONTACT_REQUEST_RULE, config.contactRequestLevel(),
        CONTACT_REQUEST_WORDING + words, CONTACT_REQUEST_WORDING_DA + words, clock.instant(), null);
    return openOrRaise(tx, signal, AlertKind.CONTACT_REQUEST, config.contactRequestDeadline(), PATIENT_ACTOR)
        .recover(Sql::translate);
  }

  private Future<AlertChange> openOrRaise(SqlConnection tx, AlertSignal s, AlertKind kind, Duration deadline,
      String actor) {
    Instant now = clock.instant();
    return alerts.lockOpen(tx, s.patientId(), s.ruleId()).compose(open -> {
      if (open.isPresent()) {
        return raiseExisting(tx, open.get(), s, kind, now, actor);
      }
      return policies.policyFor(tx, s.clinicId(), s.level()).compose(policy -> {
        Alert fresh = new Alert(UUID.randomUUID(), s.clinicId(), s.patientId(), s.ruleId(), kind, s.level(),
            AlertState.OPEN, s.explanation(), s.explanationDa(), s.readingRef(), s.measuredAt(), s.measuredAt(), now,
            now.plus(deadline != null ? deadline : policy.responseDeadline()), null, null, null, null, null, null,
            null, null, false, null);
        return alerts.insertIfNoneOpen(tx, fresh).compose(inserted -> {
          if (inserted.isEmpty()) {
            // Another hub instance opened this episode concurrently and has committed: raise that one instead.
            return alerts.lockOpen(tx, s.patientId(), s.ruleId())
                .compose(again -> raiseExisting(tx, again.orElseThrow(), s, kind, now, actor));
          }
          return alerts.recordTransition(tx, fresh.id(), now, actor, AlertAction.OPEN, null, AlertState.OPEN, null,
                  fresh.level(), s.explanation())
              .compose(x -> arm(tx, fresh.id(), policy, EscalationPhase.UNACKNOWLEDGED, now))
              .map(x -> new AlertChange(AlertChange.Kind.OPENED, fresh.id(), null, fresh.level(), AlertState.OPEN));
        });
      });
    });
  }

  private Future<AlertChange> raiseExisting(SqlConnection tx, Alert a, AlertSignal s, AlertKind kind, Instant now,
      String actor) {
    if (!s.level().isWorseThan(a.level())) {
      Alert after = a.toBuilder().lastMeasuredAt(s.measuredAt()).conditionClearedAt(null)
          .readingRef(s.readingRef() != null ? s.readingRef() : a.readingRef()).build();
      Future<?> note = kind == AlertKind.CONTACT_REQUEST
          ? alerts.recordTransition(tx, a.id(), now, actor, AlertAction.NOTE, a.state(), a.state(), a.level(),
              a.level(), s.explanation())
          : Future.succeededFuture();
      return note.compose(x -> alerts.update(tx, after, now))
          .map(x -> new AlertChange(AlertChange.Kind.UPDATED, a.id(), a.level(), a.level(), a.state()));
    }
    AlertState next = AlertStateMachine.next(a.state(), AlertAction.RAISE);
    return policies.policyFor(tx, a.clinicId(), s.level()).compose(policy -> {
      Instant deadline = now.plus(policy.responseDeadline());
      Alert.Builder b = a.toBuilder().level(s.level()).state(next).explanation(s.explanation())
          .explanationDa(s.explanationDa())
          .readingRef(s.readingRef()).lastMeasuredAt(s.measuredAt()).conditionClearedAt(null).snoozedUntil(null)
          .snoozedUntilClear(false)
          .responseDeadline(deadline.isBefore(a.responseDeadline()) ? deadline : a.responseDeadline());
      if (next == AlertState.OPEN) {
        b.acknowledgedAt(null).acknowledgedBy(null);
      }
      Alert after = b.build();
      return save(tx, a, after, AlertAction.RAISE, actor, s.explanation(), now)
          .compose(x -> arm(tx, a.id(), policy, EscalationPhase.UNACKNOWLEDGED, now))
          .map(x -> new AlertChange(AlertChange.Kind.RAISED, a.id(), a.level(), after.level(), after.state()));
    });
  }
}

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
import dk.telemonitoring.alerts.domain.ContactRequestWords;
import dk.telemonitoring.alerts.domain.EscalationPhase;
import dk.telemonitoring.alerts.domain.EscalationPolicy;
import dk.telemonitoring.alerts.store.AlertStore;
import dk.telemonitoring.alerts.store.FindingStore;
import dk.telemonitoring.alerts.store.NotificationStore;
import dk.telemonitoring.alerts.store.Sql;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The hub's triage signals that open or join an alert ({@link AlertService#raise}, {@link
 * AlertService#contactRequest}), run on the hub's own transaction so that an alert exists exactly
 * when its triage result does; a finding getting better is {@link AlertClearing}'s.
 *
 * <p>A patient has at most one open alert, the case the clinic works on; each rule's signal is that
 * rule's finding in it. A finding worse than the alert raises the alert (a step of the same alert:
 * escalation re-armed for the higher level, no new chain of pages); a finding at or below the
 * alert's level only updates the finding. The alert's level never drops while it is open (a person
 * decides when it is over); its rule, kind and explanation are those of the finding that set its
 * level.
 */
final class AlertSignals extends AlertWrites {

  private final FindingStore findings;

  AlertSignals(
      AlertsConfig config,
      Clock clock,
      AlertStore alerts,
      FindingStore findings,
      NotificationStore notifications,
      Policies policies) {
    super(config, clock, alerts, notifications, policies);
    this.findings = findings;
  }

  Future<AlertChange> raise(SqlConnection tx, AlertSignal signal) {
    return joinWithoutRaising(tx, signal)
        .compose(
            joined ->
                joined.isPresent()
                    ? Future.succeededFuture(joined.get())
                    : openOrJoin(tx, signal, AlertKind.READING, null, SYSTEM_ACTOR))
        .recover(Sql::translate);
  }

  /**
   * A reading's finding no worse than the patient's open alert joins it in one statement, as {@link
   * #join} would (no note, no raise, no timer); otherwise empty, and the signal takes the path that
   * reads the alert first.
   */
  private Future<Optional<AlertChange>> joinWithoutRaising(SqlConnection tx, AlertSignal s) {
    return findings.joinOpenAtLeastAsUrgent(tx, s.patientId(), s, clock.instant());
  }

  /**
   * The rule's finding joins the patient's open alert as {@link #raise} does, but opens none: the
   * hub's full triage of a reading its critical lane already alerted on, whose alert a person may
   * have resolved meanwhile (a second alert would page again for the same reading).
   */
  Future<AlertChange> joinOpen(SqlConnection tx, AlertSignal s) {
    return joinWithoutRaising(tx, s)
        .compose(
            joined -> {
              if (joined.isPresent()) return Future.succeededFuture(joined.get());
              Instant now = clock.instant();
              return alerts
                  .lockOpen(tx, s.patientId())
                  .compose(
                      open ->
                          open.isPresent()
                              ? join(tx, open.get(), s, AlertKind.READING, null, now, SYSTEM_ACTOR)
                              : Future.succeededFuture(none()));
            })
        .recover(Sql::translate);
  }

  /**
   * A "call me" is the contact rule's finding, worded around the patient's newest words each time;
   * a request while the alert is open also adds the words as a note.
   */
  Future<AlertChange> contactRequest(
      SqlConnection tx, String clinicId, UUID patientId, String text, String textDa) {
    return openOrJoin(
            tx,
            contactSignal(clinicId, patientId, ContactRequestWords.of(text, textDa)),
            AlertKind.CONTACT_REQUEST,
            config.contactRequestDeadline(),
            PATIENT_ACTOR)
        .recover(Sql::translate);
  }

  private AlertSignal contactSignal(String clinicId, UUID patientId, ContactRequestWords words) {
    return new AlertSignal(
        clinicId,
        patientId,
        CONTACT_REQUEST_RULE,
        config.contactRequestLevel(),
        words.explanation(CONTACT_REQUEST_WORDING),
        words.explanationDa(CONTACT_REQUEST_WORDING_DA),
        clock.instant(),
        null,
        words.inputs());
  }

  /**
   * A "call me" joining an alert that already holds one: its finding keeps the earlier requests'
   * words after the newest ({@link ContactRequestWords}).
   */
  private Future<AlertSignal> afterEarlierRequests(SqlConnection tx, Alert open, AlertSignal s) {
    return findings
        .of(tx, List.of(open.id()))
        .map(
            byAlert ->
                byAlert.getOrDefault(open.id(), List.of()).stream()
                    .filter(f -> f.ruleId().equals(CONTACT_REQUEST_RULE) && f.clearedAt() == null)
                    .findFirst()
                    .map(
                        f ->
                            contactSignal(
                                s.clinicId(),
                                s.patientId(),
                                ContactRequestWords.from(s.inputs())
                                    .after(ContactRequestWords.from(f.inputs()))))
                    .orElse(s));
  }

  private Future<AlertChange> openOrJoin(
      SqlConnection tx, AlertSignal s, AlertKind kind, Duration deadline, String actor) {
    Instant now = clock.instant();
    return alerts
        .lockOpen(tx, s.patientId())
        .compose(
            open -> {
              if (open.isPresent() && kind == AlertKind.CONTACT_REQUEST) {
                return afterEarlierRequests(tx, open.get(), s)
                    .compose(words -> join(tx, open.get(), words, kind, deadline, now, actor));
              }
              if (open.isPresent()) {
                return join(tx, open.get(), s, kind, deadline, now, actor);
              }
              return policies
                  .policyFor(tx, s.clinicId(), s.level())
                  .compose(
                      policy -> {
                        Alert fresh =
                            new Alert(
                                UUID.randomUUID(),
                                s.clinicId(),
                                s.patientId(),
                                s.ruleId(),
                                kind,
                                s.level(),
                                AlertState.OPEN,
                                s.explanation(),
                                s.explanationDa(),
                                s.readingRef(),
                                s.measuredAt(),
                                s.measuredAt(),
                                now,
                                now.plus(deadline != null ? deadline : policy.responseDeadline()),
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                false,
                                null);
                        return alerts
                            .insertIfNoneOpen(tx, fresh)
                            .compose(
                                inserted -> {
                                  if (inserted.isEmpty()) {
                                    // Another hub instance opened the patient's alert concurrently
                                    // and has committed: join that one.
                                    return alerts
                                        .lockOpen(tx, s.patientId())
                                        .compose(
                                            again ->
                                                join(
                                                    tx,
                                                    again.orElseThrow(),
                                                    s,
                                                    kind,
                                                    deadline,
                                                    now,
                                                    actor));
                                  }
                                  // Three writes of the new alert's rows, sent together: the
                                  // connection pipelines them (one round trip, not three), and a
                                  // failure of any fails the transaction as before.
                                  return Future.all(
                                          findings.upsert(tx, fresh.id(), s, now),
                                          alerts.recordTransition(
                                              tx,
                                              fresh.id(),
                                              now,
                                              actor,
                                              AlertAction.OPEN,
                                              null,
                                              AlertState.OPEN,
                                              null,
                                              fresh.level(),
                                              s.explanation(),
                                              s.explanationDa()),
                                          arm(
                                              tx,
                                              fresh.id(),
                                              policy,
                                              EscalationPhase.UNACKNOWLEDGED,
                                              now))
                                      .map(
                                          x ->
                                              new AlertChange(
                                                  AlertChange.Kind.OPENED,
                                                  fresh.id(),
                                                  null,
                                                  fresh.level(),
                                                  AlertState.OPEN));
                                });
                      });
            });
  }

  /**
   * The signal joins the patient's open alert as its rule's finding, and raises the alert when it
   * is worse.
   */
  private Future<AlertChange> join(
      SqlConnection tx,
      Alert a,
      AlertSignal s,
      AlertKind kind,
      Duration deadline,
      Instant now,
      String actor) {
    Future<Void> finding = findings.upsert(tx, a.id(), s, now);
    if (!s.level().isWorseThan(a.level())) {
      Alert.Builder b =
          a.toBuilder()
              .conditionClearedAt(null)
              .lastMeasuredAt(
                  s.measuredAt().isAfter(a.lastMeasuredAt()) ? s.measuredAt() : a.lastMeasuredAt());
      if (s.ruleId().equals(a.ruleId())) {
        // The finding that set the alert's level: the alert shows its newest words (a second "call
        // me").
        b.explanation(s.explanation())
            .explanationDa(s.explanationDa())
            .readingRef(s.readingRef() != null ? s.readingRef() : a.readingRef());
      }
      Alert after = b.build();
      ContactRequestWords said = ContactRequestWords.from(s.inputs());
      Future<?> note =
          kind == AlertKind.CONTACT_REQUEST
              ? alerts.recordTransition(
                  tx,
                  a.id(),
                  now,
                  actor,
                  AlertAction.NOTE,
                  a.state(),
                  a.state(),
                  a.level(),
                  a.level(),
                  // The note is this request's: the earlier ones have notes of their own.
                  said.said(CONTACT_REQUEST_WORDING),
                  said.saidDa(CONTACT_REQUEST_WORDING_DA))
              : Future.succeededFuture();
      // The finding, the note and the alert's save are sent together: the connection pipelines
      // them in one round trip (a further reading of an open alert's rule comes this way, once per
      // reading), and a failure of any fails the transaction as before.
      return Future.all(finding, note, alerts.update(tx, after, now))
          .map(
              x ->
                  new AlertChange(
                      AlertChange.Kind.UPDATED, a.id(), a.level(), a.level(), a.state()));
    }
    AlertState next = AlertStateMachine.next(a.state(), AlertAction.RAISE);
    // The policy is read while the finding is written (pipelined), as are the alert's save and its
    // timer below: the path of a CRITICAL reading into an open alert, where round trips count.
    Future<EscalationPolicy> policyRead = policies.policyFor(tx, a.clinicId(), s.level());
    return Future.all(finding, policyRead)
        .map(x -> policyRead.result())
        .compose(
            policy -> {
              Instant due = now.plus(deadline != null ? deadline : policy.responseDeadline());
              Alert.Builder b =
                  a.toBuilder()
                      .level(s.level())
                      .state(next)
                      .ruleId(s.ruleId())
                      .kind(kind)
                      .explanation(s.explanation())
                      .explanationDa(s.explanationDa())
                      .readingRef(s.readingRef())
                      .lastMeasuredAt(
                          s.measuredAt().isAfter(a.lastMeasuredAt())
                              ? s.measuredAt()
                              : a.lastMeasuredAt())
                      .conditionClearedAt(null)
                      .snoozedUntil(null)
                      .snoozedUntilClear(false)
                      .responseDeadline(
                          due.isBefore(a.responseDeadline()) ? due : a.responseDeadline());
              if (next == AlertState.OPEN) {
                b.acknowledgedAt(null).acknowledgedBy(null);
              }
              // A worse finding is news for the nurses too: a hand-over made at the lower level no
              // longer keeps the acknowledgement from them.
              b.escalatedBy(null);
              Alert after = b.build();
              return Future.all(
                      save(
                          tx,
                          a,
                          after,
                          AlertAction.RAISE,
                          actor,
                          s.explanation(),
                          s.explanationDa(),
                          now),
                      arm(tx, a.id(), policy, EscalationPhase.UNACKNOWLEDGED, now))
                  .map(
                      x ->
                          new AlertChange(
                              AlertChange.Kind.RAISED,
                              a.id(),
                              a.level(),
                              after.level(),
                              after.state()));
            });
  }

  private static AlertChange none() {
    return new AlertChange(AlertChange.Kind.NONE, null, null, null, null);
  }
}

package dk.telemonitoring.alerts;

import dk.telemonitoring.alerts.domain.Alert;
import dk.telemonitoring.alerts.domain.AlertAction;
import dk.telemonitoring.alerts.domain.AlertChange;
import dk.telemonitoring.alerts.domain.AlertKind;
import dk.telemonitoring.alerts.domain.AlertNotFoundException;
import dk.telemonitoring.alerts.domain.AlertSignal;
import dk.telemonitoring.alerts.domain.AlertState;
import dk.telemonitoring.alerts.domain.AlertStateMachine;
import dk.telemonitoring.alerts.domain.AlertTransition;
import dk.telemonitoring.alerts.domain.CareOutcome;
import dk.telemonitoring.alerts.domain.EscalationPhase;
import dk.telemonitoring.alerts.domain.EscalationPlan;
import dk.telemonitoring.alerts.domain.EscalationPolicy;
import dk.telemonitoring.alerts.domain.IllegalTransitionException;
import dk.telemonitoring.alerts.domain.Level;
import dk.telemonitoring.alerts.domain.OnCall;
import dk.telemonitoring.alerts.domain.OnCallRole;
import dk.telemonitoring.alerts.domain.PatientAlerts;
import dk.telemonitoring.alerts.domain.QueueEntry;
import dk.telemonitoring.alerts.escalation.Policies;
import dk.telemonitoring.alerts.notify.AckTokens;
import dk.telemonitoring.alerts.store.AlertStore;
import dk.telemonitoring.alerts.store.NotificationStore;
import dk.telemonitoring.alerts.store.ScheduleStore;
import dk.telemonitoring.alerts.store.Sql;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The facade the hub calls. {@link #raise}, {@link #clear} and {@link #contactRequest} run on the hub's own
 * transaction (so an alert exists exactly when its triage result does); the lifecycle methods open their own
 * transaction on the pool. Every change is recorded in the alert's history with who, when and a note; illegal
 * actions fail with {@link IllegalTransitionException}, unknown alerts with {@link AlertNotFoundException}.
 */
public final class AlertService {

  public static final String ENGINE_ACTOR = "escalation-engine";
  public static final String SYSTEM_ACTOR = "system";
  public static final String PATIENT_ACTOR = "patient";
  /** Rule id under which a patient's contact requests are queued (one open request per patient). */
  public static final String CONTACT_REQUEST_RULE = "patient-contact-request";

  private static final Logger LOG = LoggerFactory.getLogger(AlertService.class);

  private final Pool pool;
  private final AlertsConfig config;
  private final Clock clock;
  private final AlertStore alerts = new AlertStore();
  private final NotificationStore notifications = new NotificationStore();
  private final ScheduleStore schedules = new ScheduleStore();
  private final Policies policies;

  public AlertService(Pool pool, AlertsConfig config, Clock clock) {
    this.pool = pool;
    this.config = config;
    this.clock = clock;
    this.policies = new Policies(config, schedules);
    if (config.usesDevelopmentSecret()) {
      LOG.warn("alerts: acknowledge tokens use the development secret; set ackTokenSecret in production");
    }
  }

  // ----- called by the hub's triage, inside its transaction -----

  /**
   * Opens an alert for (patient, rule), or raises the open one when the signal is worse. A worse level re-arms
   * escalation from the first step of the higher level's policy, and hands an acknowledged alert back to the queue.
   * A signal at the same or a lower level only records the latest reading (levels never drop while open).
   */
  public Future<AlertChange> raise(SqlConnection tx, AlertSignal signal) {
    return openOrRaise(tx, signal, AlertKind.READING, null, SYSTEM_ACTOR).recover(Sql::translate);
  }

  /**
   * The triage condition of (patient, rule) has cleared. Hysteresis is the caller's job: call this only once the
   * hub's rule considers the condition gone (e.g. N normal readings). An alert snoozed "until the condition clears"
   * is then resolved; so is an untouched OPEN alert below RED when {@link AlertsConfig#autoResolveOnClear()}.
   * Anything a person has touched, or RED and above, stays for a person to resolve with an outcome.
   */
  public Future<AlertChange> clear(SqlConnection tx, UUID patientId, String ruleId, Instant clearedAt) {
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

  /**
   * A patient's "I am worried, call me": enters the same queue as alerts, with the configured level (RED by
   * default) and deadline, and escalates under that level's policy. A second request while one is open adds the
   * text as a note.
   */
  public Future<AlertChange> contactRequest(SqlConnection tx, String clinicId, UUID patientId, String text) {
    AlertSignal signal = new AlertSignal(clinicId, patientId, CONTACT_REQUEST_RULE, config.contactRequestLevel(),
        "The patient asks to be called" + (text == null || text.isBlank() ? "." : ": " + text), clock.instant(),
        null);
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
            AlertState.OPEN, s.explanation(), s.readingRef(), s.measuredAt(), s.measuredAt(), now,
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

  // ----- lifecycle, for the HTTP layer -----

  public Future<Alert> acknowledge(UUID alertId, String actorId, String note) {
    return inTx(tx -> alerts.lock(tx, alertId).compose(a -> acknowledge(tx, a, actorId, note, clock.instant())));
  }

  private Future<Alert> acknowledge(SqlConnection tx, Alert a, String actorId, String note, Instant now) {
    AlertState next = AlertStateMachine.next(a.state(), AlertAction.ACKNOWLEDGE);
    Alert after = a.toBuilder().state(next).acknowledgedAt(now).acknowledgedBy(actorId).build();
    return save(tx, a, after, AlertAction.ACKNOWLEDGE, actorId, note, now)
        .compose(x -> notifications.cancelPendingPages(tx, a.id()))
        .compose(x -> policies.policyFor(tx, a.clinicId(), a.level()))
        .compose(policy -> arm(tx, a.id(), policy, EscalationPhase.ACKNOWLEDGED, now))
        .map(after);
  }

  /** A person hands the alert to the doctor: pages from the policy's first doctor step, now. */
  public Future<Alert> escalate(UUID alertId, String actorId, String note) {
    Instant now = clock.instant();
    return inTx(tx -> alerts.lock(tx, alertId).compose(a -> {
      AlertState next = AlertStateMachine.next(a.state(), AlertAction.ESCALATE);
      Alert after = a.toBuilder().state(next).escalatedAt(a.escalatedAt() == null ? now : a.escalatedAt()).build();
      return save(tx, a, after, AlertAction.ESCALATE, actorId, note, now)
          .compose(x -> policies.policyFor(tx, a.clinicId(), a.level()))
          .compose(policy -> {
            int index = 0;
            for (int i = 0; i < policy.steps().size(); i++) {
              if (policy.steps().get(i).pagesDoctor()) {
                index = i;
                break;
              }
            }
            int firstDoctorStep = index;
            return policy.steps().isEmpty() ? Future.succeededFuture()
                : alerts.armTimer(tx, a.id(), a.level(), EscalationPhase.UNACKNOWLEDGED, now)
                    .compose(x -> alerts.moveTimer(tx, a.id(), firstDoctorStep));
          })
          .map(after);
    }));
  }

  /** Closes the alert with where on the care ladder the clinic acted (required). */
  public Future<Alert> resolve(UUID alertId, String actorId, CareOutcome outcome, String note) {
    Objects.requireNonNull(outcome, "a person resolving an alert records the care-ladder outcome");
    Instant now = clock.instant();
    return inTx(tx -> alerts.lock(tx, alertId).compose(a -> {
      AlertState next = AlertStateMachine.next(a.state(), AlertAction.RESOLVE);
      Alert after = a.toBuilder().state(next).resolvedAt(now).resolvedBy(actorId).outcome(outcome)
          .snoozedUntil(null).snoozedUntilClear(false).build();
      return save(tx, a, after, AlertAction.RESOLVE, actorId, outcomeNote(outcome, note), now)
          .compose(x -> alerts.deleteTimer(tx, a.id()))
          .compose(x -> notifications.cancelAllPending(tx, a.id()))
          .map(after);
    }));
  }

  /** Reopens a resolved alert (fails with a conflict if the patient has a newer open alert for the rule). */
  public Future<Alert> reopen(UUID alertId, String actorId, String note) {
    Instant now = clock.instant();
    return inTx(tx -> alerts.lock(tx, alertId).compose(a -> {
      AlertState next = AlertStateMachine.next(a.state(), AlertAction.REOPEN);
      return policies.policyFor(tx, a.clinicId(), a.level()).compose(policy -> {
        Alert after = a.toBuilder().state(next).resolvedAt(null).resolvedBy(null).outcome(null).dischargedOn(null)
            .acknowledgedAt(null).acknowledgedBy(null).conditionClearedAt(null)
            .responseDeadline(now.plus(policy.responseDeadline())).build();
        return save(tx, a, after, AlertAction.REOPEN, actorId, note, now)
            .compose(x -> arm(tx, a.id(), policy, EscalationPhase.UNACKNOWLEDGED, now))
            .map(after);
      });
    }));
  }

  public Future<Alert> addNote(UUID alertId, String actorId, String note) {
    Objects.requireNonNull(note, "note");
    Instant now = clock.instant();
    return inTx(tx -> alerts.lock(tx, alertId).compose(a -> {
      AlertStateMachine.next(a.state(), AlertAction.NOTE);
      return alerts.recordTransition(tx, a.id(), now, actorId, AlertAction.NOTE, a.state(), a.state(), a.level(),
          a.level(), note).map(a);
    }));
  }

  /** Silences reminders until {@code until}; not for CRITICAL, and RED only once acknowledged. */
  public Future<Alert> snooze(UUID alertId, String actorId, Instant until, String note) {
    Instant now = clock.instant();
    if (!until.isAfter(now)) {
      return Future.failedFuture(new IllegalArgumentException("snooze until must be in the future"));
    }
    return inTx(tx -> alerts.lock(tx, alertId).compose(a -> {
      AlertStateMachine.checkSnooze(a.state(), a.level());
      Alert after = a.toBuilder().snoozedUntil(until).snoozedUntilClear(false).build();
      return save(tx, a, after, AlertAction.SNOOZE, actorId, "snoozed until " + until + noteSuffix(note), now)
          .compose(x -> alerts.holdTimer(tx, a.id(), until)).map(after);
    }));
  }

  /** Silences reminders until the hub reports the condition cleared ({@link #clear}), which then resolves it. */
  public Future<Alert> snoozeUntilClear(UUID alertId, String actorId, String note) {
    Instant now = clock.instant();
    return inTx(tx -> alerts.lock(tx, alertId).compose(a -> {
      AlertStateMachine.checkSnooze(a.state(), a.level());
      Alert after = a.toBuilder().snoozedUntil(null).snoozedUntilClear(true).build();
      return save(tx, a, after, AlertAction.SNOOZE, actorId, "snoozed until the condition clears" + noteSuffix(note), now)
          .compose(x -> alerts.holdTimer(tx, a.id(), null)).map(after);
    }));
  }

  /** Acknowledges every unacknowledged GREEN alert of the patients; returns how many. */
  public Future<Integer> acknowledgeAllGreen(List<UUID> patientIds, String actorId) {
    Instant now = clock.instant();
    return inTx(tx -> alerts.lockOpenOfLevel(tx, patientIds, Level.GREEN).compose(list -> {
      Future<Integer> chain = Future.succeededFuture(0);
      for (Alert a : list) {
        chain = chain.compose(n -> acknowledge(tx, a, actorId, "acknowledged with all green", now).map(n + 1));
      }
      return chain;
    }));
  }

  /** Closes an admission (outcome HOSPITAL_ADMISSION or MUNICIPAL_ACUTE_BED) with its discharge date. */
  public Future<Alert> discharge(UUID alertId, LocalDate dischargeDate, String actorId) {
    Instant now = clock.instant();
    return inTx(tx -> alerts.lock(tx, alertId).compose(a -> {
      AlertStateMachine.checkDischarge(a.state(), a.outcome(), a.dischargedOn() != null);
      LocalDate admitted = a.resolvedAt().atZone(config.defaultZone()).toLocalDate();
      if (dischargeDate.isBefore(admitted)) {
        throw new IllegalTransitionException(a.state(), AlertAction.DISCHARGE,
            "discharge date " + dischargeDate + " is before the admission on " + admitted);
      }
      Alert after = a.toBuilder().dischargedOn(dischargeDate).build();
      return save(tx, a, after, AlertAction.DISCHARGE, actorId, "discharged " + dischargeDate, now).map(after);
    }));
  }

  /**
   * Acknowledges the alert a notification's link points at, as the notification's recipient; further escalation
   * steps stop. Clicking again, or after someone else acknowledged, changes nothing. Unknown or expired tokens fail
   * with {@link AlertNotFoundException}.
   */
  public Future<Alert> acknowledgeByToken(String token) {
    Instant now = clock.instant();
    byte[] hash = AckTokens.hash(token == null ? "" : token);
    return inTx(tx -> notifications.lockToken(tx, hash).compose(found -> {
      if (found.isEmpty() || found.get().expiresAt().isBefore(now)) {
        throw new AlertNotFoundException("unknown or expired acknowledge token");
      }
      NotificationStore.TokenTarget target = found.get();
      return alerts.lock(tx, target.alertId()).compose(a -> {
        Future<Alert> acked = a.state().isUnacknowledged()
            ? acknowledge(tx, a, target.personId(), "acknowledged from notification link", now)
            : Future.succeededFuture(a);
        return acked.compose(after -> notifications.markTokenUsed(tx, target.notificationId(), now).map(after));
      });
    }));
  }

  // ----- queries -----

  public Future<Alert> get(UUID alertId) {
    return alerts.get(pool, alertId);
  }

  /** Every transition of the alert, oldest first. */
  public Future<List<AlertTransition>> history(UUID alertId) {
    return alerts.history(pool, alertId);
  }

  /** Open alerts of the clinics: worst level first, then the nearest (or most overdue) deadline; snoozed last. */
  public Future<List<QueueEntry>> openAlerts(List<String> clinicIds) {
    Instant now = clock.instant();
    return alerts.openAlerts(pool, clinicIds, now).map(list -> list.stream().map(a -> QueueEntry.of(a, now)).toList());
  }

  /** The patient-level view: one entry per patient with open alerts, worst patient first. */
  public Future<List<PatientAlerts>> openAlertsByPatient(List<String> clinicIds) {
    return openAlerts(clinicIds).map(entries -> {
      Map<UUID, List<QueueEntry>> byPatient = new LinkedHashMap<>();
      entries.forEach(e -> byPatient.computeIfAbsent(e.alert().patientId(), k -> new ArrayList<>()).add(e));
      List<PatientAlerts> out = new ArrayList<>();
      byPatient.forEach((patient, list) -> out.add(new PatientAlerts(patient, list.get(0).alert().clinicId(),
          list.stream().map(e -> e.alert().level()).max(Comparator.naturalOrder()).orElseThrow(),
          list.stream().map(e -> e.alert().responseDeadline()).min(Comparator.naturalOrder()).orElseThrow(),
          List.copyOf(list))));
      out.sort(Comparator.comparing(PatientAlerts::worstLevel).reversed()
          .thenComparing(PatientAlerts::earliestDeadline));
      return out;
    });
  }

  /** The module's configuration (its default policies apply to clinics without their own). */
  public AlertsConfig config() {
    return config;
  }

  /** Who holds the role at {@code at}, and who is next. */
  public Future<OnCall> whoIsOnCall(String clinicId, OnCallRole role, Instant at) {
    return schedules.schedule(pool, clinicId, at).map(s -> s.whoIsOnCall(role, at));
  }

  /** The delivery log of an alert's notifications. */
  public Future<List<NotificationStore.Stored>> notifications(UUID alertId) {
    return notifications.forAlert(pool, alertId);
  }

  /**
   * Clinic figures for alerts opened in [from, to). {@code monitoredPatients} (known to the hub) is the denominator
   * of alerts per patient-week.
   */
  public Future<dk.telemonitoring.alerts.domain.ClinicFigures> figures(String clinicId, Instant from, Instant to,
      int monitoredPatients) {
    return new dk.telemonitoring.alerts.store.FiguresStore().figures(pool, clinicId, from, to, monitoredPatients);
  }

  // ----- helpers -----

  private Future<Void> arm(SqlConnection tx, UUID alertId, EscalationPolicy policy, EscalationPhase phase, Instant now) {
    return EscalationPlan.firstDelay(policy, phase)
        .map(delay -> alerts.armTimer(tx, alertId, policy.level(), phase, now.plus(delay)))
        .orElseGet(() -> alerts.deleteTimer(tx, alertId));
  }

  private Future<Alert> save(SqlConnection tx, Alert before, Alert after, AlertAction action, String actor,
      String note, Instant now) {
    return alerts.update(tx, after, now)
        .compose(x -> alerts.recordTransition(tx, after.id(), now, actor, action, before.state(), after.state(),
            before.level(), after.level(), note))
        .map(after);
  }

  private <T> Future<T> inTx(Function<SqlConnection, Future<T>> work) {
    return pool.withTransaction(tx -> {
      try {
        return work.apply(tx);
      } catch (RuntimeException e) {
        return Future.failedFuture(e);
      }
    }).recover(Sql::translate);
  }

  private static String outcomeNote(CareOutcome outcome, String note) {
    return "outcome " + outcome + noteSuffix(note);
  }

  private static String noteSuffix(String note) {
    return note == null || note.isBlank() ? "" : ": " + note;
  }

}

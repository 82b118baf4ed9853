package dk.telemonitoring.alerts;

import dk.telemonitoring.alerts.domain.AckTokens;
import dk.telemonitoring.alerts.domain.Advice;
import dk.telemonitoring.alerts.domain.AdviceInstruction;
import dk.telemonitoring.alerts.domain.AdviceOnClosedAlert;
import dk.telemonitoring.alerts.domain.Alert;
import dk.telemonitoring.alerts.domain.AlertChange;
import dk.telemonitoring.alerts.domain.AlertFinding;
import dk.telemonitoring.alerts.domain.AlertNotFoundException;
import dk.telemonitoring.alerts.domain.AlertSignal;
import dk.telemonitoring.alerts.domain.AlertTransition;
import dk.telemonitoring.alerts.domain.CareOutcome;
import dk.telemonitoring.alerts.domain.IllegalTransitionException;
import dk.telemonitoring.alerts.domain.LinkTarget;
import dk.telemonitoring.alerts.domain.OnCall;
import dk.telemonitoring.alerts.domain.OnCallRole;
import dk.telemonitoring.alerts.domain.PatientAlerts;
import dk.telemonitoring.alerts.domain.QueueEntry;
import dk.telemonitoring.alerts.domain.SeenFindings;
import dk.telemonitoring.alerts.store.AdviceStore;
import dk.telemonitoring.alerts.store.AlertStore;
import dk.telemonitoring.alerts.store.FindingStore;
import dk.telemonitoring.alerts.store.NotificationStore;
import dk.telemonitoring.alerts.store.ScheduleStore;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The facade the hub calls. {@link #raise}, {@link #clear} and {@link #contactRequest} run on the
 * hub's own transaction (so an alert exists exactly when its triage result does); the lifecycle
 * methods open their own transaction on the pool. Every change is recorded in the alert's history
 * with who, when and a note; illegal actions fail with {@link IllegalTransitionException}, unknown
 * alerts with {@link AlertNotFoundException}.
 *
 * <p>The triage signals are carried out by {@link AlertSignals} and {@link AlertClearing}, the
 * lifecycle by {@link NurseActions} and {@link AlertFollowUps}; all build on {@link AlertWrites}.
 * This class keeps the queries.
 */
public final class AlertService {

  public static final String ENGINE_ACTOR = "escalation-engine";
  public static final String SYSTEM_ACTOR = "system";
  public static final String PATIENT_ACTOR = "patient";

  /**
   * Rule id under which a patient's contact requests are queued (one open request per patient); the
   * hub's name too.
   */
  public static final String CONTACT_REQUEST_RULE = "contact.request";

  /** How a "call me" alert's explanation begins; the patient's own words follow after a colon. */
  public static final String CONTACT_REQUEST_WORDING = "The patient asks to be called";

  public static final String CONTACT_REQUEST_WORDING_DA = "Patienten beder om at blive ringet op";

  private static final Logger LOG = LoggerFactory.getLogger(AlertService.class);

  private final Pool pool;
  private final AlertsConfig config;
  private final Clock clock;
  private final AlertStore alerts = new AlertStore();
  private final FindingStore findings = new FindingStore();
  private final NotificationStore notifications = new NotificationStore();
  private final ScheduleStore schedules = new ScheduleStore();
  private final AdviceStore advice = new AdviceStore();
  private final AlertSignals signals;
  private final AlertClearing clearing;
  private final NurseActions actions;
  private final AlertFollowUps followUps;

  public AlertService(Pool pool, AlertsConfig config, Clock clock) {
    this.pool = pool;
    this.config = config;
    this.clock = clock;
    Policies policies = new Policies(config, schedules);
    this.signals = new AlertSignals(config, clock, alerts, findings, notifications, policies);
    this.clearing = new AlertClearing(config, clock, alerts, findings, notifications, policies);
    this.actions = new NurseActions(pool, config, clock, alerts, notifications, policies);
    this.followUps = new AlertFollowUps(pool, config, clock, alerts, notifications, policies);
    if (config.usesDevelopmentSecret()) {
      LOG.warn(
          "alerts: acknowledge tokens use the development secret; set ackTokenSecret in production");
    }
  }

  // ----- called by the hub's triage, inside its transaction -----

  /**
   * The rule's finding joins the patient's one open alert (opening it when there is none). A
   * finding worse than the alert raises it: escalation re-armed from the first step of the higher
   * level's policy, an acknowledged alert handed back to the queue. A finding at or below the
   * alert's level only updates the finding (no page); levels never drop while the alert is open.
   */
  public Future<AlertChange> raise(SqlConnection tx, AlertSignal signal) {
    return signals.raise(tx, signal);
  }

  /**
   * As {@link #raise}, but only into the patient's open alert: when there is none, nothing happens.
   * For a finding about a reading that already raised its alert (the hub's critical lane), so that
   * a person's resolution in between is not answered with a second alert and page.
   */
  public Future<AlertChange> join(SqlConnection tx, AlertSignal signal) {
    return signals.joinOpen(tx, signal);
  }

  /**
   * The rule's condition is better but still abnormal (the hub's hysteresis): its finding in the
   * patient's open alert takes the signal's lower level, and its words and reading when the signal
   * has them and its reading is the finding's newest. The alert keeps its level; a person decides
   * when it is over.
   */
  public Future<AlertChange> lower(SqlConnection tx, AlertSignal lowered) {
    return clearing.lower(tx, lowered);
  }

  /**
   * The triage condition of (patient, rule) has cleared. Hysteresis is the caller's job: call this
   * only once the hub's rule considers the condition gone (e.g. N normal readings). The rule's
   * finding is marked cleared; once every finding of the patient's alert is cleared, an alert
   * snoozed "until the condition clears" is resolved, and so is an untouched OPEN alert below RED
   * when {@link AlertsConfig#autoResolveOnClear()}. Anything a person has touched, or RED and
   * above, stays for a person to resolve with an outcome.
   */
  public Future<AlertChange> clear(
      SqlConnection tx, UUID patientId, String ruleId, Instant clearedAt) {
    return clearing.clear(tx, patientId, ruleId, clearedAt);
  }

  /**
   * The rules with a live (not cleared) finding in the patient's open alert, on the hub's
   * transaction. Triage holds its own episode state per rule; every other episode must start afresh
   * (a person resolved the alert, or the finding cleared), or the patient's next abnormal reading
   * would be taken for more of a closed episode and open nothing.
   */
  public Future<Set<String>> openRules(SqlConnection tx, UUID patientId) {
    return findings.liveRulesOfOpenAlert(tx, patientId);
  }

  /** {@link #openRules(SqlConnection, UUID)} of several patients, in one statement. */
  public Future<Map<UUID, Set<String>>> openRules(SqlConnection tx, List<UUID> patientIds) {
    return findings.liveRulesOfOpenAlerts(tx, patientIds);
  }

  /**
   * A patient's "I am worried, call me": the contact finding of the patient's alert, with the
   * configured level (RED by default) and deadline, escalating under that level's policy. Each
   * request rewords the finding (and the alert, when the request set its level) with the patient's
   * newest words, and adds them as a note.
   */
  public Future<AlertChange> contactRequest(
      SqlConnection tx, String clinicId, UUID patientId, String text) {
    return signals.contactRequest(tx, clinicId, patientId, text, text);
  }

  /** As above, with the words in English ({@code text}) and Danish ({@code textDa}). */
  public Future<AlertChange> contactRequest(
      SqlConnection tx, String clinicId, UUID patientId, String text, String textDa) {
    return signals.contactRequest(tx, clinicId, patientId, text, textDa);
  }

  // ----- lifecycle, for the HTTP layer -----

  public Future<Alert> acknowledge(UUID alertId, String actorId, String note) {
    return actions.acknowledge(alertId, actorId, note);
  }

  /** A person hands the alert to the doctor: pages from the policy's first doctor step, now. */
  public Future<Alert> escalate(UUID alertId, String actorId, String note) {
    return actions.escalate(alertId, actorId, note);
  }

  /** Closes the alert with where on the care ladder the clinic acted (required). */
  public Future<Alert> resolve(UUID alertId, String actorId, CareOutcome outcome, String note) {
    return actions.resolve(alertId, actorId, outcome, note);
  }

  /**
   * Resolves the alert as the person saw it: refused with {@link
   * dk.telemonitoring.alerts.domain.AlertChangedException} when a reading joined it since.
   */
  public Future<Alert> resolve(
      UUID alertId, String actorId, CareOutcome outcome, String note, SeenFindings seen) {
    return actions.resolve(alertId, actorId, outcome, note, seen);
  }

  /**
   * As {@link #resolve(UUID, String, CareOutcome, String, SeenFindings)}; with {@code
   * carriesOutAdvice} (a nurse closing it, who acts on the advice shown with the alert) the alert's
   * advice counts as carried out. A doctor's closing leaves it for the nurses ({@link
   * #adviceOnClosedAlerts}).
   */
  public Future<Alert> resolve(
      UUID alertId,
      String actorId,
      CareOutcome outcome,
      String note,
      SeenFindings seen,
      boolean carriesOutAdvice) {
    return actions.resolve(alertId, actorId, outcome, note, seen, carriesOutAdvice);
  }

  /** Reopens a resolved alert (fails with a conflict if the patient has a newer open alert). */
  public Future<Alert> reopen(UUID alertId, String actorId, String note) {
    return actions.reopen(alertId, actorId, note);
  }

  public Future<Alert> addNote(UUID alertId, String actorId, String note) {
    return actions.addNote(alertId, actorId, note);
  }

  /** Silences reminders until {@code until}; not for CRITICAL, and RED only once acknowledged. */
  public Future<Alert> snooze(UUID alertId, String actorId, Instant until, String note) {
    return followUps.snooze(alertId, actorId, until, note);
  }

  /**
   * Silences reminders until the hub reports the condition cleared ({@link #clear}), which then
   * resolves it.
   */
  public Future<Alert> snoozeUntilClear(UUID alertId, String actorId, String note) {
    return followUps.snoozeUntilClear(alertId, actorId, note);
  }

  /** Acknowledges every unacknowledged GREEN alert of the patients; returns how many. */
  public Future<Integer> acknowledgeAllGreen(List<UUID> patientIds, String actorId) {
    return actions.acknowledgeAllGreen(patientIds, actorId);
  }

  /**
   * Closes an admission (outcome HOSPITAL_ADMISSION or MUNICIPAL_ACUTE_BED) with its discharge
   * date.
   */
  public Future<Alert> discharge(UUID alertId, LocalDate dischargeDate, String actorId) {
    return followUps.discharge(alertId, dischargeDate, actorId);
  }

  /**
   * Acknowledges the alert a notification's link points at, as the notification's recipient;
   * further escalation steps stop. Clicking again, or after someone else acknowledged, changes
   * nothing. Unknown or expired tokens fail with {@link AlertNotFoundException}.
   */
  public Future<Alert> acknowledgeByToken(String token) {
    return actions.acknowledgeByToken(token);
  }

  /**
   * A doctor's advice to the nurse on the alert (an instruction and optional free text, required
   * for a rescue pack); not on a resolved alert. Fails with {@link IllegalArgumentException} for
   * text that is missing or too long.
   */
  public Future<Advice> advise(
      UUID alertId, String actorId, String actorName, AdviceInstruction instruction, String note) {
    return followUps.advise(alertId, actorId, actorName, instruction, note);
  }

  /**
   * What a notification's signed link opens, expired or not (the caller says which it refuses);
   * empty for a token no notification has.
   */
  public Future<Optional<LinkTarget>> linkTarget(String token) {
    return notifications.linkTarget(pool, AckTokens.hash(token == null ? "" : token));
  }

  // ----- queries -----

  public Future<Alert> get(UUID alertId) {
    return alerts.get(pool, alertId);
  }

  /** Every transition of the alert, oldest first. */
  public Future<List<AlertTransition>> history(UUID alertId) {
    return alerts.history(pool, alertId);
  }

  /**
   * Open alerts of the clinics: worst level first, then the nearest (or most overdue) deadline;
   * snoozed last.
   */
  public Future<List<QueueEntry>> openAlerts(List<String> clinicIds) {
    Instant now = clock.instant();
    return alerts
        .openAlerts(pool, clinicIds, now)
        .map(list -> list.stream().map(a -> QueueEntry.of(a, now)).toList());
  }

  /**
   * The findings of each alert (live first, then worst first), for the screens. Every alert has at
   * least one; an id without findings maps to an empty list.
   */
  public Future<Map<UUID, List<AlertFinding>>> findings(List<UUID> alertIds) {
    return findings.of(pool, alertIds);
  }

  /**
   * The patient-level view: one entry per patient with an open alert (at most one each), worst
   * patient first.
   */
  public Future<List<PatientAlerts>> openAlertsByPatient(List<String> clinicIds) {
    return openAlerts(clinicIds).map(PatientAlerts::byPatient);
  }

  /** The newest advice of each alert that has any. */
  public Future<Map<UUID, Advice>> latestAdvice(List<UUID> alertIds) {
    return advice.latest(pool, alertIds);
  }

  /**
   * The doctor (on-call or backup, by person id) each alert last paged, for alerts that paged one.
   */
  public Future<Map<UUID, String>> escalatedTo(List<UUID> alertIds) {
    return notifications.lastDoctorPaged(pool, alertIds);
  }

  /** Every advice on the alert, oldest first. */
  public Future<List<Advice>> advice(UUID alertId) {
    return advice.ofAlert(pool, alertId);
  }

  /**
   * Advice the clinics' nurses still have to carry out on alerts that closed before they did (a
   * doctor closed the alert, or it closed itself when the readings were normal again), with its
   * alert; oldest first.
   */
  public Future<List<AdviceOnClosedAlert>> adviceOnClosedAlerts(List<String> clinicIds) {
    return advice
        .awaitingOnClosedAlerts(pool, clinicIds)
        .compose(
            list ->
                alerts
                    .byIds(pool, list.stream().map(Advice::alertId).toList())
                    .map(found -> AdviceOnClosedAlert.pair(list, found)));
  }

  /** A nurse carried out the advice after its alert closed ({@link AlertFollowUps#carryOut}). */
  public Future<Advice> carryOutAdvice(UUID alertId, long adviceId, String actorId) {
    return followUps.carryOut(alertId, adviceId, actorId);
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
   * Clinic figures for alerts opened in [from, to). {@code monitoredPatients} (known to the hub) is
   * the denominator of alerts per patient-week.
   */
  public Future<dk.telemonitoring.alerts.domain.ClinicFigures> figures(
      String clinicId, Instant from, Instant to, int monitoredPatients) {
    return new dk.telemonitoring.alerts.store.FiguresStore()
        .figures(pool, clinicId, from, to, monitoredPatients);
  }
}

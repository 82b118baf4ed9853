package dk.telemonitoring.hub.app;

import dk.telemonitoring.alerts.AlertService;
import dk.telemonitoring.alerts.domain.Level;
import dk.telemonitoring.hub.triage.worker.AlertClear;
import dk.telemonitoring.hub.triage.worker.AlertSignal;
import dk.telemonitoring.hub.triage.worker.AlertSink;
import dk.telemonitoring.hub.triage.worker.TriageWorker;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Triage's alert sink, backed by the alerts module, inside triage's own transaction. Each rule's signal becomes that
 * rule's finding in the patient's one open alert.
 */
final class AlertsBridge implements AlertSink {

  private final AlertService alerts;

  AlertsBridge(AlertService alerts) {
    this.alerts = alerts;
  }

  /** The triage rule id of a patient's "call me" request. */
  static final String CONTACT_RULE = TriageWorker.CONTACT_RULE;

  @Override
  public Future<Void> signal(SqlConnection tx, AlertSignal s) {
    if (CONTACT_RULE.equals(s.ruleId())) {
      // Same queue as alerts, with the clinic's own level and deadline for patient-initiated contact.
      return alerts.contactRequest(tx, s.clinicId(), s.patientId(), patientWords(s)).mapEmpty();
    }
    return alerts.raise(tx, new dk.telemonitoring.alerts.domain.AlertSignal(s.clinicId(), s.patientId(), s.ruleId(),
        Level.valueOf(s.level().name()), s.explanation().en(), s.explanation().da(), s.measuredAt(), s.readingRef(),
        s.inputs())).mapEmpty();
  }

  /**
   * The rules with a live finding in the patient's one open alert. The alerts module queues "call me" under its own
   * rule id; triage knows it as {@link #CONTACT_RULE}.
   */
  @Override
  public Future<Set<String>> openRules(SqlConnection tx, UUID patientId) {
    return alerts.openRules(tx, patientId).map(rules -> rules.stream()
        .map(r -> AlertService.CONTACT_REQUEST_RULE.equals(r) ? CONTACT_RULE : r).collect(Collectors.toSet()));
  }

  /**
   * Once triage's hysteresis is satisfied: the rule's finding is cleared, or takes a lower but still abnormal level.
   * The alert keeps its level either way: it only ever escalates on its own, and a person decides when it is over.
   */
  @Override
  public Future<Void> clear(SqlConnection tx, AlertClear c) {
    String rule = CONTACT_RULE.equals(c.ruleId()) ? AlertService.CONTACT_REQUEST_RULE : c.ruleId();
    if (!c.cleared()) {
      return alerts.lower(tx, c.patientId(), rule, Level.valueOf(c.level().name()), c.measuredAt()).mapEmpty();
    }
    return alerts.clear(tx, c.patientId(), rule, c.measuredAt()).mapEmpty();
  }

  /** The patient's own words and reason: the alerts module words the sentence around them. */
  private static String patientWords(AlertSignal s) {
    String text = String.valueOf(s.inputs().getOrDefault("text", "")).strip();
    String reason = String.valueOf(s.inputs().getOrDefault("reason", "")).strip();
    if (reason.isEmpty()) return text;
    return text.isEmpty() ? reason : text + " (" + reason + ")";
  }
}

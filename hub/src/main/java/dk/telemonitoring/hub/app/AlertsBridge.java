package dk.telemonitoring.hub.app;

import dk.telemonitoring.alerts.AlertService;
import dk.telemonitoring.alerts.domain.AlertChange;
import dk.telemonitoring.hub.triage.ContactReasons;
import dk.telemonitoring.hub.triage.Explanation;
import dk.telemonitoring.hub.triage.worker.AlertClear;
import dk.telemonitoring.hub.triage.worker.AlertSignal;
import dk.telemonitoring.hub.triage.worker.AlertSink;
import dk.telemonitoring.hub.triage.worker.TriageWorker;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Triage's alert sink, backed by the alerts module, inside triage's own transaction. Each rule's
 * signal becomes that rule's finding in the patient's one open alert.
 */
final class AlertsBridge implements AlertSink {

  private final AlertService alerts;

  AlertsBridge(AlertService alerts) {
    this.alerts = alerts;
  }

  /** A patient's "call me" request: triage and the alerts module know it by one name. */
  static final String CONTACT_RULE = TriageWorker.CONTACT_RULE;

  static {
    if (!CONTACT_RULE.equals(AlertService.CONTACT_REQUEST_RULE)) {
      throw new IllegalStateException(
          "triage and the alerts module name the contact request differently");
    }
  }

  @Override
  public Future<Void> signal(SqlConnection tx, AlertSignal s) {
    if (CONTACT_RULE.equals(s.ruleId())) {
      // Same queue as alerts, with the clinic's own level and deadline for patient-initiated
      // contact.
      Explanation why = reason(s);
      return alerts
          .contactRequest(
              tx, s.clinicId(), s.patientId(), patientWords(s, why.en()), patientWords(s, why.da()))
          .mapEmpty();
    }
    return alerts.raise(tx, toAlerts(s)).mapEmpty();
  }

  @Override
  public Future<Boolean> join(SqlConnection tx, AlertSignal s) {
    if (CONTACT_RULE.equals(s.ruleId())) {
      return signal(tx, s).map(true);
    }
    return alerts.join(tx, toAlerts(s)).map(change -> change.kind() != AlertChange.Kind.NONE);
  }

  private static dk.telemonitoring.alerts.domain.AlertSignal toAlerts(AlertSignal s) {
    return new dk.telemonitoring.alerts.domain.AlertSignal(
        s.clinicId(),
        s.patientId(),
        s.ruleId(),
        s.level(),
        s.explanation().en(),
        s.explanation().da(),
        s.measuredAt(),
        s.readingRef(),
        s.inputs());
  }

  /** The rules with a live finding in the patient's one open alert. */
  @Override
  public Future<Set<String>> openRules(SqlConnection tx, UUID patientId) {
    return alerts.openRules(tx, patientId);
  }

  /** The same for a triage batch's patients, in one statement. */
  @Override
  public Future<Map<UUID, Set<String>>> openRules(SqlConnection tx, List<UUID> patients) {
    return alerts.openRules(tx, patients);
  }

  /**
   * Once triage's hysteresis is satisfied: the rule's finding is cleared, or takes a lower but
   * still abnormal level. The alert keeps its level either way: it only ever escalates on its own,
   * and a person decides when it is over.
   */
  @Override
  public Future<Void> clear(SqlConnection tx, AlertClear c) {
    String rule = c.ruleId();
    if (!c.cleared()) {
      // The finding takes the lower level and, when they name it, the words of the reading that
      // lowered it: "SpO2 82 % ... CRITICAL" beside a RED badge read as a contradiction.
      Explanation words = c.explanation();
      return alerts
          .lower(
              tx,
              new dk.telemonitoring.alerts.domain.AlertSignal(
                  c.clinicId(),
                  c.patientId(),
                  rule,
                  c.level(),
                  words == null ? null : words.en(),
                  words == null ? null : words.da(),
                  c.measuredAt(),
                  words == null ? null : c.readingRef(),
                  Map.of()))
          .mapEmpty();
    }
    return alerts.clear(tx, c.patientId(), rule, c.measuredAt()).mapEmpty();
  }

  private static Explanation reason(AlertSignal s) {
    return ContactReasons.words(
        String.valueOf(s.inputs().getOrDefault("reason", "")),
        String.valueOf(s.inputs().getOrDefault("relation", "")));
  }

  /**
   * The patient's own words (as they wrote them) and the reason in one language: the alerts module
   * words the sentence around them.
   */
  private static String patientWords(AlertSignal s, String reason) {
    String text = String.valueOf(s.inputs().getOrDefault("text", "")).strip();
    if (reason.isEmpty()) return text;
    return text.isEmpty() ? reason : text + " (" + reason + ")";
  }
}

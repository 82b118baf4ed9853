package dk.telemonitoring.hub.triage.engine;

import dk.telemonitoring.alerts.domain.Level;
import dk.telemonitoring.hub.triage.Finding;
import dk.telemonitoring.hub.triage.Observation;
import dk.telemonitoring.hub.triage.PatientContext;
import dk.telemonitoring.hub.triage.TriageConfig;
import dk.telemonitoring.hub.triage.TriageInput;
import dk.telemonitoring.hub.triage.rules.ParameterLimitRule;
import java.time.Instant;
import java.util.List;

/**
 * The critical lane's judgement of one message, ahead of full triage: the CRITICAL findings of the
 * per-parameter limit rule (the patient's CRITICAL limit or a CRITICAL floor), worded and keyed as
 * full triage words and keys them ({@code limit.<code>}), so that full triage later joins the same
 * finding of the same alert. Nothing that needs history (NEWS2 aggregate, trends) is judged here.
 * Plain Java, no I/O.
 */
public final class CriticalJudgement {

  private final TriageConfig config;
  private final ParameterLimitRule limits = new ParameterLimitRule();

  public CriticalJudgement(TriageConfig config) {
    this.config = config;
  }

  /** The message's CRITICAL findings; none when the patient's alarms do not count now. */
  public List<Finding> judge(PatientContext patient, List<Observation> message) {
    List<Observation> spot = message.stream().filter(o -> !o.continuous()).toList();
    if (spot.isEmpty()) return List.of();
    TriageInput in = new TriageInput(patient, spot, List.of(), config);
    if (!alarmable(patient, in.at())) return List.of();
    return limits.evaluate(in).stream().filter(f -> f.level() == Level.CRITICAL).toList();
  }

  /**
   * The one place the lane asks whether the patient's readings may alarm at {@code at}: not while
   * the patient is admitted to hospital or after the end of enrolment (the context's passive
   * intervals; a holiday pause still alarms). Full triage then stores the result without an alert.
   */
  public static boolean alarmable(PatientContext patient, Instant at) {
    return !patient.passiveAt(at);
  }
}

package dk.telemonitoring.hub.triage.engine;

import dk.telemonitoring.alerts.domain.Level;
import dk.telemonitoring.hub.triage.Finding;
import dk.telemonitoring.hub.triage.Observation;
import dk.telemonitoring.hub.triage.PatientContext;
import dk.telemonitoring.hub.triage.TriageConfig;
import dk.telemonitoring.hub.triage.TriageInput;
import dk.telemonitoring.hub.triage.TriageOutcome;
import dk.telemonitoring.hub.triage.TriageRule;
import dk.telemonitoring.hub.triage.rules.BaselineDeviationRule;
import dk.telemonitoring.hub.triage.rules.EwmaTrendRule;
import dk.telemonitoring.hub.triage.rules.News2Rule;
import dk.telemonitoring.hub.triage.rules.ParameterLimitRule;
import dk.telemonitoring.hub.triage.rules.SpirometryRule;
import dk.telemonitoring.hub.triage.rules.SymptomRule;
import dk.telemonitoring.hub.triage.rules.WeightGainRule;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the rules over one message in its place in the patient's series (event time: rules see only
 * readings measured at or before the message) and combines their findings. Plain Java, no I/O.
 */
public final class TriageEngine {

  private final TriageConfig config;
  private final List<TriageRule> rules;

  public TriageEngine(TriageConfig config) {
    this(config, standardRules(config));
  }

  /**
   * An engine with the given rules instead of the standard ones (tests take a rule or a guard out
   * of the way).
   */
  public TriageEngine(TriageConfig config, List<TriageRule> rules) {
    this.config = config;
    this.rules = List.copyOf(rules);
  }

  private static List<TriageRule> standardRules(TriageConfig config) {
    List<TriageRule> r = new ArrayList<>();
    r.add(new News2Rule());
    r.add(new ParameterLimitRule());
    r.add(new SpirometryRule());
    r.add(new WeightGainRule());
    r.add(new SymptomRule());
    if (config.baselines()) r.add(new BaselineDeviationRule());
    if (config.trends()) r.add(new EwmaTrendRule());
    return r;
  }

  public TriageConfig config() {
    return config;
  }

  public TriageOutcome evaluate(
      PatientContext patient, List<Observation> message, List<Observation> history) {
    return evaluate(new TriageInput(patient, message, history, config), message);
  }

  /**
   * As {@link #evaluate}, for a batch: {@code byTime} is the patient's window in order of
   * measurement time, holding the message's stored readings at their own times ({@link
   * TriageInput#inWindow}), read in place instead of copied per message.
   */
  public TriageOutcome evaluateInWindow(
      PatientContext patient, List<Observation> message, List<Observation> byTime) {
    return evaluate(TriageInput.inWindow(patient, message, byTime, config), message);
  }

  private TriageOutcome evaluate(TriageInput in, List<Observation> message) {
    PatientContext patient = in.patient();
    List<Finding> findings = new ArrayList<>();
    for (TriageRule rule : rules) {
      findings.addAll(rule.evaluate(in));
    }
    Level level = findings.stream().map(Finding::level).reduce(Level.GREEN, Level::max);
    // The repeat after 5-10 min of rest (docs/clinical-reference.md#repeat-before-alert) is the
    // next reading of the
    // same kind within the repeat window. A first reading marked "measured at rest" is not one:
    // patients are taught to
    // rest before every measurement, so counting rest as confirmation asked nobody to repeat
    // anything.
    boolean confirmation =
        message.stream()
            .anyMatch(
                m ->
                    in.historySince(in.at().minus(config.repeatWindow())).stream()
                        .anyMatch(
                            h ->
                                h.type() == m.type()
                                    && !h.measuredAt()
                                        .isBefore(in.at().minus(config.repeatWindow()))));
    boolean implausible = message.stream().anyMatch(Observation::implausible);
    boolean repeatable =
        findings.stream().filter(f -> f.level() == level).allMatch(Finding::repeatable);
    // A continuous recording is not asked to repeat: its alarms wait for a held run of samples
    // instead (Hysteresis).
    boolean continuous = message.stream().anyMatch(Observation::continuous);
    boolean repeat =
        config.repeatBeforeAlert()
            && !continuous
            && !confirmation
            && level.abnormal()
            && level.compareTo(Level.CRITICAL) < 0
            && repeatable;
    return new TriageOutcome(
        in.at(), level, findings, patient.passiveAt(in.at()), repeat, confirmation, implausible);
  }
}

package dk.telemonitoring.demo.eval;

import dk.telemonitoring.hub.reading.RejectReason;
import dk.telemonitoring.hub.triage.Condition;
import dk.telemonitoring.sim.cohort.CohortSpec;
import dk.telemonitoring.sim.patient.EpisodeKind;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Everything a {@link DeviceSimEvaluation} run produced; {@link #print} writes the report. */
public record DeviceSimReport(
    DeviceSimOptions options,
    Map<Condition, Integer> patientsByCondition,
    Map<String, Map<String, TriageEvaluation.Result>> arms,
    int censored,
    long sent,
    long duplicatesSent,
    long notDelivered,
    long duplicatesDropped,
    Map<RejectReason, Long> rejected,
    long stored,
    long faultyStored,
    long contacts,
    int repeatsAsked,
    int repeatsDone) {

  public long quarantined() {
    return rejected.values().stream().mapToLong(Long::longValue).sum();
  }

  public static final String ALL = "all";

  public TriageEvaluation.Result result(String arm, String condition) {
    return arms.get(arm).get(condition);
  }

  public void print(PrintStream out) {
    DeviceSimOptions o = options;
    out.printf(
        Locale.ROOT,
        "device-sim cohort: %d patients (%d COPD, %d fibrosis, %d heart failure), %d weeks scored "
            + "after a %d-day run-in, seed %d%n",
        o.patients(),
        patientsByCondition.getOrDefault(Condition.COPD, 0),
        patientsByCondition.getOrDefault(Condition.FIBROSIS, 0),
        patientsByCondition.getOrDefault(Condition.HEART_FAILURE, 0),
        o.weeks(),
        SyntheticCohort.RUN_IN_DAYS,
        o.seed());
    Map<EpisodeKind, Double> realistic = CohortSpec.defaults(1, 1, o.start(), 0).episodesPerYear();
    boolean raised = realistic.entrySet().stream().allMatch(e -> o.rate(e.getKey()) > e.getValue());
    boolean same = realistic.entrySet().stream().allMatch(e -> o.rate(e.getKey()) == e.getValue());
    out.printf(
        Locale.ROOT,
        "episode rates per patient-year: COPD exacerbation %s, HF decompensation %s, fibrosis "
            + "decline %s (%s)%n",
        num(o.rate(EpisodeKind.COPD_EXACERBATION)),
        num(o.rate(EpisodeKind.HF_DECOMPENSATION)),
        num(o.rate(EpisodeKind.FIBROSIS_DECLINE)),
        same
            ? "the simulator's realistic defaults"
            : (raised
                    ? "raised for the evaluation so that there are enough episodes to score"
                    : "set for this run")
                + "; the simulator's realistic defaults are 2 / 1.5 / 1");
    TriageEvaluation.Result any = arms.values().iterator().next().get(ALL);
    out.printf(
        Locale.ROOT,
        "ground truth: %d episodes scored (%s), %d censored (peak after the period's end)%n",
        any.episodes(),
        byCondition(arms.values().iterator().next()),
        censored);
    String reasons =
        rejected.entrySet().stream()
            .sorted(Map.Entry.<RejectReason, Long>comparingByValue().reversed())
            .map(e -> e.getKey().name().toLowerCase(Locale.ROOT) + " " + e.getValue())
            .reduce((a, b) -> a + ", " + b)
            .orElse("none");
    out.printf(
        Locale.ROOT,
        "devices (%s): %d messages sent (%d re-sent duplicates), %d quarantined by the hub's "
            + "decoder (%s), %d duplicates dropped by msgId, %d not sent before the period's end; %d measurement "
            + "sets stored and triaged%n",
        o.perfectDevices() ? "perfect" : "realistic faults",
        sent,
        duplicatesSent,
        quarantined(),
        reasons,
        duplicatesDropped,
        notDelivered,
        stored);
    if (faultyStored > 0) {
      out.printf(
          Locale.ROOT,
          "note: %d of the simulator's deliberately bad payloads were accepted by the decoder%n",
          faultyStored);
    }
    out.printf(
        Locale.ROOT,
        "contact requests in the scored weeks: %d (%.3f per patient-week), alerted alike in both "
            + "arms and not counted below%n",
        contacts,
        contacts / (double) (o.patients() * o.weeks()));
    out.printf(
        Locale.ROOT,
        "full engine repeat-before-alert: %d repeats asked, %d done after rest%n",
        repeatsAsked,
        repeatsDone);
    out.println(
        "detected: alert opened or raised on a reading measured between onset and end; delay: onset to "
            + "the alert reaching the hub; false: alert not within onset to end + 3 days of an episode");
    out.println(
        "alerts: per rule (a rule's episode opens); cases: per patient (the patient's one open alert opens "
            + "while no rule's episode is open, and closes when all have cleared; no nurse resolves here)");
    out.printf(
        Locale.ROOT,
        "%-14s %-14s %16s %17s %20s %26s %19s %25s%n",
        "arm",
        "condition",
        "sensitivity",
        "median delay (d)",
        "alerts/patient-week",
        "false alerts/patient-week",
        "cases/patient-week",
        "false cases/patient-week");
    for (var arm : arms.entrySet()) {
      for (var row : arm.getValue().entrySet()) {
        TriageEvaluation.Result r = row.getValue();
        out.printf(
            Locale.ROOT,
            "%-14s %-14s %4d/%-4d %5s %17s %20.3f %26.3f %19.3f %25.3f%n",
            arm.getKey(),
            row.getKey(),
            r.detected(),
            r.episodes(),
            r.episodes() == 0 ? "-" : String.format(Locale.ROOT, "%.0f%%", 100 * r.sensitivity()),
            Double.isNaN(r.medianDelayDays())
                ? "-"
                : String.format(Locale.ROOT, "%.2f", r.medianDelayDays()),
            r.alertsPerPatientWeek(),
            r.falseAlertsPerPatientWeek(),
            r.casesPerPatientWeek(),
            r.falseCasesPerPatientWeek());
        if (r.detectedByCase() != r.detected()) {
          // Cannot happen while every rule opening opens or joins the case; said loudly if the
          // model changes.
          out.printf(
              Locale.ROOT,
              "WARNING: %s %s: %d episodes detected per rule but %d per case%n",
              arm.getKey(),
              row.getKey(),
              r.detected(),
              r.detectedByCase());
        }
      }
    }
    if (arms.containsKey(EvaluateCommand.FIXED) && arms.containsKey(EvaluateCommand.FULL)) {
      TriageEvaluation.Result fixed = result(EvaluateCommand.FIXED, ALL);
      TriageEvaluation.Result full = result(EvaluateCommand.FULL, ALL);
      double ratio = full.alertsPerPatientWeek() / fixed.alertsPerPatientWeek();
      boolean sensitivityKept = fixed.episodes() == 0 || full.detected() >= fixed.detected();
      out.printf(
          Locale.ROOT,
          "full engine vs fixed limits: alerts per patient-week x%.2f, false alerts per "
              + "patient-week x%.2f, sensitivity %s vs %s; target (at most half the alerts at equal or better "
              + "sensitivity) %s%n",
          ratio,
          full.falseAlertsPerPatientWeek() / fixed.falseAlertsPerPatientWeek(),
          pct(full),
          pct(fixed),
          ratio <= 0.5 && sensitivityKept ? "met" : "NOT met");
      out.printf(
          Locale.ROOT,
          "per case: cases per patient-week x%.2f, false cases per patient-week x%.2f%n",
          full.casesPerPatientWeek() / fixed.casesPerPatientWeek(),
          full.falseCasesPerPatientWeek() / fixed.falseCasesPerPatientWeek());
    }
  }

  private static String byCondition(Map<String, TriageEvaluation.Result> rows) {
    List<String> parts = new ArrayList<>();
    rows.forEach(
        (k, r) -> {
          if (!k.equals(ALL)) parts.add(r.episodes() + " " + k);
        });
    return String.join(", ", parts);
  }

  private static String pct(TriageEvaluation.Result r) {
    return r.episodes() == 0
        ? "-"
        : String.format(
            Locale.ROOT, "%.0f%% (%d/%d)", 100 * r.sensitivity(), r.detected(), r.episodes());
  }

  private static String num(double v) {
    return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
  }
}

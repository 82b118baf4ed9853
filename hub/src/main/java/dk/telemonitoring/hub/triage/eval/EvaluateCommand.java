package dk.telemonitoring.hub.triage.eval;

import dk.telemonitoring.hub.triage.TriageConfig;
import java.util.List;
import java.util.Locale;

/**
 * {@code java -cp hub/target/telemonitoring-hub.jar dk.telemonitoring.hub.triage.eval.EvaluateCommand
 * --patients 200 --weeks 12 --seed 1}: fixed limits alone vs the full engine on labelled synthetic patients.
 */
public final class EvaluateCommand {

  private EvaluateCommand() {}

  public static void main(String[] args) {
    int patients = 200;
    int weeks = 12;
    long seed = 1;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--patients" -> patients = Integer.parseInt(args[i + 1]);
        case "--weeks" -> weeks = Integer.parseInt(args[i + 1]);
        case "--seed" -> seed = Long.parseLong(args[i + 1]);
        default -> {
          System.err.println("usage: EvaluateCommand [--patients N] [--weeks N] [--seed N]");
          System.exit(2);
        }
      }
    }
    List<SyntheticCohort.SimPatient> cohort = SyntheticCohort.generate(patients, weeks, seed);
    System.out.printf(Locale.ROOT, "synthetic cohort: %d patients (%d heart failure), %d weeks after a %d-day run-in, seed %d, %d episodes%n",
        patients, cohort.stream().filter(p -> p.condition() == dk.telemonitoring.hub.triage.Condition.HEART_FAILURE).count(),
        weeks, SyntheticCohort.RUN_IN_DAYS, seed, cohort.stream().filter(p -> p.episode() != null).count());
    System.out.printf(Locale.ROOT, "%-14s %11s %18s %22s %28s%n", "arm", "sensitivity", "median delay (d)",
        "alerts/patient-week", "false alerts/patient-week");
    for (var arm : List.of(
        TriageEvaluation.run("fixed limits", TriageConfig.fixedLimitsOnly(), cohort, weeks, seed),
        TriageEvaluation.run("full engine", TriageConfig.full(), cohort, weeks, seed))) {
      System.out.printf(Locale.ROOT, "%-14s %4d/%-4d %3.0f%% %18.2f %22.3f %28.3f%n", arm.arm(), arm.detected(),
          arm.episodes(), 100 * arm.sensitivity(), arm.medianDelayDays(), arm.alertsPerPatientWeek(),
          arm.falseAlertsPerPatientWeek());
    }
  }
}

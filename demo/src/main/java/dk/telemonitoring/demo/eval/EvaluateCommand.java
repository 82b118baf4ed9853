package dk.telemonitoring.demo.eval;

import dk.telemonitoring.hub.triage.TriageConfig;
import dk.telemonitoring.sim.patient.EpisodeKind;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * {@code java -jar demo/target/telemonitoring-demo.jar evaluate --patients 200 --weeks 12 --seed
 * 1}: fixed limits alone vs the full engine on labelled simulated patients.
 *
 * <p>{@code --source device-sim} (default) replays a device-simulator cohort through the hub's
 * decoder and both arms ({@link DeviceSimEvaluation}); {@code --source synthetic} runs the small
 * self-contained generator ({@link SyntheticCohort}, {@link TriageEvaluation}).
 */
public final class EvaluateCommand {

  public static final String FIXED = "fixed limits";
  public static final String FULL = "full engine";

  static final String USAGE =
      """
      usage: evaluate [--source device-sim|synthetic] [--patients N] [--weeks N] [--seed N]
                             [--episode-rate R] [--copd-rate R] [--hf-rate R] [--fibrosis-rate R] [--perfect-devices]
        --source           device-sim (default): the device simulator's cohort, decoded by the hub's PayloadDecoder;
                           synthetic: the small built-in generator (SpO2, pulse, weight only)
        --episode-rate R   device-sim: episodes per patient-year for every condition (default %s; realistic 1-2)
        --copd-rate R, --hf-rate R, --fibrosis-rate R   device-sim: the same for one condition
        --perfect-devices  device-sim: no faults, duplicates, outages, clock skew; every session done""";

  private EvaluateCommand() {}

  /**
   * The demo jar's {@code evaluate} command; it keeps this class's own argument syntax and usage
   * text.
   */
  @Command(
      name = "evaluate",
      description =
          "Fixed limits alone vs the full triage engine on labelled simulated patients"
              + " (in-process, no broker or database). --help lists the options.")
  public static final class Cli implements Callable<Integer> {
    @Unmatched List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
      if (args.contains("--help") || args.contains("-h")) {
        System.out.println(usage());
        return 0;
      }
      try {
        run(args.toArray(String[]::new), System.out);
        return 0;
      } catch (IllegalArgumentException e) {
        System.err.println(e.getMessage());
        System.err.println(usage());
        return 2;
      }
    }
  }

  public static void main(String[] args) {
    try {
      run(args, System.out);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(usage());
      System.exit(2);
    }
  }

  static String usage() {
    return String.format(Locale.ROOT, USAGE, DeviceSimEvaluation.DEFAULT_EPISODES_PER_YEAR);
  }

  /** Parses the arguments and prints the evaluation. */
  public static void run(String[] args, PrintStream out) {
    String source = "device-sim";
    int patients = 200;
    int weeks = 12;
    long seed = 1;
    Double all = null;
    Double copd = null;
    Double hf = null;
    Double fibrosis = null;
    boolean perfect = false;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--perfect-devices")) {
        perfect = true;
        continue;
      }
      if (i + 1 >= args.length) throw new IllegalArgumentException("missing value for " + a);
      String v = args[++i];
      try {
        switch (a) {
          case "--source" -> source = v;
          case "--patients" -> patients = Integer.parseInt(v);
          case "--weeks" -> weeks = Integer.parseInt(v);
          case "--seed" -> seed = Long.parseLong(v);
          case "--episode-rate" -> all = rate(v);
          case "--copd-rate" -> copd = rate(v);
          case "--hf-rate" -> hf = rate(v);
          case "--fibrosis-rate" -> fibrosis = rate(v);
          default -> throw new IllegalArgumentException("unknown option " + a);
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not a number for " + a + ": " + v);
      }
    }
    switch (source) {
      case "device-sim" -> {
        DeviceSimOptions o =
            DeviceSimOptions.defaults(patients, weeks, seed).withPerfectDevices(perfect);
        if (all != null) o = o.withAllEpisodeRates(all);
        if (copd != null) o = o.withEpisodeRate(EpisodeKind.COPD_EXACERBATION, copd);
        if (hf != null) o = o.withEpisodeRate(EpisodeKind.HF_DECOMPENSATION, hf);
        if (fibrosis != null) o = o.withEpisodeRate(EpisodeKind.FIBROSIS_DECLINE, fibrosis);
        long t0 = System.nanoTime();
        DeviceSimReport report = DeviceSimEvaluation.run(o);
        report.print(out);
        out.printf(Locale.ROOT, "(%.1f s)%n", (System.nanoTime() - t0) / 1e9);
      }
      case "synthetic" -> synthetic(patients, weeks, seed, out);
      default ->
          throw new IllegalArgumentException(
              "unknown source " + source + " (device-sim or synthetic)");
    }
  }

  private static double rate(String v) {
    double r = Double.parseDouble(v);
    if (!(r >= 0)) throw new IllegalArgumentException("an episode rate must be 0 or more: " + v);
    return r;
  }

  private static void synthetic(int patients, int weeks, long seed, PrintStream out) {
    List<SyntheticCohort.SimPatient> cohort = SyntheticCohort.generate(patients, weeks, seed);
    out.printf(
        Locale.ROOT,
        "synthetic cohort: %d patients (%d heart failure), %d weeks after a %d-day run-in, seed %d, %d episodes%n",
        patients,
        cohort.stream()
            .filter(p -> p.condition() == dk.telemonitoring.hub.triage.Condition.HEART_FAILURE)
            .count(),
        weeks,
        SyntheticCohort.RUN_IN_DAYS,
        seed,
        cohort.stream().filter(p -> p.episode() != null).count());
    out.printf(
        Locale.ROOT,
        "%-14s %11s %18s %22s %28s %20s %26s%n",
        "arm",
        "sensitivity",
        "median delay (d)",
        "alerts/patient-week",
        "false alerts/patient-week",
        "cases/patient-week",
        "false cases/patient-week");
    for (var arm :
        List.of(
            TriageEvaluation.run(FIXED, TriageConfig.fixedLimitsOnly(), cohort, weeks, seed),
            TriageEvaluation.run(FULL, TriageConfig.full(), cohort, weeks, seed))) {
      out.printf(
          Locale.ROOT,
          "%-14s %4d/%-4d %3.0f%% %18.2f %22.3f %28.3f %20.3f %26.3f%n",
          arm.arm(),
          arm.detected(),
          arm.episodes(),
          100 * arm.sensitivity(),
          arm.medianDelayDays(),
          arm.alertsPerPatientWeek(),
          arm.falseAlertsPerPatientWeek(),
          arm.casesPerPatientWeek(),
          arm.falseCasesPerPatientWeek());
    }
  }
}

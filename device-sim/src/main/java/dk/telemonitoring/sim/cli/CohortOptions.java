package dk.telemonitoring.sim.cli;

import dk.telemonitoring.sim.cohort.CohortSpec;
import dk.telemonitoring.sim.patient.EpisodeKind;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Which cohort to simulate; the same options give the same patients, devices and episodes. */
public final class CohortOptions {
  @Option(
      names = "--patients",
      defaultValue = "50",
      description = "number of patients (default: ${DEFAULT-VALUE})")
  int patients;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "random seed; same seed, same run (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(
      names = "--copd-share",
      defaultValue = "0.5",
      description = "share of COPD patients (default: ${DEFAULT-VALUE})")
  double copdShare;

  @Option(
      names = "--fibrosis-share",
      defaultValue = "0.2",
      description = "share of pulmonary fibrosis patients (default: ${DEFAULT-VALUE})")
  double fibrosisShare;

  @Option(
      names = "--hf-share",
      defaultValue = "0.3",
      description = "share of heart-failure patients (default: ${DEFAULT-VALUE})")
  double heartFailureShare;

  @Option(
      names = "--copd-episodes-per-year",
      defaultValue = "2.0",
      description = "COPD exacerbations per patient-year (default: ${DEFAULT-VALUE})")
  double copdRate;

  @Option(
      names = "--hf-episodes-per-year",
      defaultValue = "1.5",
      description = "heart-failure decompensations per patient-year (default: ${DEFAULT-VALUE})")
  double hfRate;

  @Option(
      names = "--fibrosis-episodes-per-year",
      defaultValue = "1.0",
      description = "fibrosis FVC declines per patient-year (default: ${DEFAULT-VALUE})")
  double fibrosisRate;

  @Option(
      names = "--warm-up-days",
      defaultValue = "14",
      description = "stable days before the first possible episode (default: ${DEFAULT-VALUE})")
  int warmUpDays;

  @Option(
      names = "--wearable-share",
      defaultValue = "0",
      description =
          "share of COPD/fibrosis patients with a 1 Hz wearable oximeter (default: ${DEFAULT-VALUE})")
  double wearableShare;

  CohortSpec spec(int days, Instant start) {
    Map<EpisodeKind, Double> rates = new EnumMap<>(EpisodeKind.class);
    rates.put(EpisodeKind.COPD_EXACERBATION, copdRate);
    rates.put(EpisodeKind.HF_DECOMPENSATION, hfRate);
    rates.put(EpisodeKind.FIBROSIS_DECLINE, fibrosisRate);
    return new CohortSpec(
        patients,
        days,
        start,
        seed,
        CohortSpec.DEFAULT_ZONE,
        copdShare,
        fibrosisShare,
        heartFailureShare,
        rates,
        Duration.ofDays(warmUpDays),
        wearableShare);
  }

  /** A period that ends now, so that no measurement is dated in the future. */
  static Instant startEndingNow(int days) {
    return Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofDays(days));
  }
}

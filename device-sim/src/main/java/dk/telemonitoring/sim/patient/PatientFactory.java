package dk.telemonitoring.sim.patient;

import dk.telemonitoring.sim.random.Seeds;
import java.util.UUID;
import java.util.random.RandomGenerator;

/**
 * Draws plausible personal baselines per condition. Population numbers are rough clinical orders of
 * magnitude (moderate-severe COPD, IPF, chronic heart failure); what matters for triage testing is
 * that baselines differ between patients, so that population thresholds and personal baselines
 * disagree as they do in real programmes.
 */
public final class PatientFactory {
  private final long seed;

  public PatientFactory(long seed) {
    this.seed = seed;
  }

  public PatientProfile create(int index, Condition condition) {
    long patientSeed = Seeds.mix(seed, index, 0x50A7L);
    RandomGenerator rng = Seeds.stream(patientSeed);
    String key = String.format("sim-%04d", index + 1);
    UUID id =
        new UUID(
            Seeds.mix(patientSeed, 1) & ~0xF000L | 0x4000L,
            Seeds.mix(patientSeed, 2) & 0x3FFFFFFFFFFFFFFFL | 0x8000000000000000L);
    Baseline baseline =
        switch (condition) {
          case COPD -> copd(rng);
          case FIBROSIS -> fibrosis(rng);
          case HEART_FAILURE -> heartFailure(rng);
        };
    double technique = Seeds.clampedGaussian(rng, 0.8, 0.12, 0.4, 1.0);
    boolean oxygen = condition != Condition.HEART_FAILURE && rng.nextDouble() < 0.1;
    return new PatientProfile(key, id, condition, baseline, technique, oxygen, patientSeed);
  }

  private static Baseline copd(RandomGenerator rng) {
    double fev1 = Seeds.clampedGaussian(rng, 1.4, 0.4, 0.6, 2.8);
    double ratio = Seeds.clampedGaussian(rng, 0.52, 0.08, 0.3, 0.69);
    return new Baseline(
        Seeds.clampedGaussian(rng, 93.5, 1.5, 88, 97),
        Seeds.clampedGaussian(rng, 80, 8, 60, 100),
        fev1,
        fev1 / ratio,
        fev1 * Seeds.clampedGaussian(rng, 200, 20, 150, 250),
        Seeds.clampedGaussian(rng, 72, 14, 42, 130),
        Seeds.clampedGaussian(rng, 36.7, 0.2, 36.2, 37.1),
        Seeds.clampedGaussian(rng, 135, 12, 105, 170),
        Seeds.clampedGaussian(rng, 80, 8, 60, 100),
        Seeds.clampedGaussian(rng, 16, 5, 4, 30));
  }

  private static Baseline fibrosis(RandomGenerator rng) {
    double fvc = Seeds.clampedGaussian(rng, 2.4, 0.6, 1.2, 4.0);
    double fev1 = fvc * Seeds.clampedGaussian(rng, 0.82, 0.05, 0.7, 0.92);
    return new Baseline(
        Seeds.clampedGaussian(rng, 94, 1.5, 89, 98),
        Seeds.clampedGaussian(rng, 78, 8, 60, 100),
        fev1,
        fvc,
        fev1 * Seeds.clampedGaussian(rng, 190, 20, 140, 240),
        Seeds.clampedGaussian(rng, 76, 13, 45, 120),
        Seeds.clampedGaussian(rng, 36.7, 0.2, 36.2, 37.1),
        Seeds.clampedGaussian(rng, 132, 12, 105, 170),
        Seeds.clampedGaussian(rng, 78, 8, 60, 100),
        Seeds.clampedGaussian(rng, 14, 5, 3, 30));
  }

  private static Baseline heartFailure(RandomGenerator rng) {
    double fev1 = Seeds.clampedGaussian(rng, 2.4, 0.5, 1.2, 3.8);
    return new Baseline(
        Seeds.clampedGaussian(rng, 95.5, 1.2, 91, 99),
        Seeds.clampedGaussian(rng, 72, 9, 52, 95),
        fev1,
        fev1 / 0.76,
        fev1 * 190,
        Seeds.clampedGaussian(rng, 85, 15, 50, 140),
        Seeds.clampedGaussian(rng, 36.6, 0.2, 36.1, 37.0),
        Seeds.clampedGaussian(rng, 122, 14, 95, 160),
        Seeds.clampedGaussian(rng, 74, 8, 55, 95),
        Seeds.clampedGaussian(rng, 10, 4, 2, 25));
  }
}

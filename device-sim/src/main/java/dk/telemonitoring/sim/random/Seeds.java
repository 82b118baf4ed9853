package dk.telemonitoring.sim.random;

import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Derives independent, reproducible random streams from one run seed.
 *
 * <p>Values that must not depend on the order in which they are asked for (a patient's variation on
 * a given day) get their own stream keyed by (seed, patient, day, channel), so a replay that skips
 * a day or a test that samples one day sees exactly the values a full run would.
 */
public final class Seeds {
  private Seeds() {}

  /** A generator for the given key parts; same parts, same sequence. */
  public static RandomGenerator stream(long... parts) {
    return new SplittableRandom(mix(parts));
  }

  public static long mix(long... parts) {
    long h = 0x9E3779B97F4A7C15L;
    for (long p : parts) {
      h = splitMix(h ^ p);
    }
    return h;
  }

  private static long splitMix(long z) {
    z += 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Normal draw clamped to [min, max], for baselines that must stay physiologically plausible. */
  public static double clampedGaussian(
      RandomGenerator rng, double mean, double sd, double min, double max) {
    return Math.max(min, Math.min(max, mean + sd * rng.nextGaussian()));
  }
}
